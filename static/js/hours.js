// "Weitere Zeile" for opening hours: with JavaScript a new empty row appears at once; without it the button
// submits the form, which comes back with one more row. Loaded as a file: the Content Security Policy forbids
// inline scripts.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-add-hour-row]");
  if (!button) return;
  var body = document.querySelector(".hours-table tbody");
  var last = body && body.lastElementChild;
  if (!last) return;
  event.preventDefault();
  var index = body.children.length;
  var row = last.cloneNode(true);
  row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
    ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
      var value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/hours-\d+-/g, "hours-" + index + "-"));
    });
    if (el.matches("input")) el.value = "";
    if (el.matches("select")) el.selectedIndex = 0;
    el.removeAttribute("aria-invalid");
  });
  row.querySelectorAll(".errors").forEach(function (el) { el.remove(); });
  row.querySelectorAll("label").forEach(function (label) {
    label.textContent = label.textContent.replace(/\d+\)\s*$/, (index + 1) + ")");
  });
  body.appendChild(row);
  var first = row.querySelector("select, input");
  if (first) first.focus();
});
