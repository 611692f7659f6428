// Served by `publisher serve` only: reloads the page after each rebuild, and on the catalogue
// adds a preview link to each entry that has an EPUB.
(function () {
  var me = document.currentScript, seen = me.getAttribute("data-generation");
  var events = new EventSource("/_publisher/events?since=" + seen);
  events.addEventListener("reload", function () { events.close(); location.reload(); });
  var label = me.getAttribute("data-preview");
  Array.prototype.forEach.call(document.querySelectorAll("[data-entry]"), function (entry) {
    var list = entry.querySelector(".downloads");
    if (!list || !list.querySelector('a[type="application/epub+zip"]')) return;
    var item = document.createElement("li"), link = document.createElement("a");
    link.href = "/preview/" + encodeURIComponent(entry.getAttribute("data-slug")) + "/";
    link.textContent = label;
    link.lang = document.documentElement.lang;  // the server's word, not the entry's
    link.dir = document.documentElement.dir;
    item.appendChild(link);
    list.appendChild(item);
  });
})();
