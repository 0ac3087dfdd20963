//! Helpers for the unit tests that need a whole site: the small clinic site
//! of the watch and preview tests (the same files as the integration tests'
//! `TestSite::clinic()`, read from tests/testsuite/support/clinic.rs), with
//! the repository's real theme, in a temporary folder.

use std::io::BufRead;

mod clinic {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/testsuite/support/clinic.rs"
    ));
}

// The one definition of the sites tests work on, shared with the whole-site
// tests.
#[path = "../tests/testsuite/support/site.rs"]
mod site;
pub(crate) use site::{copy_dir, repo, TestSite};

// Photo-like images with a phone's EXIF, made on the spot.
#[path = "../tests/testsuite/support/photos.rs"]
pub(crate) mod photos;

/// The next named event of a preview's event stream: its name and JSON data
/// (keep-alive comments are skipped).
pub(crate) fn next_event(reader: &mut impl BufRead) -> (String, serde_json::Value) {
    let mut name = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).expect("an event within the time allowed") > 0,
            "stream ended"
        );
        let line = line.trim_end();
        if let Some(n) = line.strip_prefix("event:") {
            name = n.trim().to_string();
        } else if let Some(d) = line.strip_prefix("data:") {
            if !name.is_empty() {
                return (name, serde_json::from_str(d.trim()).expect("JSON data"));
            }
        }
    }
}
