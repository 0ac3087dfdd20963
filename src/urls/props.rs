//! Property tests of the URL helpers: whatever a link or a slug holds, what
//! is accepted stays inside the site.

use proptest::prelude::*;

use crate::diagnostics::props::cases;

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn link_paths_never_climb_above_the_content_folder(
        dir in "([a-z]{1,4}(/[a-z]{1,4}){0,2})?",
        rel in "[a-z./\\\\]{0,16}",
    ) {
        if let Some(path) = super::normalize(&dir, &rel) {
            prop_assert!(!path.split('/').any(|p| p == ".." || p == "."), "{}", path);
            prop_assert!(!path.starts_with('/'));
        }
    }

    #[test]
    fn accepted_slugs_are_one_harmless_url_part(slug in "\\PC{0,12}|[./\\\\a-z]{0,6}") {
        if super::slug_problem(&slug).is_none() {
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.starts_with('.'));
            prop_assert!(!slug.trim().is_empty());
        }
    }
}
