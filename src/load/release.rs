//! A one-off build lets go of each Markdown page's text once the site is
//! loaded and checked, and reads the file again when it renders the page:
//! the sources of 10,000 pages are some 80 MB that would otherwise stay in
//! memory through the whole render. `watch` keeps them (the next save is
//! compared with them), and so does `check`, which renders nothing it writes.
//!
//! A file saved again between the two reads would publish text that was
//! never checked, so the digest of the checked text is kept and compared:
//! a change stops the build with nothing published.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use siphasher::sip128::{Hasher128, SipHasher13};

use super::Site;
use crate::content::page::Body;
use crate::diagnostics::{Diagnostic, SourceFile};

/// What a site keeps of the texts it let go.
#[derive(Debug, Default)]
pub(crate) struct Released {
    root: PathBuf,
    /// By page index: the digest of the text let go, if it was.
    digests: Vec<Option<u128>>,
}

fn digest(text: &str) -> u128 {
    let mut h = SipHasher13::new();
    h.write(text.as_bytes());
    h.finish128().as_u128()
}

/// Lets go of the text of every Markdown page of `site`, whose files are
/// below `root`. Pages with translations keep theirs: a translation is
/// compared with its original's text when it is rendered.
pub(crate) fn release(site: &mut Site, root: &Path) {
    let digests = site
        .pages
        .iter_mut()
        .zip(&site.translations)
        .map(|(page, versions)| {
            let Body::Markdown(doc) = &mut page.body else {
                return None;
            };
            if !versions.is_empty() {
                return None;
            }
            let kept = digest(&page.source.text);
            doc.release();
            page.source = Arc::new(SourceFile::new(page.source.path(), String::new()));
            Some(kept)
        })
        .collect();
    site.released = Released {
        root: root.to_path_buf(),
        digests,
    };
}

/// Page `i`'s file with its text: the one kept, or the file read again if
/// its text was let go and it is unchanged since it was checked.
pub(crate) fn source(site: &Site, i: usize) -> Result<Arc<SourceFile>, Diagnostic> {
    let page = &site.pages[i];
    let Some(Some(kept)) = site.released.digests.get(i) else {
        return Ok(page.source.clone());
    };
    let rel = page.source.path();
    let text = crate::source::read_text(&site.released.root.join(rel), rel).map_err(|d| *d)?;
    if digest(&text) != *kept {
        return Err(Diagnostic::error(
            rel,
            "changed-during-build",
            "this file was changed while the site was being built, after its text was checked",
        )
        .with_help(
            "run the build again once the file is saved: nothing was published, and the last output is as it was",
        ));
    }
    Ok(Arc::new(SourceFile::new(rel, text)))
}

#[cfg(test)]
mod tests {
    use super::{release, Site};
    use crate::content::page::Body;
    use crate::testing::TestSite;
    use crate::LoadOptions;

    fn loaded(site: &TestSite) -> Site {
        crate::load::load(site.root(), &LoadOptions::default())
            .site
            .expect("the clinic site loads")
    }

    fn index_of(site: &Site, path: &str) -> usize {
        site.pages.iter().position(|p| p.path == path).expect("the page")
    }

    #[test]
    fn a_site_that_let_go_of_its_texts_renders_the_same_bytes() {
        let clinic = TestSite::clinic();
        let kept = crate::render::render(&loaded(&clinic))
            .expect("renders")
            .files_with_bytes();
        let mut site = loaded(&clinic);
        release(&mut site, clinic.root());
        let markdown = site
            .pages
            .iter()
            .filter(|p| matches!(p.body, Body::Markdown(_)))
            .count();
        assert!(markdown >= 4, "the clinic has Markdown pages to let go");
        for page in site.pages.iter().filter(|p| matches!(p.body, Body::Markdown(_))) {
            assert_eq!(page.source.text, "", "{} let go of its text", page.path);
        }
        let read_again = crate::render::render(&site).expect("renders").files_with_bytes();
        assert_eq!(read_again.len(), kept.len());
        for ((path, bytes), (kept_path, kept_bytes)) in read_again.iter().zip(&kept) {
            assert_eq!(path, kept_path);
            assert!(bytes == kept_bytes, "{path} differs");
        }
    }

    #[test]
    fn a_file_saved_again_after_its_check_stops_the_render() {
        let clinic = TestSite::clinic();
        let mut site = loaded(&clinic);
        release(&mut site, clinic.root());
        clinic.edit(
            "content/guides/aftercare.md",
            "\n---\n",
            "\n---\nA sentence nobody checked.\n",
        );
        let found = crate::render::render(&site).expect_err("a changed file stops the render");
        let lines: Vec<(String, &str, String, Option<String>)> = found
            .iter()
            .map(|d| (d.file.display().to_string(), d.rule, d.message.clone(), d.help.clone()))
            .collect();
        assert_eq!(
            lines,
            [(
                "content/guides/aftercare.md".to_string(),
                "changed-during-build",
                "this file was changed while the site was being built, after its text was checked".to_string(),
                Some(
                    "run the build again once the file is saved: nothing was published, and the last output is as it was"
                        .to_string()
                )
            )]
        );
        // The page's own file, read again: unchanged pages still render.
        let unchanged = index_of(&site, "how-it-works.md");
        assert!(super::source(&site, unchanged).is_ok_and(|s| s.text.contains("title:")));
    }

    #[test]
    fn a_file_deleted_after_its_check_stops_the_render_with_the_reading_error() {
        let clinic = TestSite::clinic();
        let mut site = loaded(&clinic);
        release(&mut site, clinic.root());
        std::fs::remove_file(clinic.path("content/guides/risks.md")).expect("delete");
        let i = index_of(&site, "guides/risks.md");
        let error = super::source(&site, i).expect_err("the file is gone");
        assert_eq!(
            (error.file.display().to_string(), error.message.as_str()),
            ("content/guides/risks.md".to_string(), "this file does not exist")
        );
    }
}
