//! `watch` with search: the index put off until after the reload and made
//! on its own thread ends as a full build's.

use super::tests::errors;
use super::Rebuilder;
use crate::load::LoadOptions;
use crate::testing::TestSite;

/// The clinic site built once, with its first search index made.
fn indexed_clinic() -> (TestSite, LoadOptions, Rebuilder) {
    let site = TestSite::clinic();
    let options = LoadOptions::default();
    let mut rb = Rebuilder::new(site.root(), options.clone()).deferring_search(None);
    assert!(rb.rebuild(std::iter::empty::<&std::path::Path>()).stats.is_some());
    rb.finish_search().expect("the first index");
    (site, options, rb)
}

/// The search index's files in `rebuilder`'s output.
fn index_files(rebuilder: &Rebuilder) -> Vec<(String, crate::output::Content)> {
    let files = &rebuilder.output().files;
    files
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .map(|(p, c)| (p.clone(), c.clone()))
        .collect()
}

/// The text of the search index's page fragments, one after another.
fn fragments(rebuilder: &Rebuilder) -> String {
    use std::io::Read;
    let mut text = String::new();
    for (path, content) in index_files(rebuilder) {
        if let (true, crate::output::Content::Bytes(bytes)) = (path.ends_with(".pf_fragment"), content) {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .expect("a fragment is gzipped JSON");
        }
    }
    text
}

#[test]
fn a_search_index_put_off_until_after_the_reload_is_the_one_a_full_build_makes() {
    let (site, options, mut rb) = indexed_clinic();
    let saves = [
        (
            "content/guides/risks.md",
            "active skin infections",
            "active skin infections or zygomorphic rashes",
            "zygomorphic rashes",
        ),
        (
            "themes/clinic/templates/page.html",
            "<div class=\"prose\">",
            "<div class=\"prose\"><p>Quixotic template words.</p>",
            "Quixotic template words.",
        ),
    ];
    for (file, from, to, words) in saves {
        let before = index_files(&rb);
        site.edit(file, from, to);
        let path = site.path(file);
        let r = rb.rebuild([path.as_path()]);
        assert!(r.stats.is_some(), "{file}: {:?}", errors(&r.diagnostics));
        // The pages are there for the reload; the index is still the last
        // one, or none when every page was rendered afresh (the preview holds
        // requests for it until it is finished).
        assert!(rb.search_pending(), "{file}: the index was not put off");
        let now = index_files(&rb);
        assert!(
            now == before || now.is_empty(),
            "{file}: the index changed before it was finished: {:?}",
            now.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        let written = rb.finish_search().expect("the index is finished");
        assert!(
            fragments(&rb).contains(words),
            "{file}: the saved words are not in the finished index"
        );
        assert!(
            written.iter().any(|p| p.ends_with(".pf_fragment")),
            "{file}: {written:?}"
        );
        let (full, _) = crate::render(site.root(), &options);
        let full = full.expect("the full build works").output;
        assert!(
            rb.output() == &full,
            "{file}: the finished index differs from a full build's"
        );
    }
}

#[test]
fn a_save_is_rebuilt_while_the_index_of_the_save_before_is_still_being_made() {
    let (site, options, mut rb) = indexed_clinic();
    let first_index = index_files(&rb);
    let saves = [
        (
            "content/guides/risks.md",
            "active skin infections",
            "active skin infections or zygomorphic rashes",
        ),
        (
            "content/guides/aftercare.md",
            "gentle moisturiser",
            "gentle moisturiser or quixotic balms",
        ),
    ];
    for (file, from, to) in saves {
        site.edit(file, from, to);
        let path = site.path(file);
        let r = rb.rebuild([path.as_path()]);
        assert!(r.stats.is_some(), "{file}: {:?}", errors(&r.diagnostics));
        assert!(rb.search_pending(), "{file}: the index was not put off");
        rb.queue_search().expect("sent to the search thread");
    }
    // The second rebuild did not wait for the first save's index: nothing
    // has been handed over yet, so the output still has the first build's.
    assert!(
        index_files(&rb) == first_index,
        "a rebuild took in the index of the save before it"
    );
    let written = rb.finish_search().expect("the index is finished");
    assert!(written.iter().any(|p| p.ends_with(".pf_fragment")), "{written:?}");
    let text = fragments(&rb);
    assert!(
        text.contains("zygomorphic rashes"),
        "the first save's words are missing"
    );
    assert!(text.contains("quixotic balms"), "the second save's words are missing");
    let (full, _) = crate::render(site.root(), &options);
    assert!(
        rb.output() == &full.expect("the full build works").output,
        "the index made on its thread differs from a full build's"
    );
    assert!(!rb.search_busy());
    assert!(rb.take_search().is_none(), "the files were handed over once");
}
