// Type-ahead for the offer search on a measure. The form is a plain GET form that works without JavaScript;
// with it, the results below the field follow the typing (the same page, fetched and swapped in).
(function () {
  "use strict";
  document.querySelectorAll("form[data-typeahead]").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var target = document.getElementById(form.getAttribute("data-typeahead"));
    if (!input || !target) return;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = form.action.split("#")[0] + "?q=" + encodeURIComponent(input.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) return;
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(target.id);
            if (fresh) target.innerHTML = fresh.innerHTML;
          });
      }, 250);
    });
  });
})();
