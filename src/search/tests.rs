//! The index written here against the one pagefind's own library makes from
//! the same pages: the same files, with the same bytes once uncompressed.
//! pagefind's search code in the browser reads these files, so any
//! difference is a word it may not find or a result it may show wrong.

use std::collections::BTreeMap;
use std::io::Read;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::Index;

/// Pages with what the clinic theme marks and what a page written by hand
/// may hold: a marked body, left-out parts, meta, a filter, FAQ anchors with
/// titles and weights, headings, entities, accents, compounds, an image
/// after the title, a line break and a missing end tag.
fn pages(language: &str) -> Vec<(String, String)> {
    let page = |url: &str, body: &str| {
        (
            url.to_string(),
            format!(
                "<!doctype html><html lang=\"{language}\"><head><title>Site &amp; page</title>\
                 <script>var ignored = 1;</script></head><body><nav>Menu Home</nav>{body}\
                 <footer>Footer words</footer></body></html>"
            ),
        )
    };
    vec![
        page(
            "/aftercare/",
            r#"<main><article data-pagefind-body data-section="Aftercare" data-pagefind-filter="section[data-section]">
<h1 id="aftercare">Aftercare &amp; recovery</h1>
<p data-pagefind-meta="description">Look after your skin for a few days.</p>
<img src="/images/skin.jpg" alt="A face, drawn">
<p>No make-up for 24 hours; use SPF&nbsp;30 sunscreen. Don't pick at flakes.<br>Redness fades.</p>
<aside data-pagefind-ignore><p>Ignored note</p></aside>
<h2 id="when-to-call">When to call the clinic</h2>
<ul><li>Swelling that grows<li>A fever</ul>
<p>Después, la piel está roja. Café, naïve, façade.</p>
<p>Hyaluronic-acid serums and microNeedling devices (e.g. dermaroller.v2_pro).</p>
</article></main>"#,
        ),
        page(
            "/faq/",
            r#"<article data-pagefind-body data-section="FAQ" data-pagefind-filter="section[data-section]">
<h1>Questions</h1>
<details id="makeup" data-pagefind-title="Can I wear makeup after microneedling?" data-pagefind-weight="6">
<summary>Can I wear <em>makeup</em> after microneedling?</summary><p>Wait a day before makeup.</p></details>
<details id="pain"><summary>Does it hurt?</summary><p>A numbing cream is used.</p></details>
<div data-pagefind-ignore="all"><p data-pagefind-meta="hidden">Excluded words</p></div>
</article>"#,
        ),
        page("/search/", "<main><h1>Search</h1><p>No body mark here.</p></main>"),
        page(
            "/risks/",
            r#"<article data-pagefind-body data-section="Risks" data-pagefind-filter="section[data-section], kind:info" data-pagefind-sort="weight:2">
<h1>Risks &lt;and&gt; side effects</h1><h3>Infection</h3><p>Rare, when the tools are sterile.</p>
<p data-pagefind-index-attrs="title" title="Tooltip text">Redness and swelling are common</p>
</article>"#,
        ),
    ]
}

fn ours(language: &str, pages: &[(String, String)]) -> BTreeMap<String, Vec<u8>> {
    let mut index = Index::default();
    for (url, html) in pages {
        index.add(language, url, html.clone());
    }
    let files = index.files().unwrap();
    files
        .into_values()
        .flatten()
        .map(|(n, b)| {
            let ext = n_ext(&n);
            (n, opened(&ext, b))
        })
        .collect()
}

fn theirs(language: &str, pages: &[(String, String)]) -> BTreeMap<String, Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let mut index = PagefindIndex::new(Some(options)).unwrap();
    for (url, html) in pages {
        runtime
            .block_on(index.add_html_file(None, Some(url.clone()), html.clone()))
            .unwrap();
    }
    let files = runtime.block_on(index.get_files()).unwrap();
    files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(n, _)| !n.contains("-ui.") && !n.contains("highlight") && !n.starts_with("playground/"))
        .map(|(n, b)| {
            let ext = n_ext(&n);
            (n, opened(&ext, b))
        })
        .collect()
}

fn n_ext(name: &str) -> String {
    name.rsplit('.').next().unwrap_or_default().to_string()
}

/// The contents of a compressed index file (without pagefind's marker).
fn opened(ext: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !ext.starts_with("pf_") {
        return bytes;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
    out.strip_prefix(b"pagefind_dcd").unwrap().to_vec()
}

fn assert_same(language: &str, pages: &[(String, String)]) {
    let ours = ours(language, pages);
    let theirs = theirs(language, pages);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&ours), names(&theirs));
    for (name, bytes) in &theirs {
        if name.ends_with(".pf_fragment") || name.ends_with(".json") {
            assert_eq!(
                String::from_utf8_lossy(&ours[name]),
                String::from_utf8_lossy(bytes),
                "{name}"
            );
        }
        assert!(&ours[name] == bytes, "{name} differs");
    }
}

#[test]
fn english_pages_give_pagefinds_own_index() {
    assert_same("en", &pages("en"));
}

#[test]
fn spanish_pages_give_pagefinds_own_index() {
    assert_same("es", &pages("es"));
}

#[test]
fn a_language_without_a_stemmer_gives_pagefinds_own_index() {
    assert_same("zz", &pages("zz"));
}

#[test]
fn a_page_added_again_keeps_its_place_and_the_index_is_a_fresh_ones() {
    let pages = pages("en");
    let mut index = Index::default();
    for (url, html) in &pages {
        index.add("en", url, html.clone());
    }
    let _ = index.files().unwrap();
    let (url, html) = &pages[0];
    index.add("en", url, html.replace("Redness fades", "Redness fades slowly"));
    let again = index.files().unwrap();
    let mut changed = pages.clone();
    changed[0].1 = html.replace("Redness fades", "Redness fades slowly");
    let mut fresh = Index::default();
    for (url, html) in &changed {
        fresh.add("en", url, html.clone());
    }
    assert!(again == fresh.files().unwrap());
    assert_same("en", &changed);
}

/// Menus and footers are cut before reading when nothing in them can count;
/// these hold what can (or what the cut must not misread).
#[test]
fn menus_that_may_count_give_pagefinds_own_index() {
    let page = |url: &str, menu: &str| {
        (
            url.to_string(),
            format!(
                "<!doctype html><html lang=\"en\"><head><title>Menus</title></head><body>\
                 <nav id=\"menu\"><ul><li><a href=\"/\">Home</a></li></ul></nav>\
                 <nav>{menu}</nav><main><p>Body words after the menu.</p></main>\
                 <footer><p id=\"legal\">Legal</p>{menu}</footer></body></html>"
            ),
        )
    };
    let pages = vec![
        page("/heading/", "<h1>A title in the menu</h1>"),
        page("/image/", "<img src=\"/menu.png\" alt=\"Menu\">"),
        page("/filter/", "<span data-pagefind-filter=\"area:Menus\">x</span>"),
        page("/meta/", "<p DATA-PAGEFIND-META=\"summary\">Menu summary</p>"),
        page("/comment/", "<!-- </nav> --><p>words</p>"),
        page("/unclosed/", "<ul><li>one<li>two</ul>"),
        page("/quoted/", "<p title=\"</nav>\">quoted</p>"),
        page("/plain/", "<ul><li><a href=\"/a/\" id=\"a\">A &amp; B</a></li></ul>"),
    ];
    assert_same("en", &pages);
    for (_, html) in &pages {
        let read = super::page::read("/", "en", html.as_bytes()).unwrap();
        let whole = super::page::read_whole("/", "en", html.as_bytes()).unwrap();
        assert_eq!(read.words.listed(), whole.words.listed());
        assert_eq!(read.shown, whole.shown);
        assert_eq!((read.filters, read.meta), (whole.filters, whole.meta));
    }
}

#[test]
fn the_microneedling_sites_pages_give_pagefinds_own_index() {
    // The repository's own site, read (not written) in memory.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rebuilder = crate::watch::rebuild::Rebuilder::new(root, crate::load::LoadOptions::default());
    assert!(rebuilder
        .rebuild(std::iter::empty::<&std::path::Path>())
        .stats
        .is_some());
    let mut by_language: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (path, content) in &rebuilder.output().files {
        let crate::output::Content::Bytes(bytes) = content else {
            continue;
        };
        if path.ends_with(".html") {
            let language = if path.starts_with("es/") { "es" } else { "en" };
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let html = String::from_utf8(bytes.clone()).unwrap();
            by_language.entry(language).or_default().push((url, html));
        }
    }
    assert!(by_language["en"].len() > 20 && by_language["es"].len() > 20);
    // The theme's menus are cut before reading (and the index is still
    // pagefind's own).
    let cut = by_language["en"]
        .iter()
        .filter(|(_, html)| super::cut::kept(html.as_bytes()).len() > 1)
        .count();
    assert!(cut * 2 > by_language["en"].len(), "{cut} pages had their menus cut");
    for (language, pages) in by_language {
        assert_same(language, &pages);
    }
}
