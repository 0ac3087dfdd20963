// dermapress preview: reloads this page after each rebuild, keeps the scroll
// position, swaps stylesheets when only CSS changed, and shows build errors
// over the page. Injected by `dermapress watch` only; never in public/.
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]build=(\d+)/.exec(script.src);
  var shown = match ? Number(match[1]) : -1;
  var scrollKey = "dermapress:scroll:" + location.pathname;
  var OVERLAY = "dermapress-overlay";

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var y = Number(saved);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off; reloading still works */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) {}
    location.reload();
  }

  function swapStyles(build) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("dermapress", String(build));
      links[i].href = url.pathname + url.search;
    }
    shown = build;
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (style) e.setAttribute("style", style);
    return e;
  }

  function hideProblems() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  // Built with textContent only: file text in messages is never read as HTML.
  function showProblems(problems) {
    hideProblems();
    var box = el("div", null,
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.97);" +
      "color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px");
    box.id = OVERLAY;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build errors");
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    box.appendChild(el("h2", "The last save has " + errors + (errors === 1 ? " error" : " errors") +
      "; this page shows the last good version", "font-size:18px;margin:0 0 16px;color:#ff9a9a"));
    problems.forEach(function (p) {
      var item = el("div", null, "margin:0 0 18px");
      item.className = "dermapress-problem";
      item.appendChild(el("div", p.location + ": " + p.severity + ": " + p.message, "font-weight:bold"));
      if (p.excerpt) {
        var number = p.line > 0 ? String(p.line) : "";
        var pad = number.replace(/./g, " ");
        var shown = number + " | " + p.excerpt;
        if (p.column > 0) {
          shown += "\n" + pad + " | " + " ".repeat(p.column - 1) + "^".repeat(Math.max(1, p.width));
        }
        item.appendChild(el("pre", shown, "margin:6px 0;padding:6px;background:#000;white-space:pre-wrap"));
      }
      if (p.help) item.appendChild(el("div", "help: " + p.help, "color:#bde"));
      box.appendChild(item);
    });
    box.appendChild(el("p", "Fix the file and save: this page updates by itself.", "color:#ccc"));
    (document.body || document.documentElement).appendChild(box);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__dermapress/events");
  function on(name, handle) {
    source.addEventListener(name, function (e) {
      var data = {};
      try { data = JSON.parse(e.data); } catch (err) {}
      handle(data);
    });
  }
  on("hello", function (d) {
    if (typeof d.build === "number" && d.build > 0 && d.build !== shown) return reload();
    if (d.problems) showProblems(d.problems); else hideProblems();
  });
  on("reload", reload);
  on("css", function (d) { hideProblems(); swapStyles(d.build); });
  on("fixed", hideProblems);
  on("failed", function (d) { showProblems(d.problems || []); });
  window.addEventListener("pagehide", function () { source.close(); });
})();
