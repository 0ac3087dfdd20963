//! Incremental rebuilds give the same output as full builds, byte for byte,
//! after every step of a sequence of edits, additions, deletions, renames,
//! broken saves and fixes; and they re-render only what can change.

use std::path::PathBuf;

use super::{Rebuilder, Rebuilt};
use crate::diagnostics::Diagnostic;
use crate::load::LoadOptions;
use crate::testing::TestSite;

pub(super) fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut e: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    e.sort();
    e
}

fn all(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut all: Vec<String> = diagnostics.iter().map(|d| format!("{d} [{}]", d.rule)).collect();
    all.sort();
    all
}

/// Rebuilds after `changed` and checks the result against a full build:
/// the same findings, warnings too (the content rules' findings of pages
/// that did not change are kept from the last rebuild), and the same output.
fn step(site: &TestSite, rebuilder: &mut Rebuilder, options: &LoadOptions, name: &str, changed: &[&str]) -> Rebuilt {
    let paths: Vec<PathBuf> = changed.iter().map(|c| site.path(c)).collect();
    let rebuilt = rebuilder.rebuild(paths.iter().map(PathBuf::as_path));
    let (full, diagnostics) = crate::render(site.root(), options);
    assert_eq!(
        all(&rebuilt.diagnostics),
        all(&diagnostics),
        "{name}: the findings differ"
    );
    match full.map(|r| r.output) {
        Some(output) => {
            assert!(
                rebuilt.stats.is_some(),
                "{name}: the full build worked but the rebuild failed: {:?}",
                errors(&rebuilt.diagnostics)
            );
            assert!(
                rebuilder.output() == &output,
                "{name}: the rebuild's output differs from the full build's"
            );
        }
        None => {
            assert!(
                rebuilt.stats.is_none(),
                "{name}: the full build failed but the rebuild worked"
            );
            assert_eq!(errors(&rebuilt.diagnostics), errors(&diagnostics), "{name}");
            assert!(!errors(&diagnostics).is_empty(), "{name}");
        }
    }
    rebuilt
}

fn rendered(r: &Rebuilt) -> usize {
    r.stats.as_ref().map_or(usize::MAX, |s| s.rendered)
}

#[test]
fn incremental_rebuilds_equal_full_builds_over_a_sequence_of_changes() {
    let site = TestSite::clinic();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    let first = step(&site, &mut rb, &options, "first build", &[]);
    let pages = first.stats.as_ref().expect("the test site builds").pages;
    assert_eq!(rendered(&first), pages);

    // A body edit re-renders that page only.
    site.edit(
        "content/guides/risks.md",
        "active skin infections",
        "active skin infections or open wounds",
    );
    let r = step(&site, &mut rb, &options, "body edit", &["content/guides/risks.md"]);
    // And the search index, which holds the page's words.
    let (index, pages): (Vec<&String>, Vec<&String>) = r
        .stats
        .as_ref()
        .unwrap()
        .changed
        .iter()
        .partition(|p| p.starts_with("pagefind/"));
    assert_eq!(pages, ["guides/risks/index.html"]);
    assert!(index.iter().any(|p| p.ends_with(".pf_fragment")), "{index:?}");
    assert_eq!(r.parsed, 1, "only the changed file is parsed again");

    // A title edit re-renders the page, its section's listing, its neighbour
    // and everything whose menu, breadcrumbs or listings show it.
    site.edit(
        "content/guides/aftercare.md",
        "title: Aftercare",
        "title: Aftercare, day by day",
    );
    let r = step(&site, &mut rb, &options, "title edit", &["content/guides/aftercare.md"]);
    let changed = &r.stats.as_ref().unwrap().changed;
    for must in [
        "guides/aftercare/index.html",
        "guides/index.html",
        "guides/risks/index.html",
    ] {
        assert!(
            changed.contains(&must.to_string()),
            "title edit: {must} not re-rendered: {changed:?}"
        );
    }
    assert!(
        !changed.contains(&"compare/a-vs-b/index.html".to_string()),
        "{changed:?}"
    );

    // No change at all renders nothing, even for a file the watcher named
    // (touched, or saved unchanged).
    let r = step(&site, &mut rb, &options, "no change", &["content/guides/risks.md"]);
    assert_eq!(rendered(&r), 0);
    assert_eq!(r.parsed, 0);

    // A new page, then a new folder that is a section with a page.
    site.write(
        "content/guides/sunscreen.md",
        "---\ntitle: Sunscreen\ndescription: Why sunscreen matters after a session, for the watch tests' new page.\nweight: 15\n---\n\nUse it daily.\n",
    );
    step(&site, &mut rb, &options, "new page", &["content/guides/sunscreen.md"]);
    site.write(
        "content/stories/_index.md",
        "---\ntitle: Stories\ndescription: Patients' stories, a section added while watching in the watch tests.\n---\n\nStories.\n",
    );
    site.write(
        "content/stories/one.md",
        "---\ntitle: One story\ndescription: A first story in the new section, added while watching in the tests.\n---\n\nSee [sunscreen](../guides/sunscreen.md).\n",
    );
    step(&site, &mut rb, &options, "new folder", &["content/stories"]);

    // A rename: the old URL goes, the new one comes, links to it must follow.
    std::fs::rename(
        site.path("content/guides/sunscreen.md"),
        site.path("content/guides/sun.md"),
    )
    .unwrap();
    step(
        &site,
        &mut rb,
        &options,
        "rename breaks a link",
        &["content/guides/sunscreen.md", "content/guides/sun.md"],
    );
    site.edit("content/stories/one.md", "sunscreen.md", "sun.md");
    step(&site, &mut rb, &options, "link fixed", &["content/stories/one.md"]);

    // A broken save and its fix, the fix written through a temporary file.
    let good = site.read_source("content/how-it-works.md");
    site.write("content/how-it-works.md", &good.replace("weight: 10", "weight: [10"));
    step(&site, &mut rb, &options, "invalid YAML", &["content/how-it-works.md"]);
    site.save_via_rename("content/how-it-works.md", &good.replace("Most people", "Many people"));
    step(
        &site,
        &mut rb,
        &options,
        "fixed via rename",
        &["content/how-it-works.md"],
    );

    // Deleting a page others link to fails like a full build; deleting a
    // folder works.
    let risks = site.read_source("content/guides/risks.md");
    std::fs::remove_file(site.path("content/guides/risks.md")).unwrap();
    step(
        &site,
        &mut rb,
        &options,
        "linked page deleted",
        &["content/guides/risks.md"],
    );
    site.write("content/guides/risks.md", &risks);
    step(&site, &mut rb, &options, "page restored", &["content/guides/risks.md"]);
    std::fs::remove_dir_all(site.path("content/stories")).unwrap();
    step(&site, &mut rb, &options, "folder deleted", &["content/stories"]);

    // Reordering by weight changes neighbours and listings.
    site.edit("content/guides/risks.md", "weight: 20", "weight: 1");
    step(&site, &mut rb, &options, "reorder", &["content/guides/risks.md"]);

    // A draft is left out; data pages change.
    site.write(
        "content/guides/draft.md",
        "---\ntitle: Draft\ndescription: A draft page that is not built without --drafts, in the watch tests.\ndraft: true\n---\n\nLater.\n",
    );
    step(&site, &mut rb, &options, "draft added", &["content/guides/draft.md"]);
    site.edit("content/faq.yaml", "Does it hurt?", "Does it hurt much?");
    step(&site, &mut rb, &options, "faq edit", &["content/faq.yaml"]);
    site.edit("content/compare/a-vs-b.yaml", "b: Shallow", "b: Surface only");
    step(
        &site,
        &mut rb,
        &options,
        "comparison edit",
        &["content/compare/a-vs-b.yaml"],
    );

    // An image's new size reaches the pages that show it.
    let svg = |w: u32, h: u32| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"></svg>");
    site.write("content/guides/diagram.svg", &svg(10, 20));
    site.write(
        "content/guides/diagram.md",
        "---\ntitle: Diagram\ndescription: A page with a diagram whose size changes.\n---\n![A diagram](diagram.svg)\n",
    );
    step(
        &site,
        &mut rb,
        &options,
        "image added",
        &["content/guides/diagram.svg", "content/guides/diagram.md"],
    );
    site.write("content/guides/diagram.svg", &svg(30, 40));
    let r = step(
        &site,
        &mut rb,
        &options,
        "image resized",
        &["content/guides/diagram.svg"],
    );
    assert_eq!(rendered(&r), 1, "only the page showing the image is rendered again");
    let shown = match &rb.output().files["guides/diagram/index.html"] {
        crate::output::Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("{other:?}"),
    };
    assert!(shown.contains("width=\"30\" height=\"40\""), "{shown}");

    // A template change and a configuration change re-render everything.
    site.edit(
        "themes/clinic/templates/page.html",
        "{% block main %}",
        "{% block main %}<!-- edited -->",
    );
    let r = step(
        &site,
        &mut rb,
        &options,
        "template edit",
        &["themes/clinic/templates/page.html"],
    );
    assert_eq!(rendered(&r), r.stats.as_ref().unwrap().pages);
    site.edit("site.yaml", "title: Watch Test Clinic", "title: Watch Test Clinic Two");
    let r = step(&site, &mut rb, &options, "site.yaml edit", &["site.yaml"]);
    assert_eq!(rendered(&r), r.stats.as_ref().unwrap().pages);
    site.edit("site.yaml", "  - { label: FAQ, page: faq.yaml }\n", "");
    step(&site, &mut rb, &options, "menu item removed", &["site.yaml"]);

    // Broken template, then fixed; broken site.yaml, then fixed.
    let template = site.read_source("themes/clinic/templates/page.html");
    site.write(
        "themes/clinic/templates/page.html",
        &template.replace("{% endblock main %}", ""),
    );
    step(
        &site,
        &mut rb,
        &options,
        "broken template",
        &["themes/clinic/templates/page.html"],
    );
    site.write("themes/clinic/templates/page.html", &template);
    step(
        &site,
        &mut rb,
        &options,
        "template fixed",
        &["themes/clinic/templates/page.html"],
    );
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &config.replace("language: en", "language: [en"));
    step(&site, &mut rb, &options, "broken site.yaml", &["site.yaml"]);
    site.write("site.yaml", &config);
    step(&site, &mut rb, &options, "site.yaml fixed", &["site.yaml"]);

    // A change the watcher did not name is still found by its size and time.
    site.edit(
        "content/guides/aftercare.md",
        "gentle moisturiser",
        "gentle, fragrance-free moisturiser",
    );
    step(&site, &mut rb, &options, "unnamed change", &[]);
    // A static file.
    site.write("themes/clinic/static/css/extra.css", "body { color: black }\n");
    step(
        &site,
        &mut rb,
        &options,
        "new stylesheet",
        &["themes/clinic/static/css/extra.css"],
    );
}

#[test]
fn drafts_and_base_url_options_are_kept() {
    let site = TestSite::clinic();
    site.write(
        "content/guides/draft.md",
        "---\ntitle: Draft\ndescription: A draft page built only with --drafts, in the watch tests of options.\ndraft: true\n---\n\nLater.\n",
    );
    let options = LoadOptions {
        drafts: true,
        base_url: Some("http://127.0.0.1:1111".to_string()),
        ..LoadOptions::default()
    };
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first", &[]);
    assert!(rb.output().files.contains_key("guides/draft/index.html"));
    site.edit("content/guides/draft.md", "Later.", "Soon.");
    let r = step(&site, &mut rb, &options, "draft edit", &["content/guides/draft.md"]);
    assert_eq!(r.stats.unwrap().changed, vec!["guides/draft/index.html".to_string()]);
}

/// The titles a page of the `shows.html` template lists under `#<list>`.
fn listed(rb: &Rebuilder, page: &str, list: &str) -> Vec<String> {
    let Some(crate::output::Content::Bytes(bytes)) = rb.output().files.get(page) else {
        panic!("{page} is not in the output");
    };
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
    let selector = scraper::Selector::parse(&format!("#{list} li")).unwrap();
    html.select(&selector).map(|li| li.text().collect()).collect()
}

#[test]
fn a_title_change_reaches_the_pages_that_list_it_among_their_siblings() {
    let site = TestSite::clinic();
    site.write(
        "templates/shows.html",
        "<!doctype html><title>{{ page.title }}</title>\
         <ul id=\"siblings\">{% for p in page.siblings %}<li>{{ p.title }}</li>{% endfor %}</ul>\
         <ul id=\"ancestors\">{% for p in page.ancestors %}<li>{{ p.title }}</li>{% endfor %}</ul>\n",
    );
    // Far from aftercare (weight 10) in the guides' order: not its neighbour.
    for (name, weight) in [("a", 30), ("b", 40), ("c", 50)] {
        site.write(
            &format!("content/guides/{name}.md"),
            &format!(
                "---\ntitle: Guide {name}\ndescription: A guide that lists its siblings, for the watch tests of listings.\nweight: {weight}\ntemplate: shows.html\n---\n\nText.\n"
            ),
        );
    }
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first build", &[]);
    let before = listed(&rb, "guides/c/index.html", "siblings");
    assert_eq!(before, ["Aftercare", "Risks", "Guide a", "Guide b", "Guide c"]);

    site.edit(
        "content/guides/aftercare.md",
        "title: Aftercare",
        "title: Aftercare, day by day",
    );
    let r = step(
        &site,
        &mut rb,
        &options,
        "sibling title edit",
        &["content/guides/aftercare.md"],
    );
    assert!(r.stats.unwrap().changed.contains(&"guides/c/index.html".to_string()));
    assert_eq!(
        listed(&rb, "guides/c/index.html", "siblings"),
        ["Aftercare, day by day", "Risks", "Guide a", "Guide b", "Guide c"]
    );

    // A section's title reaches the breadcrumbs of every page below it.
    site.edit("content/guides/_index.md", "title: Guides", "title: All guides");
    step(
        &site,
        &mut rb,
        &options,
        "section title edit",
        &["content/guides/_index.md"],
    );
    assert_eq!(
        listed(&rb, "guides/b/index.html", "ancestors"),
        ["Watch test home", "All guides"]
    );

    // A reorder changes the list without changing any title.
    site.edit("content/guides/c.md", "weight: 50", "weight: 1");
    let r = step(&site, &mut rb, &options, "sibling reorder", &["content/guides/c.md"]);
    assert!(r.stats.unwrap().changed.contains(&"guides/a/index.html".to_string()));
    assert_eq!(
        listed(&rb, "guides/a/index.html", "siblings"),
        ["Guide c", "Aftercare, day by day", "Risks", "Guide a", "Guide b"]
    );

    // A section's slug moves the unchanged pages below it: every listing of
    // them, and the sitemap, must follow.
    site.write(
        "content/guides/more/_index.md",
        "---\ntitle: More guides\ndescription: A section below the guides, renamed by its slug in the watch tests.\n---\n\nMore.\n",
    );
    site.write(
        "content/guides/more/d.md",
        "---\ntitle: Guide d\ndescription: A page whose URL moves with its section's slug, for the watch tests.\n---\n\nText.\n",
    );
    step(&site, &mut rb, &options, "subsection added", &["content/guides/more"]);
    site.edit(
        "content/guides/more/_index.md",
        "title: More guides",
        "title: More guides\nslug: extra",
    );
    step(
        &site,
        &mut rb,
        &options,
        "section slug",
        &["content/guides/more/_index.md"],
    );
    assert!(rb.output().files.contains_key("guides/extra/d/index.html"));
}

#[test]
fn aliases_and_scheduled_pages_rebuild_as_full_builds_do() {
    let site = TestSite::clinic();
    let options = LoadOptions {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..LoadOptions::default()
    };
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first", &[]);
    let aftercare = ["content/guides/aftercare.md"];
    site.edit(aftercare[0], "title:", "aliases: [/after-care/]\ntitle:");
    step(&site, &mut rb, &options, "alias added", &aftercare);
    assert!(rb.output().files.contains_key("after-care/index.html"));
    site.edit(aftercare[0], "/after-care/", "/care/");
    step(&site, &mut rb, &options, "alias changed", &aftercare);
    assert!(!rb.output().files.contains_key("after-care/index.html"));
    // The old address of one save is a page of the next.
    site.edit(aftercare[0], "/care/", "/later/");
    site.write(
        "content/care.md",
        "---\ntitle: Care\ndescription: A page at what was an old address a moment ago, in the watch tests.\n---\n\nText.\n",
    );
    step(
        &site,
        &mut rb,
        &options,
        "old address becomes a page",
        &[aftercare[0], "content/care.md"],
    );
    assert!(rb.output().files.contains_key("care/index.html"));
    site.write(
        "content/offer.md",
        "---\ntitle: Offer\ndescription: An offer that goes up a week after the day these watch tests build for.\npublish_date: 2026-06-08\n---\n\nJune.\n",
    );
    step(&site, &mut rb, &options, "scheduled page added", &["content/offer.md"]);
    assert!(!rb.output().files.contains_key("offer/index.html"));
}

/// The two-language fixture of the test suite, with the repository's theme.
fn two_languages() -> TestSite {
    let site = TestSite::empty();
    let repo = crate::testing::repo();
    crate::testing::copy_dir(&repo.join("tests/testsuite/fixtures/languages"), site.root());
    crate::testing::copy_dir(&repo.join("themes/clinic"), &site.path("themes/clinic"));
    site
}

#[test]
fn incremental_rebuilds_of_a_two_language_site_equal_full_builds() {
    let site = two_languages();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first build", &[]);
    // The original changes: its translation is now outdated and says so.
    site.edit("content/risks.md", "Redness for one", "Some redness for one");
    let r = step(&site, &mut rb, &options, "original edited", &["content/risks.md"]);
    assert!(
        r.stats
            .as_ref()
            .unwrap()
            .changed
            .contains(&"es/riesgos/index.html".to_string()),
        "the translation shows that its original changed"
    );
    // A translation's slug: the original's alternates and switcher follow.
    site.edit("content/risks.es.md", "slug: riesgos", "slug: riesgos-posibles");
    step(
        &site,
        &mut rb,
        &options,
        "translation renamed",
        &["content/risks.es.md"],
    );
    // A new translation, then its removal.
    site.write(
        "content/guides/sessions.es.md",
        "---\ntitle: Cuántas sesiones puede necesitar\ndescription: Cuántas sesiones de microagujas suelen hacerse y cada cuánto tiempo.\n---\nUna.\n",
    );
    step(
        &site,
        &mut rb,
        &options,
        "translation added",
        &["content/guides/sessions.es.md"],
    );
    std::fs::remove_file(site.path("content/guides/sessions.es.md")).expect("remove");
    step(
        &site,
        &mut rb,
        &options,
        "translation removed",
        &["content/guides/sessions.es.md"],
    );
    // The site's own strings.
    site.write("i18n/es.yaml", "skip: Ir al contenido\n");
    step(&site, &mut rb, &options, "site strings", &["i18n/es.yaml"]);
}

#[test]
fn a_save_changes_the_findings_of_that_page_and_keeps_the_others() {
    let site = TestSite::clinic();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    let placeholders = |r: &Rebuilt| -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.rule == "placeholder")
            .map(|d| d.file.display().to_string())
            .collect()
    };
    let first = step(&site, &mut rb, &options, "first build", &[]);
    assert!(placeholders(&first).is_empty(), "{:?}", first.diagnostics);

    site.edit(
        "content/guides/risks.md",
        "active skin infections",
        "active skin infections (TODO)",
    );
    let r = step(
        &site,
        &mut rb,
        &options,
        "a placeholder saved",
        &["content/guides/risks.md"],
    );
    assert_eq!(placeholders(&r), ["content/guides/risks.md"]);
    assert_eq!(r.parsed, 1);

    site.edit(
        "content/guides/aftercare.md",
        "title: Aftercare",
        "title: Aftercare (TODO)",
    );
    let r = step(
        &site,
        &mut rb,
        &options,
        "a second one",
        &["content/guides/aftercare.md"],
    );
    assert_eq!(
        placeholders(&r),
        ["content/guides/aftercare.md", "content/guides/risks.md"],
        "the first page's finding is kept"
    );

    site.edit(
        "content/guides/risks.md",
        "active skin infections (TODO)",
        "active skin infections",
    );
    let r = step(
        &site,
        &mut rb,
        &options,
        "the first fixed",
        &["content/guides/risks.md"],
    );
    assert_eq!(placeholders(&r), ["content/guides/aftercare.md"]);
}

#[test]
fn between_rebuilds_only_the_files_named_are_read_again() {
    let site = TestSite::clinic();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first build", &[]);
    let html = |rb: &Rebuilder| match &rb.output().files["guides/risks/index.html"] {
        crate::output::Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("{other:?}"),
    };
    // Changed behind the watcher's back, while another file's save is named.
    site.edit(
        "content/guides/risks.md",
        "active skin infections",
        "active skin infections or burns",
    );
    site.edit(
        "content/guides/aftercare.md",
        "title: Aftercare",
        "title: Aftercare, day by day",
    );
    let r = rb.rebuild([site.path("content/guides/aftercare.md").as_path()]);
    assert_eq!(r.parsed, 1, "only the named file is read");
    assert!(!html(&rb).contains("or burns"), "the unnamed change is not seen yet");
    // An empty list looks at the disk.
    let r = rb.rebuild([]);
    assert_eq!(r.parsed, 1);
    assert!(html(&rb).contains("or burns"));
}

#[cfg(unix)]
#[test]
fn content_reached_through_a_symbolic_link_is_looked_at_on_every_rebuild() {
    let site = TestSite::clinic();
    let shared = site.path("shared-pages");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("linked.md"),
        "---\ntitle: A linked page\ndescription: A page kept outside content/ and linked into it, for the watch tests.\n---\n\nFirst words.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&shared, site.path("content/linked")).unwrap();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone());
    step(&site, &mut rb, &options, "first build", &[]);
    // A change in the link's target comes with no event under content/.
    std::fs::write(
        shared.join("linked.md"),
        "---\ntitle: A linked page\ndescription: A page kept outside content/ and linked into it, for the watch tests.\n---\n\nSecond words.\n",
    )
    .unwrap();
    let r = step(&site, &mut rb, &options, "another save", &["content/guides/risks.md"]);
    assert_eq!(r.parsed, 1, "the linked page, read again");
    match &rb.output().files["linked/linked/index.html"] {
        crate::output::Content::Bytes(b) => assert!(String::from_utf8_lossy(b).contains("Second words")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_save_resolves_again_only_its_pages_links_unless_what_links_point_at_changed() {
    let site = TestSite::clinic();
    let mut rb = Rebuilder::new(site.root(), LoadOptions::default());
    assert!(rb.rebuild(std::iter::empty::<&std::path::Path>()).stats.is_some());
    let targets = |rb: &Rebuilder, path: &str| {
        let site = rb.site().expect("a good build");
        let i = site.pages.iter().position(|p| p.path == path).expect("the page");
        site.resolved.pages[i].clone()
    };
    let linking = "how-it-works.md";
    let before = targets(&rb, linking);
    let aftercare = targets(&rb, "guides/aftercare.md");
    let rebuild = |rb: &mut Rebuilder, file: &str| {
        let path = site.path(file);
        let r = rb.rebuild([path.as_path()]);
        assert!(r.stats.is_some(), "{file}: {:?}", errors(&r.diagnostics));
    };
    site.edit(
        "content/guides/aftercare.md",
        "gentle moisturiser",
        "gentle, plain moisturiser",
    );
    rebuild(&mut rb, "content/guides/aftercare.md");
    assert!(
        std::sync::Arc::ptr_eq(&before, &targets(&rb, linking)),
        "a page that did not change had its links resolved again"
    );
    assert!(!std::sync::Arc::ptr_eq(
        &aftercare,
        &targets(&rb, "guides/aftercare.md")
    ));
    // A heading renamed: links elsewhere may point at its anchor, and the
    // page that links to it must be resolved again to find that out.
    site.edit(
        "content/guides/aftercare.md",
        "## The first day",
        "## The first day at home",
    );
    let path = site.path("content/guides/aftercare.md");
    let r = rb.rebuild([path.as_path()]);
    let broken: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.rule == "broken-link")
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(
        broken[0].contains("how-it-works.md") && broken[0].contains("#the-first-day"),
        "{broken:?}"
    );
}
