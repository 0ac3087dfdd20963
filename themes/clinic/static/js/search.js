/* The search page's search: pagefind's index, searched in the browser.
   A file of its own, not an inline script, so that a strict
   Content-Security-Policy can forbid inline scripts. Loaded only by the
   search page; the index loads on the first search, in small pieces. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var section = document.getElementById("search-results");
  if (!form || !section) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = section.querySelector(".search-list");
  var heading = document.getElementById("search-results-title");
  var bundle = section.getAttribute("data-bundle");
  var loading = null;
  var latest = 0;
  var timer = null;
  var SHOWN = 10;

  form.hidden = false;

  function pagefind() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(function (pf) {
        /* The index holds each page's whole path ("/es/riesgos/"): left to
           itself, pagefind would put the bundle's folder ("/es/") before it. */
        return pf.options({ excerptLength: 24, baseUrl: "/" }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return loading;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* pagefind's excerpt is text with <mark> around the words found; only
     those two kinds of node are copied, never markup from the index. */
  function excerpt(html) {
    var p = el("p", "search-excerpt");
    var t = document.createElement("template");
    t.innerHTML = html;
    t.content.childNodes.forEach(function (node) {
      if (node.nodeType === 3) p.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") p.appendChild(el("mark", "", node.textContent));
    });
    return p;
  }

  function item(data) {
    var li = el("li", "search-result");
    var section = data.filters && data.filters.section && data.filters.section[0];
    if (section && section !== data.meta.title) li.appendChild(el("p", "search-section", section));
    var title = el("h3", "search-title");
    var a = el("a", "", data.meta.title || data.url);
    a.href = data.url;
    title.appendChild(a);
    li.appendChild(title);
    if (data.meta.description) li.appendChild(el("p", "search-description", data.meta.description));
    /* The questions or headings inside the page where the words were found. */
    var parts = (data.sub_results || []).filter(function (s) {
      return s.url.indexOf("#") > 0 && s.url !== data.url;
    }).slice(0, 3);
    if (parts.length) {
      var sub = el("ul", "search-parts");
      parts.forEach(function (s) {
        var part = el("li");
        var link = el("a", "", s.title);
        link.href = s.url;
        part.appendChild(link);
        part.appendChild(excerpt(s.excerpt));
        sub.appendChild(part);
      });
      li.appendChild(sub);
    } else {
      li.appendChild(excerpt(data.excerpt));
    }
    return li;
  }

  /* The page's words (data-text-*), with {query} and {count} filled in. */
  function words(name, query, count) {
    return (section.getAttribute("data-text-" + name) || "")
      .replace("{query}", query).replace("{count}", String(count));
  }

  function show(query, found, focus) {
    list.textContent = "";
    found.forEach(function (data) { list.appendChild(item(data)); });
    section.hidden = found.length === 0;
    var n = found.length;
    status.textContent = words(n === 0 ? "none" : n === 1 ? "one" : "many", query, n);
    /* After a submitted search (or arriving from the header's box): to the
       results, or back to the box to try another word. */
    if (focus) (found.length ? heading : input).focus();
  }

  function search(focus) {
    var query = input.value.trim();
    var mine = ++latest;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query) {
      list.textContent = "";
      section.hidden = true;
      status.textContent = "";
      return;
    }
    pagefind()
      .then(function (pf) { return pf.search(query); })
      .then(function (search) {
        return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
      })
      .then(function (found) { if (mine === latest) show(query, found, focus); })
      .catch(function () {
        if (mine === latest) status.textContent = words("failed", query, 0);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(false); }, 250);
  });

  var start = new URLSearchParams(location.search).get("q");
  if (start) {
    input.value = start;
    search(true);
  }
})();
