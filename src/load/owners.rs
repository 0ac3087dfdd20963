//! Every output path has one owner, decided before anything is written: a
//! page, a published file (content, `static/` or the theme's `static/`), a
//! site-wide file or a page's old address (`aliases:`). A clash is an error naming both sources, whether the two
//! want the same path, one wants a file where the other needs a folder
//! (`static/faq` beside the page `/faq/`), or the two differ only in capitals
//! or accents, which many hosts and disks treat as one name.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::content::aliases;
use crate::content::page::Page;
use crate::diagnostics::Diagnostic;
use crate::site_files::{SiteFile, SITE_FILES};
use crate::source::Asset;
use crate::urls::folded;
use crate::urls::output_path;

/// Who wants an output path.
#[derive(Clone, Copy)]
enum Owner {
    Page(usize),
    Asset(usize),
    SiteFile(&'static str),
    /// Page, and which of its aliases.
    Alias(usize, usize),
}

impl Owner {
    /// Which of two claims an error is reported at: an alias (the newer
    /// thing, and the easiest to change), else a page, else the later one.
    fn blame(self) -> u8 {
        match self {
            Owner::Alias(..) => 2,
            Owner::Page(_) => 1,
            _ => 0,
        }
    }
}

struct Claims<'a> {
    pages: &'a [Page],
    assets: &'a [Asset],
    root: &'a Path,
}

impl Claims<'_> {
    fn name(&self, owner: Owner) -> String {
        match owner {
            Owner::Page(i) => self.pages[i].source.path().display().to_string(),
            Owner::Asset(i) => {
                let source = &self.assets[i].source;
                source.strip_prefix(self.root).unwrap_or(source).display().to_string()
            }
            Owner::SiteFile(name) => format!("the site-wide file {name} that dermapress writes"),
            Owner::Alias(i, k) => format!(
                "the alias {} of {}",
                self.pages[i].meta.aliases[k],
                self.pages[i].source.path().display()
            ),
        }
    }

    /// The error, at an alias or else a page when one of the two is one
    /// (else at the later claim), naming the other.
    fn clash(&self, later: (Owner, &str), earlier: (Owner, &str)) -> Diagnostic {
        let ((blamed, path), (other, other_path)) = if earlier.0.blame() > later.0.blame() {
            (earlier, later)
        } else {
            (later, earlier)
        };
        let message = if path == other_path {
            format!("this would be published as {path}, which {} also is", self.name(other))
        } else if folded(path) == folded(other_path) {
            format!(
                "this would be published as {path}, which differs from {other_path} ({}) only in capitals or accents; many web hosts and Mac and Windows disks treat the two as one",
                self.name(other)
            )
        } else {
            format!(
                "this would be published as {path}, but {} is published as {other_path}, so one name would have to be a file and a folder at once",
                self.name(other)
            )
        };
        let help = match other {
            // A template of the same name replaces a site-wide file, which
            // is what a static copy of it was meant to do.
            Owner::SiteFile(name) if path == other_path => format!(
                "to write {name} yourself, move the file to templates/{name}: it replaces the one dermapress writes (see the README)"
            ),
            _ => "rename one of the two (for a page, give it another `slug`), or delete the file you do not need".to_string(),
        };
        match blamed {
            Owner::Page(i) => {
                let page = &self.pages[i];
                let at = if page.meta.slug.is_some() {
                    page.spans.value("slug")
                } else {
                    page.spans.start()
                };
                Diagnostic::error(page.source.path(), "output-clash", message)
                    .at(&page.source, at)
                    .with_help(help)
            }
            Owner::Alias(i, k) => {
                let page = &self.pages[i];
                Diagnostic::error(page.source.path(), "alias-clash", message.replacen("this", "this alias", 1))
                    .at(&page.source, page.spans.value(&format!("aliases.{k}")))
                    .with_help("an old address can lead to one page only, and not to a page or file that is still there: remove this alias or the other")
            }
            _ => Diagnostic::error(self.name(blamed), "output-clash", message).with_help(help),
        }
    }
}

/// The clashes between pages, published files and site-wide files. Pages
/// that share a URL are reported by `routes` already and not again here.
/// `written`: whether a site-wide file is written (an optional one only
/// when the theme has its template).
pub(super) fn clashes(
    pages: &[Page],
    routes: &[String],
    assets: &[Asset],
    root: &Path,
    prefixes: &[String],
    written: impl Fn(&SiteFile) -> bool,
) -> Vec<Diagnostic> {
    let claims = Claims { pages, assets, root };
    let mut wanted: Vec<(String, Owner)> = Vec::new();
    for f in SITE_FILES.iter().filter(|f| !f.per_alias && written(f)) {
        wanted.extend(f.paths(prefixes).into_iter().map(|p| (p, Owner::SiteFile(f.path))));
    }
    wanted.extend(routes.iter().enumerate().map(|(i, r)| (output_path(r), Owner::Page(i))));
    wanted.extend(
        assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.path.clone(), Owner::Asset(i))),
    );
    for (i, page) in pages.iter().enumerate() {
        let routes = page.meta.aliases.iter().map(|r| aliases::output_path(r));
        wanted.extend(routes.enumerate().map(|(k, path)| (path, Owner::Alias(i, k))));
    }
    let mut files: HashMap<String, (usize, Owner)> = HashMap::new();
    let mut out = Vec::new();
    for (k, (path, owner)) in wanted.iter().enumerate() {
        let key = folded(path);
        match files.get(&key) {
            Some(&(_, Owner::Page(_))) if matches!(owner, Owner::Page(_)) => {}
            Some(&(earlier, first)) => out.push(claims.clash((*owner, path), (first, &wanted[earlier].0))),
            None => {
                files.insert(key, (k, *owner));
            }
        }
    }
    // Folders from which no file is found further up: most paths share
    // their folders, so each is walked up once.
    let mut clear: HashSet<String> = HashSet::new();
    for (path, owner) in &wanted {
        let mut folder = Path::new(path.as_str()).parent();
        let mut walked = Vec::new();
        let mut clashed = false;
        while let Some(dir) = folder.filter(|d| !d.as_os_str().is_empty()) {
            let dir_key = folded(&dir.to_string_lossy());
            if clear.contains(&dir_key) {
                break;
            }
            if let Some(&(earlier, first)) = files.get(&dir_key) {
                out.push(claims.clash((*owner, path), (first, &wanted[earlier].0)));
                clashed = true;
                break;
            }
            walked.push(dir_key);
            folder = dir.parent();
        }
        if !clashed {
            clear.extend(walked);
        }
    }
    out
}
