// dermapress preview: reloads this page after each rebuild, keeps the scroll
// position, swaps stylesheets when only CSS changed, shows errors that would
// stop `dermapress build` over the page and the warnings in a small panel.
// Injected by `dermapress watch` only; never in public/.
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]build=(\d+)/.exec(script.src);
  var shown = match ? Number(match[1]) : -1;
  var scrollKey = "dermapress:scroll:" + location.pathname;
  var OVERLAY = "dermapress-overlay";
  var PANEL = "dermapress-findings";
  var dismissed = "";

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

  // The preview's page of what needs attention (`dermapress status`).
  function inventoryLink(style) {
    var p = el("p", null, style);
    var a = el("a", "Content inventory: drafts, scheduled pages, reviews due, all findings", "color:inherit");
    a.href = "/__dermapress/";
    a.className = "dermapress-inventory-link";
    p.appendChild(a);
    return p;
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
      ": `dermapress build` would not publish the site", "font-size:18px;margin:0 0 16px;color:#ff9a9a"));
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
    box.appendChild(inventoryLink("color:#bde"));
    (document.body || document.documentElement).appendChild(box);
  }

  function hideFindings() {
    var old = document.getElementById(PANEL);
    if (old) old.remove();
  }

  // Warnings never stop a build: a small panel the editor can close, which
  // stays closed until the list of warnings changes.
  function showFindings(findings) {
    hideFindings();
    var key = JSON.stringify(findings);
    if (!findings.length || key === dismissed) return;
    var box = el("section", null,
      "position:fixed;right:12px;bottom:12px;z-index:2147483646;max-width:min(32rem,calc(100vw - 24px));" +
      "max-height:40vh;overflow:auto;background:#fffbe6;color:#222;border:2px solid #8a6d00;border-radius:6px;" +
      "font:14px/1.45 system-ui,sans-serif;padding:10px 12px;box-shadow:0 2px 10px rgba(0,0,0,.25)");
    box.id = PANEL;
    box.setAttribute("aria-label", "Warnings from the last build");
    var close = el("button", "Close", "float:right;font:inherit;padding:2px 8px");
    close.type = "button";
    close.addEventListener("click", function () { dismissed = key; hideFindings(); });
    box.appendChild(close);
    box.appendChild(el("h2", findings.length + (findings.length === 1 ? " warning" : " warnings"),
      "font-size:15px;margin:0 0 6px"));
    var list = el("ul", null, "margin:0;padding-left:18px");
    findings.forEach(function (f) {
      var item = el("li", null, "margin:0 0 6px");
      item.className = "dermapress-finding";
      item.appendChild(el("div", f.location + ": " + f.message));
      if (f.help) item.appendChild(el("div", "help: " + f.help, "color:#4a4a4a"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(inventoryLink("margin:6px 0 0"));
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
    showFindings(d.findings || []);
  });
  on("findings", function (d) { showFindings(d.findings || []); });
  on("reload", reload);
  on("css", function (d) { hideProblems(); swapStyles(d.build); });
  on("fixed", hideProblems);
  on("failed", function (d) { showProblems(d.problems || []); });
  window.addEventListener("pagehide", function () { source.close(); });
})();
