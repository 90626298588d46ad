/* Maps drawn from data attributes (no inline script): country outlines and markers come from this site, the
   tile background is optional and its failure only shows a note. Names are set as text, never as HTML. */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function popup(point, box) {
    var div = el("div", "", { "class": "popup" });
    var link = el("a", point.name, { href: point.link });
    div.appendChild(link);
    if (point.projects !== undefined) {
      div.appendChild(el("div", box.dataset.labelProjects + ": " + point.projects + " · " +
                                box.dataset.labelMentions + ": " + point.mentions));
      if (point.eur) div.appendChild(el("div", Math.round(point.eur).toLocaleString() + " EUR"));
    }
    return div;
  }

  function radius(point, size, top) {
    if (point.projects === undefined && point.n === 1) return 7;
    var value = size === "eur" ? point.eur : (point.projects !== undefined ? point.projects + point.mentions / 4 : point.n || 1);
    return 4 + 18 * Math.sqrt((value || 0) / (top || 1));
  }

  function draw(box) {
    if (!window.L) return;
    var points = JSON.parse(box.dataset.points || "[]");
    var size = box.dataset.size || "projects";
    var map = L.map(box, { scrollWheelZoom: box.dataset.map === "big", attributionControl: true });
    map.setView([43.9, 18.7], 6);
    if (box.dataset.tiles) {
      var failed = false;
      var tiles = L.tileLayer(box.dataset.tiles, {
        maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
      });
      tiles.on("tileerror", function () {
        if (failed) return;
        failed = true;
        box.parentNode.insertBefore(el("p", box.dataset.tilesFailed, { "class": "notice-inline tiles-failed" }),
                                    box.nextSibling);
      });
      tiles.addTo(map);
    }
    if (box.dataset.outlines) {
      fetch(box.dataset.outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
        if (!geo) return;
        var layer = L.geoJSON(geo, {
          style: function (f) {
            return { color: "#5b6b7a", weight: f.properties.region ? 1.4 : 0.6, fillColor: "#e9eef2",
                     fillOpacity: f.properties.region ? 0.35 : 0.1, interactive: false };
          }
        }).addTo(map);
        layer.bringToBack();
      }).catch(function () {});
    }
    var top = 0;
    points.forEach(function (p) {
      var v = size === "eur" ? p.eur : (p.projects !== undefined ? p.projects + p.mentions / 4 : p.n || 1);
      if (v > top) top = v;
    });
    var bounds = [];
    points.forEach(function (p, i) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: radius(p, size, top), color: "#14506e", weight: 1,
        fillColor: (box.dataset.map === "mini" && i === 0) ? "#d9572b" : "#1f7aa8", fillOpacity: 0.6
      });
      marker.bindPopup(popup(p, box));
      marker.bindTooltip(p.name);
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 9);
    else if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
