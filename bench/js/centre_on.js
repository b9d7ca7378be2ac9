// Centre the map on the feature, one zoom level closer (without animation).
(_body, id) => {
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.id === id && l.getLatLng && l.options.radius < 100)
      window.map.setView(l.getLatLng(), window.map.getZoom() + 1, {animate: false});
  });
}
