// The catalogue's search and language filter. Without JavaScript the form stays hidden and
// the page is the whole list; with it, entries that do not match are hidden as one types.
(function () {
  "use strict";
  var form = document.getElementById("find");
  if (!form) return;
  var text = document.getElementById("find-text");
  var language = document.getElementById("find-language");
  var status = document.getElementById("find-status");
  var none = document.getElementById("find-none");
  var entries = Array.prototype.slice.call(document.querySelectorAll("[data-entry]"));
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // Case, accents and harakat aside; Arabic yeh and kaf match Persian ones.
  function fold(value) {
    return value.normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .replace(/\u064a/g, "\u06cc").replace(/\u0643/g, "\u06a9").toLocaleLowerCase();
  }

  var haystacks = entries.map(function (entry) {
    return fold(entry.getAttribute("data-search") || "");
  });

  function apply() {
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var wanted = language ? language.value : "";
    var shown = 0;
    entries.forEach(function (entry, i) {
      var match = (!wanted || entry.getAttribute("data-language") === wanted) &&
        words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
      entry.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = status.getAttribute("data-template")
      .replace("{shown}", numbers.format(shown))
      .replace("{total}", numbers.format(entries.length));
    none.hidden = shown > 0;
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  text.addEventListener("input", apply);
  if (language) language.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();
