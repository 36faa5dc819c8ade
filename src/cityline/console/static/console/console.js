/* The console's keyboard: every outcome of a call and every common queue step has a key.
   Keys are matched by physical key (event.code), so Alt combinations work on every layout. */
(function () {
  "use strict";
  document.documentElement.classList.add("cl-js");

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function click(selector) {
    var element = $(selector);
    if (element) { element.click(); return true; }
    return false;
  }

  // --- the call timer -------------------------------------------------------------------------
  var call = $("#call");
  if (call && call.dataset.started) {
    var started = Date.parse(call.dataset.started);
    var timer = $("#call-timer");
    var tick = function () {
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var minutes = Math.floor(seconds / 60);
      timer.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
    };
    tick();
    setInterval(tick, 1000);
  }

  // Outcome forms carry what was typed and the caller's language at the moment they are sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("cl-outcome")) return;
    var text = $("#call-text"), language = $("#call-language");
    if (text && form.elements.text) form.elements.text.value = text.value;
    if (language && form.elements.language) form.elements.language.value = language.value;
  }, true);

  // A description field that follows the call text until the call-taker edits it.
  function follow(root) {
    $all("[data-follows]", root).forEach(function (field) {
      var source = $(field.dataset.follows);
      if (!source) return;
      var edited = false;
      field.addEventListener("input", function () { edited = true; });
      source.addEventListener("input", function () { if (!edited) field.value = source.value; });
    });
    $all("#case-address", root).forEach(function (field) {
      field.addEventListener("input", function () {
        // A typed address is looked up again when the case is opened.
        var lat = $("#case-lat"), lon = $("#case-lon"), found = $("#address-found");
        if (lat) lat.value = ""; if (lon) lon.value = ""; if (found) found.remove();
      });
    });
  }
  follow(document);

  // Focus the first thing still to answer when a form appears in the work panel.
  function focusWork(root) {
    var first = $("[data-focus-first]", root);
    if (first && first.tagName === "FIELDSET") first = $("input", first);
    if (!first) first = $("[data-submit]", root);
    if (first) first.focus();
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id === "work") { follow(event.detail.target); focusWork(event.detail.target); }
  });
  var work = $("#work");
  if (work && work.children.length) {
    var invalid = $(".usa-form-group--error input, .usa-form-group--error textarea", work);
    if (invalid) invalid.focus(); else focusWork(work);
  }

  function closeWork() {
    var panel = $("#work");
    if (panel && panel.children.length) {
      panel.innerHTML = "";
      var text = $("#call-text");
      if (text) text.focus();
      return true;
    }
    return false;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-close-work]");
    if (link) { event.preventDefault(); closeWork(); }
  });

  // --- keys -----------------------------------------------------------------------------------
  var altKeys = {
    KeyN: function () { return click("[data-key=start]") || (location.href = "/console/calls/", true); },
    KeyK: function () { return click("[data-key=answer]"); },
    KeyT: function () { return click("[data-key=transfer]"); },
    Digit9: function () { return click("[data-key=emergency]"); },
    KeyU: function () { return click("[data-key=escalate]"); },
    KeyH: function () { return click("[data-key=hangup]"); },
    KeyS: function () { var q = $("#lookup-q"); if (q) { q.focus(); q.select(); return true; } return false; },
    KeyL: function () {
      var select = $("#call-language");
      if (!select) return false;
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      var digit = /^Digit([1-8])$/.exec(event.code);
      var handled = digit ? click('[data-pick="' + digit[1] + '"]') : altKeys[event.code] && altKeys[event.code]();
      if (handled) event.preventDefault();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var form = (event.target.form) || $("#work form") || null;
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (event.key === "Escape") {
      if (closeWork()) event.preventDefault();
      return;
    }
    // Enter in the status look-up with exactly one case found: status given.
    if (event.key === "Enter" && event.target.id === "lookup-q") {
      var buttons = $all("#lookup-results [data-key=status]");
      if (buttons.length === 1) { event.preventDefault(); buttons[0].click(); }
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "/") {
      var search = $("#search-q") || $("#global-search");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    queueKeys(event);
  });

  // --- the queue: j/k move, x selects, Enter opens ---------------------------------------------
  var current = -1;
  function rows() { return $all("tr.cl-row-case"); }
  function mark(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("cl-current", i === current); });
    all[current].scrollIntoView({ block: "nearest" });
  }
  function queueKeys(event) {
    var all = rows();
    if (!all.length) return;
    if (event.key === "j") { mark(current + 1); event.preventDefault(); }
    else if (event.key === "k") { mark(current - 1); event.preventDefault(); }
    else if (event.key === "x" && current >= 0) {
      var box = $("input[type=checkbox]", all[current]);
      if (box) { box.checked = !box.checked; event.preventDefault(); }
    } else if (event.key === "Enter" && current >= 0) { location.href = all[current].dataset.href; }
  }
  var selectAll = $("#select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      $all("#queue-rows input[type=checkbox]").forEach(function (box) { box.checked = selectAll.checked; });
    });
  }

  // --- response templates fill the note they are for -----------------------------------------------
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.dataset || !select.dataset.templateTarget) return;
    var option = select.options[select.selectedIndex];
    var target = document.getElementById(select.dataset.templateTarget);
    if (target && option && option.dataset.text) { target.value = option.dataset.text; target.focus(); }
  });

  // --- the case map: the city's outline and the case's point, no tile server ------------------------
  var map = $("#case-map");
  if (map && window.L) {
    var shapes = JSON.parse(($("#city-map") || { textContent: "null" }).textContent) || {};
    var leaflet = L.map(map, { attributionControl: false, zoomSnap: 0.25 });
    var outline = shapes.boundary ? L.geoJSON(shapes.boundary, { style: { color: "#1b2b48", weight: 2, fillOpacity: 0.04 } }) : null;
    var districts = (shapes.districts || []).map(function (district) {
      return L.geoJSON(district.geometry, { style: { color: "#71767a", weight: 1, dashArray: "4 4", fill: false } })
        .bindTooltip(district.name, { sticky: true });
    });
    // The view comes first: Leaflet cannot draw a shape on a map that has no view yet.
    if (outline) leaflet.fitBounds(outline.getBounds());
    var hasPoint = map.dataset.lat && map.dataset.lon;
    if (hasPoint && !outline) leaflet.setView([parseFloat(map.dataset.lat), parseFloat(map.dataset.lon)], 14);
    if (!outline && !hasPoint) { map.hidden = true; }
    else {
      if (outline) outline.addTo(leaflet);
      districts.forEach(function (layer) { layer.addTo(leaflet); });
      if (hasPoint) {
        L.circleMarker([parseFloat(map.dataset.lat), parseFloat(map.dataset.lon)],
          { radius: 9, color: "#b50909", weight: 3, fillOpacity: 0.8 }).addTo(leaflet);
      }
    }
  }
})();
