//! Which addresses on other sites the content names, and where: every
//! http(s) link and image in pages and data pages, and every `sources:` URL.
//! Pure: reads the loaded site, asks nobody.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Pos, SourceFile};
use crate::load::Site;
use crate::markdown::is_external;

/// What kind of reference an address is, for the wording of its finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cited {
    Link,
    Source,
}

/// One place an address is written.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub(crate) url: String,
    pub(crate) cited: Cited,
    pub(crate) source: Arc<SourceFile>,
    pub(crate) pos: Pos,
}

impl Mention {
    pub(crate) fn file(&self) -> PathBuf {
        self.source.path().to_path_buf()
    }
}

/// Every address on another site, in the order of the pages and their text.
pub(crate) fn mentions(site: &Site) -> Vec<Mention> {
    let mut out = Vec::new();
    for page in &site.pages {
        for doc in page.documents() {
            let links = doc
                .links_with_dests()
                .filter(|(_, dest)| is_external(dest) && is_web(dest));
            out.extend(links.map(|(l, dest)| Mention {
                url: dest.to_string(),
                cited: Cited::Link,
                source: page.source.clone(),
                pos: l.pos(),
            }));
        }
        for s in &page.meta.sources {
            let Some(url) = s.url.as_ref().filter(|u| is_web(u)) else {
                continue;
            };
            out.push(Mention {
                url: url.clone(),
                cited: Cited::Source,
                source: page.source.clone(),
                pos: page.spans.value(&format!("sources.{}.url", s.number - 1)),
            });
        }
    }
    out
}

/// http and https addresses only: mail and phone links have nothing to ask.
fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
