// The published page keeps its Leaflet map in a folium-named global, named in
// <body data-dz-map>; the harness and helpers read `window.map`, as in the app's iframe.
Object.defineProperty(window, 'map', {configurable: true, get() {
  const name = document.body && document.body.dataset.dzMap;
  return name ? window[name] : undefined;
}});
