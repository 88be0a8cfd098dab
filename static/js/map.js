/* The results map: markers for the offers, the search origin and radius. Loaded only after the reader
   chose "Karte laden". The list on the page stays the primary view; every marker links to an offer there. */
(function () {
  "use strict";

  function popupFor(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.title;
    box.appendChild(link);
    if (marker.place) {
      var place = document.createElement("div");
      place.textContent = marker.place;
      box.appendChild(place);
    }
    return box;
  }

  function show(container) {
    var source = document.getElementById(container.getAttribute("data-map"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true });
    map.attributionControl.setPrefix(false);
    L.tileLayer(container.getAttribute("data-tile-url"), {
      attribution: container.getAttribute("data-attribution"),
      maxZoom: 19
    }).addTo(map);

    var points = [];
    data.markers.forEach(function (m) {
      L.marker([m.lat, m.lon], { title: m.title, alt: m.title, keyboard: true })
        .bindPopup(popupFor(m))
        .addTo(map);
      points.push([m.lat, m.lon]);
    });
    if (data.origin) {
      var label = container.getAttribute("data-origin-label") + ": " + data.origin.label;
      L.circleMarker([data.origin.lat, data.origin.lon], { radius: 8, weight: 3, color: "#8a3b00" })
        .bindTooltip(label)
        .addTo(map);
      points.push([data.origin.lat, data.origin.lon]);
      if (data.radius_km) {
        var centre = L.latLng(data.origin.lat, data.origin.lon);
        L.circle(centre, {
          radius: data.radius_km * 1000, weight: 2, fill: false, color: "#8a3b00", interactive: false
        }).addTo(map);
        // The circle's own bounds need a map view; a square of the same size does not.
        var square = centre.toBounds(data.radius_km * 2000);
        points.push(square.getNorthEast(), square.getSouthWest());
      }
    }
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
    } else if (points.length === 1) {
      map.setView(points[0], 15);
    } else {
      map.setView([data.centre.lat, data.centre.lon], 12);
    }
  }

  document.querySelectorAll("[data-map]").forEach(show);
})();
