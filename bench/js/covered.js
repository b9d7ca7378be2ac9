// Whether what lies at a map-container point is something other than the feature's own
// drawing: a map control (the layer panel, the overview inset) or a neighbour's target.
([x, y, id]) => {
  const r = window.map.getContainer().getBoundingClientRect();
  const el = document.elementFromPoint(r.left + x, r.top + y);
  if (!el || el.closest('.leaflet-control')) return true;
  let own = false;
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.id === id && (l._path === el || (l._icon && l._icon.contains(el)))) own = true;
  });
  return !own;
}
