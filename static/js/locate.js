/* "Meinen Standort verwenden": fills the near field (search page and guided paths) with the browser's location as "lat,lon".
   Progressive enhancement: the button is hidden in the HTML and only shown here, when the browser can
   locate (secure context, Geolocation API). The position is rounded to about 100 m before it goes into
   the form, because the search URL is shareable and ends up in logs. No request leaves the page. */
(function () {
  "use strict";
  if (!window.isSecureContext || !("geolocation" in navigator)) {
    return;
  }
  var DECIMALS = 3;

  function setUp(box) {
    var button = box.querySelector("[data-locate-button]");
    var input = box.querySelector("input[name=near]");
    var status = box.querySelector("[data-locate-status]");
    if (!button || !input) {
      return;
    }
    function say(message) {
      if (status) {
        status.textContent = message || "";
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      say(button.getAttribute("data-msg-working"));
      navigator.geolocation.getCurrentPosition(
        function (position) {
          input.value = position.coords.latitude.toFixed(DECIMALS) + "," +
            position.coords.longitude.toFixed(DECIMALS);
          button.disabled = false;
          say(button.getAttribute("data-msg-done"));
          input.focus();
        },
        function (error) {
          button.disabled = false;
          say(button.getAttribute(error && error.code === 1 ? "data-msg-denied" : "data-msg-failed"));
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-locate]");
    for (var i = 0; i < boxes.length; i += 1) {
      setUp(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
