/* Open the question a link points at (#id), on load and on in-page jumps; open all answers for printing. */
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = [].filter.call(document.querySelectorAll(".faq details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
})();
