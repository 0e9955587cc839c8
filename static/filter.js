// The filter by section and product of the timeline and the year pages
// (templates/_filter.html), with no server: it hides the entries that do
// not match and the groups (years, months) left empty, and says how many
// show. Without it the form stays
// hidden and every entry shows.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form) return;
  var entries = document.querySelectorAll("li.entry[data-s]");
  var groups = document.querySelectorAll("section.month, section.year, section.group");
  var count = form.querySelector(".filter-count");

  // Whether an entry is in section `s` (or one of its subsections) and
  // mentions product `p`; an empty choice matches every entry.
  function matches(entry, s, p) {
    var section = entry.getAttribute("data-s");
    var products = " " + (entry.getAttribute("data-p") || "") + " ";
    return (!s || section === s || section.indexOf(s + "/") === 0) &&
      (!p || products.indexOf(" " + p + " ") >= 0);
  }

  function apply() {
    var s = form.elements.s ? form.elements.s.value : "";
    var p = form.elements.p ? form.elements.p.value : "";
    var shown = 0;
    for (var i = 0; i < entries.length; i++) {
      var ok = matches(entries[i], s, p);
      entries[i].hidden = !ok;
      if (ok) shown++;
    }
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = !groups[j].querySelector("li.entry:not([hidden])");
    }
    count.textContent = form.getAttribute("data-count")
      .replace("{shown}", String(shown))
      .replace("{n}", String(entries.length));
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
