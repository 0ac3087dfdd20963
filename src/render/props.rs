//! A property test of the whole pipeline, on a site in a temporary folder:
//! whatever a page and a data page hold, the site renders or the load says
//! why, never a panic.

use std::path::Path;

use proptest::prelude::*;

use crate::content::props::{comparison_file, faq_file, markdown_file};
use crate::diagnostics::props::cases;
use crate::diagnostics::Diagnostic;
use crate::testing::copy_dir;

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn whole_sites_build_or_report(page in markdown_file(), data in prop_oneof![faq_file(), comparison_file()]) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic");
        copy_dir(&theme, &root.join("themes/clinic"));
        std::fs::write(root.join("site.yaml"), "title: T\nbase_url: https://t.example.com\nreviewers:\n  - id: dr\n    name: Dr A\nmenu:\n  - { label: Data, page: d.yaml }\n").unwrap();
        std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\ndescription: The home page.\n---\nSee [the page](p.md).\n").unwrap();
        std::fs::write(root.join("content/p.md"), &page).unwrap();
        std::fs::write(root.join("content/d.yaml"), &data).unwrap();
        let (rendered, diagnostics) = crate::render(root, &crate::LoadOptions::default());
        match rendered.map(|r| r.output) {
            Some(output) => prop_assert!(output.files.contains_key("index.html")),
            None => prop_assert!(diagnostics.iter().any(Diagnostic::is_error), "{:?}", diagnostics),
        }
    }
}
