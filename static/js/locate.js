/* "Meinen Standort verwenden": fills the place field with the browser's location ("lat,lon").
   Optional: the form works without it. The location goes only to this site, as part of the form. */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-locate"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        field.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        button.disabled = false;
        field.focus();
      }, function () {
        button.disabled = false;
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
    });
  });
})();
