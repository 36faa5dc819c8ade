/* The report map: tap (or drag, or "use my location") to put a pin; it fills the hidden lat/lon
 * fields of the plain form, which works without this script. The city limits and districts come
 * from the pack; a tile layer is added only when the site names a tile server. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el || !window.L || !window.fetch) { return; }
  var block = document.getElementById("map-block");
  var form = el.closest("form");
  var lat = form.querySelector("[name=lat]");
  var lon = form.querySelector("[name=lon]");
  var pinned = form.querySelector("[name=pinned]");
  var resolved = form.querySelector("[name=resolved]");
  var address = form.querySelector("[name=address]");
  var status = document.getElementById("map-status");
  var data = el.dataset;
  var boundary = null;
  var marker = null;

  block.hidden = false;
  L.Icon.Default.imagePath = data.icons;
  var map = L.map(el, { attributionControl: Boolean(data.tiles) });
  map.setView([parseFloat(data.lat), parseFloat(data.lon)], 14);
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  }

  function say(text) { status.textContent = text; }

  function inside(latlng) {
    if (!boundary) { return true; }
    var point = [latlng.lng, latlng.lat];
    var found = false;
    boundary.eachLayer(function (layer) {
      if (found || !layer.feature || layer.feature.properties.kind !== "boundary") { return; }
      found = polygonContains(layer.feature.geometry, point);
    });
    return found;
  }

  function ringContains(ring, point) {
    var x = point[0], y = point[1], hit = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if (((yi > y) !== (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) { hit = !hit; }
    }
    return hit;
  }

  function polygonContains(geometry, point) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.some(function (rings) {
      if (!ringContains(rings[0], point)) { return false; }
      return !rings.slice(1).some(function (hole) { return ringContains(hole, point); });
    });
  }

  function place(latlng, fromAddress) {
    if (!inside(latlng)) {
      say(data.outside);
      return;
    }
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.marker(latlng, { draggable: true, keyboard: true, title: data.placed }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), false); });
    }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    pinned.value = fromAddress ? "" : "1";
    say(data.placed);
    if (fromAddress) { resolved.value = address.value; return; }
    fetch(data.addresses + "?lat=" + lat.value + "&lon=" + lon.value, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.results.length) { return; }
        var near = answer.results[0].address;
        say(data.placed + " " + data.near + " " + near);
        if (!address.value || address.dataset.filled === "1") {
          address.value = near;
          address.dataset.filled = "1";
        }
      })
      .catch(function () { /* the pin alone is enough */ });
  }

  fetch(data.geojson).then(function (response) { return response.json(); }).then(function (geojson) {
    boundary = L.geoJSON(geojson, {
      style: function (feature) {
        return feature.properties.kind === "boundary"
          ? { color: "#1a4480", weight: 3, fillColor: "#73b3e7", fillOpacity: 0.08 }
          : { color: "#565c65", weight: 1, dashArray: "4 4", fill: false };
      },
      onEachFeature: function (feature, layer) {
        if (feature.properties.kind === "district") { layer.bindTooltip(feature.properties.name); }
      }
    }).addTo(map);
    // A tap on the city's own shapes is a tap on the map.
    boundary.on("click", function (event) { place(event.latlng, false); });
    if (data.pinned !== "1") { map.fitBounds(boundary.getBounds()); }
  });

  if (data.pinned === "1") { place(L.latLng(parseFloat(data.lat), parseFloat(data.lon)), pinned.value !== "1"); }

  map.on("click", function (event) { place(event.latlng, false); });
  address.addEventListener("input", function () { address.dataset.filled = ""; });
  form.querySelectorAll("[name=address_choice]").forEach(function (choice) {
    choice.addEventListener("change", function () {
      var latlng = L.latLng(parseFloat(choice.dataset.lat), parseFloat(choice.dataset.lon));
      map.setView(latlng, 17);
      place(latlng, true);
    });
  });
  document.getElementById("map-centre").addEventListener("click", function () { place(map.getCenter(), false); });
  document.getElementById("map-clear").addEventListener("click", function () {
    if (marker) { map.removeLayer(marker); marker = null; }
    lat.value = ""; lon.value = ""; pinned.value = ""; resolved.value = "";
    say("");
  });
  var locate = document.getElementById("map-locate");
  if (!navigator.geolocation) { locate.hidden = true; }
  locate.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
      map.setView(latlng, 17);
      place(latlng, false);
    }, function () { say(locate.dataset.failed || ""); }, { enableHighAccuracy: true, timeout: 10000 });
  });
}());
