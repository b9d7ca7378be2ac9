// The reader's hold on the map (geo.map's folium map, in this page or in the app's map
// frame): it hears a click on any feature the model has (or Enter on a focused one: the
// map's access.js fires the same click), outlines the chosen features, brings them into
// view, and sets and follows the map's day. `win` is the window that holds Leaflet and the
// map: this page's, or the frame's (same origin).

const OUTLINE = { color: "#000000", weight: 4, opacity: 0.9, fill: false };
const RING_RADIUS = 14;
// A choice brings its places into view at this zoom at most (a point would fill the map).
const MAX_ZOOM = 11;

export function createMapView(win, map, model, onChoose) {
  const L = win.L;
  let outline = null;
  let setting = false;

  if (!map.getPane("dzSelection")) {
    const pane = map.createPane("dzSelection");
    pane.style.zIndex = 635; // above force symbols (600), below labels and places
    pane.style.pointerEvents = "none";
  }

  // Every layer drawn for a feature carries its id (geo.map's client GeoJSON); layers
  // added later (a layer switched on) are heard too.
  function listen(layer) {
    const props = layer.feature && layer.feature.properties;
    if (!props || typeof props.id !== "string" || layer._dzReader || !model.places[props.id]) return;
    layer._dzReader = true;
    layer.on("click", () => onChoose(props.id));
  }
  map.eachLayer(listen);
  map.on("layeradd", (e) => listen(e.layer));

  // A point has no bounds in the model: its position is all of it.
  const boxOf = (item) => item.bounds || [item.at, item.at];

  // The feature's named shape (the one with a keyboard label): the hit circle of a place,
  // the outline of a province or the zone, a force symbol's position; its box when it is
  // not drawn now (a layer switched off, another day).
  function outlineOne(id, style, group) {
    let drawn = false;
    map.eachLayer((layer) => {
      const props = layer.feature && layer.feature.properties;
      if (!props || props.id !== id || typeof props.label !== "string") return;
      drawn = true;
      if (layer.getLatLng) {
        L.circleMarker(layer.getLatLng(), { ...style, radius: RING_RADIUS, weight: 3 }).addTo(group);
      } else if (layer.toGeoJSON) {
        const shape = layer.toGeoJSON();
        shape.properties = {}; // no id or label: nothing mistakes it for a feature
        L.geoJSON(shape, { ...style, style: () => style }).addTo(group);
      }
    });
    if (drawn) return;
    const item = model.places[id];
    if (!item.bounds) L.circleMarker(item.at, { ...style, radius: RING_RADIUS, weight: 3 }).addTo(group);
    else L.rectangle(item.bounds, style).addTo(group);
  }

  function bounds(ids) {
    const box = L.latLngBounds([]);
    ids.forEach((id) => box.extend(boxOf(model.places[id])));
    return box;
  }

  return {
    win,
    map,
    outlined: [], // the ids outlined now
    // Outline these features (ids, or none).
    outline(ids) {
      if (outline) {
        map.removeLayer(outline);
        outline = null;
      }
      const known = ids.filter((id) => model.places[id]);
      this.outlined = known;
      if (!known.length) return;
      const style = { ...OUTLINE, pane: "dzSelection", interactive: false, className: "dz-selection" };
      const group = L.featureGroup();
      known.forEach((id) => outlineOne(id, style, group));
      outline = group.addTo(map);
    },
    // Bring these features into view, framed clear of the map's layer panel (its view.js),
    // at the zoom that fits them, MAX_ZOOM at most (a point: MAX_ZOOM). A choice ("frame")
    // moves the map unless it shows them already at that zoom or closer; a link ("show")
    // only when they are out of view, so that the story's view stays around them.
    reveal(ids, animate, how = "frame") {
      const known = ids.filter((id) => model.places[id]);
      if (!known.length) return;
      const box = bounds(known);
      const visible = map.dzView ? map.dzView.visible() : map.getBounds();
      const fits = Math.min(map.getBoundsZoom(box), MAX_ZOOM);
      if (visible.contains(box) && (how === "show" || map.getZoom() >= fits)) return;
      if (map.dzView) map.dzView.frame(box, { maxZoom: MAX_ZOOM, animate });
      else map.fitBounds(box, { maxZoom: MAX_ZOOM, animate });
    },
    // The map's day (its time.js: window.dzTime), and the day it moves to by itself.
    setDay(day) {
      if (!win.dzTime || typeof win.dzTime.set !== "function") return;
      setting = true;
      try {
        win.dzTime.set(day);
      } finally {
        setting = false;
      }
    },
    onDay(handler) {
      win.addEventListener("dz-time", (e) => {
        if (!setting && e.detail && e.detail.day) handler(e.detail.day);
      });
    },
    // The force layers on the map now (its layers.js).
    layers() {
      return map.dzLayers ? map.dzLayers.active() : null;
    },
    // What the map refused of the link (view=, layers=): {name: raw value}.
    rejected() {
      return (map.dzUrl && map.dzUrl.rejected) || {};
    },
    document: map.getContainer().ownerDocument,
  };
}
