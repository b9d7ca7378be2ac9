{#- geo.map.features.MapGeoJson's script: folium's GeoJson, shorter (one pair of hover
    listeners per layer, not per feature; the data added directly). Rendered by folium. -#}
{% macro script(this, kwargs) %}
{%- set name = this.get_name() %}
{%- if this.style %}
function {{ name }}_styler(feature) {
    switch ({{ this.feature_identifier }}) {
        {%- for style, ids in this.style_map.items() if not style == 'default' %}
        {% for id in ids %}case {{ id|tojson }}: {% endfor %}return {{ style }};
        {%- endfor %}
        default: return {{ this.style_map['default'] }};
    }
}
{%- endif %}
{%- if this.marker %}
function {{ name }}_pointToLayer(feature, latlng) {
    var opts = {{ this.marker.options|tojavascript }};
    {%- if this.marker._name == 'Marker' and this.marker.icon %}
    opts.icon = new L.{{ this.marker.icon._name }}({{ this.marker.icon.options|tojavascript }});
    {%- endif %}
    {%- if this.style_function %}
    Object.assign({% if this.marker.icon %}opts.icon.options{% else %}opts{% endif %},
        {{ name }}_styler(feature));
    {%- endif %}
    return new L.{{ this.marker._name }}(latlng, opts);
}
{%- endif %}
var {{ name }} = L.geoJson(null, {
    {%- if this.smooth_factor is not none %}
    smoothFactor: {{ this.smooth_factor|tojson }},
    {%- endif %}
    {%- if this.style %}
    style: {{ name }}_styler,
    {%- endif %}
    {%- if this.marker %}
    pointToLayer: {{ name }}_pointToLayer,
    {%- endif %}
    ...{{ this.options|tojavascript }}
});
{%- if this.highlight %}
{{ name }}.on("mouseover", function (e) {
    if (typeof e.layer.setStyle !== "function") return;
    switch ({{ this.feature_identifier|replace("feature.", "e.layer.feature.") }}) {
        {%- for style, ids in this.highlight_map.items() if not style == 'default' %}
        {% for id in ids %}case {{ id|tojson }}: {% endfor %}e.layer.setStyle({{ style }}); return;
        {%- endfor %}
        default: e.layer.setStyle({{ this.highlight_map['default'] }});
    }
});
{{ name }}.on("mouseout", function (e) {
    if (typeof e.layer.setStyle === "function") {{ name }}.resetStyle(e.layer);
});
{%- endif %}
{{ name }}.addData({{ this.data|tojson }});
{%- if not this.style %}
{{ name }}.setStyle(function (feature) { return feature.properties.style; });
{%- endif %}
{% endmacro %}
