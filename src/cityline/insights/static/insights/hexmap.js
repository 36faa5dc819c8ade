/* The hotspot map: hexagons shaded by the number of cases, over the city boundary. No tile
   server is needed (or used): the map draws only the city's own shapes. Without JavaScript the
   table under the map gives the same figures. */
(function () {
  "use strict";
  var element = document.getElementById("hexmap");
  if (!element || !window.L) { return; }
  var cells = JSON.parse(document.getElementById("hotspots-data").textContent);
  var boundaryScript = document.getElementById("city-boundary");
  var boundary = boundaryScript ? JSON.parse(boundaryScript.textContent) : null;
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true, scrollWheelZoom: false });
  var peak = 0;
  cells.features.forEach(function (f) { peak = Math.max(peak, f.properties.cases); });
  var shades = ["#e7f2f5", "#99deea", "#00bde3", "#0076d6", "#1a4480"];
  function shade(count) {
    if (!peak) { return shades[0]; }
    var index = Math.min(shades.length - 1, Math.floor((count / peak) * shades.length));
    return shades[index];
  }
  var outline = boundary ? L.geoJSON(boundary, { style: { color: "#1b1b1b", weight: 2, fill: false }, interactive: false }).addTo(map) : null;
  var hexes = L.geoJSON(cells, {
    style: function (f) { return { color: "#565c65", weight: 1, fillColor: shade(f.properties.cases), fillOpacity: 0.75 }; },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(f.properties.cases + " · " + (f.properties.district || f.properties.cell));
    }
  }).addTo(map);
  var bounds = outline ? outline.getBounds() : hexes.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([0, 0], 2); }
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "cl-map-legend");
    var step = peak / shades.length;
    div.innerHTML = shades.map(function (colour, i) {
      var low = Math.ceil(i * step), high = Math.floor((i + 1) * step);
      return '<div><i style="background:' + colour + '"></i>' + low + "–" + high + "</div>";
    }).join("");
    return div;
  };
  legend.addTo(map);
})();
