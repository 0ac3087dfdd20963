//! What earlier loads read and parsed, kept for `watch`: loading again reads
//! and parses only the files that changed, and gives the same site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::{LoadOptions, Site};
use crate::config::{Config, LoadedConfig};
use crate::content::page::{self, Page};
use crate::content::schedule::Hidden;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::source::{self, Found, SourceKind};
use crate::theme::Theme;

#[derive(Default)]
pub(crate) struct LoadCache {
    /// site.yaml as parsed pages were checked against (serialized).
    config_key: String,
    /// Content sources by their path below `content/`.
    sources: HashMap<String, CachedSource>,
    theme: Option<Theme>,
    /// The last walk of `content/`, kept while no change named a file that
    /// came or went (see `trust_events`).
    walk: Option<Arc<Walk>>,
    /// Whether the next load may take the files no `invalidate` named as
    /// unchanged, without looking at the disk.
    trusting: bool,
    /// The content rules' findings on the pages loaded last.
    pub(super) findings: crate::check::Memo,
    /// The pages' links as resolved last.
    pub(super) resolved: crate::links::ResolveMemo,
    /// How many content files the last load parsed.
    pub(crate) parsed: usize,
}

/// The files found under `content/`, with the walk's problems.
pub(super) struct Walk {
    pub(super) found: Vec<Found>,
    pub(super) problems: Vec<Diagnostic>,
    /// A symbolic link was followed: its target's changes may come with no
    /// event, so the walk is not kept.
    linked: bool,
}

struct CachedSource {
    stamp: Option<Stamp>,
    /// The parsed page, unless it is lent to the `Site` being used (see `reclaim`).
    outcome: Outcome,
}

/// The file's text is kept once, in the parsed page's source. A file that
/// did not parse keeps only its problems: it is few files, recognised by
/// their stamp, and keeping their text would mean copying every file's.
enum Outcome {
    Page(Box<Page>),
    /// Lent to a `Site`: the page's source, to know it when it comes back.
    Lent(Arc<SourceFile>),
    Failed {
        diagnostics: Vec<Diagnostic>,
    },
}

impl CachedSource {
    /// The text the file had when it was read.
    fn text(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Page(page) => Some(&page.source.text),
            Outcome::Lent(source) => Some(&source.text),
            Outcome::Failed { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

impl LoadCache {
    /// Forgets the time stamps of `path` (a file or a folder, absolute or
    /// relative like `root` was given), so that the next load reads it again
    /// (and parses it again if its text changed).
    pub(crate) fn invalidate(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root.join("content")) else {
            return;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        // A file that came or went, or a folder: the walk is out of date.
        if !self.sources.contains_key(&rel) || !path.is_file() {
            self.walk = None;
        }
        let folder = format!("{rel}/");
        for (key, entry) in self.sources.iter_mut() {
            if rel.is_empty() || *key == rel || key.starts_with(&folder) {
                entry.stamp = None;
            }
        }
    }

    /// Lets the next load take every content file that no `invalidate`
    /// named since the last load as unchanged, without reading its time
    /// stamp, and the last walk of `content/` as current: for `watch`, whose
    /// file events name every change.
    pub(crate) fn trust_events(&mut self) {
        self.trusting = true;
    }

    /// The files under `content/`: the last walk, when it can be trusted.
    pub(super) fn walk(&mut self, root: &Path) -> Arc<Walk> {
        if let Some(walk) = self.walk.as_ref().filter(|w| self.trusting && !w.linked) {
            return Arc::clone(walk);
        }
        let (found, problems, linked) =
            source::discover_noting_links(&root.join("content"), Path::new("content"), root);
        let walk = Arc::new(Walk {
            found,
            problems,
            linked,
        });
        self.walk = Some(Arc::clone(&walk));
        self.trusting &= !linked;
        walk
    }

    /// The compiled theme: the last one when its templates did not change.
    pub(super) fn theme(
        &mut self,
        root: &Path,
        config: &Config,
        config_file: &LoadedConfig,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Theme> {
        let theme = Theme::read(root, config, config_file).and_then(|sources| match self.theme.take() {
            Some(t) if sources.compiled_into(&t) => Ok(t),
            _ => Theme::compile(sources),
        });
        self.theme = match theme {
            Ok(t) => Some(t),
            Err(ds) => {
                diagnostics.extend(ds);
                None
            }
        };
        self.theme.clone()
    }

    /// Pages are checked against the configuration: a new one means parsing
    /// again. (One that cannot be serialized counts as new every time.)
    fn forget_if_changed(&mut self, config: &Config) {
        match serde_json::to_string(config) {
            Ok(key) if key == self.config_key => {}
            key => {
                self.sources.clear();
                self.config_key = key.unwrap_or_default();
            }
        }
    }

    /// Takes back pages that were never lent to a site.
    pub(super) fn give_back(&mut self, pages: Vec<Page>) {
        for page in pages {
            if let Some(entry) = self.sources.get_mut(&page.path) {
                entry.outcome = Outcome::Page(Box::new(page));
            }
        }
    }

    /// Takes back the pages a loaded site borrowed, so that the next load can
    /// reuse them without parsing.
    pub(crate) fn reclaim(&mut self, site: Site) {
        for page in site.pages {
            if let Some(entry) = self.sources.get_mut(&page.path) {
                // The very page lent (a page of the same file parsed since
                // is not this one).
                if matches!(&entry.outcome, Outcome::Lent(source) if Arc::ptr_eq(source, &page.source)) {
                    entry.outcome = Outcome::Page(Box::new(page));
                }
            }
        }
    }
}

/// The content files, read and parsed.
#[derive(Default)]
pub(super) struct Parsed {
    pub(crate) pages: Vec<Page>,
    /// The files beside the content that are not pages.
    pub(crate) assets: Vec<Found>,
    /// Drafts and pages the schedule keeps off the site, set aside (their
    /// paths are kept so links to them can say why).
    pub(crate) hidden: BTreeMap<String, Hidden>,
    /// The set-aside pages (copies: the cache keeps them), for the content
    /// inventory and the routes links to them would have.
    pub(crate) hidden_pages: Vec<(Page, Hidden)>,
    /// Files that exist but did not parse.
    pub(crate) failed: BTreeSet<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads and parses the content files in parallel, taking unchanged ones from
/// the cache; drafts are set aside unless asked for (their paths are kept so
/// links to them can say why).
pub(super) fn parse_all(
    found: &[Found],
    config: &Config,
    (options, today): (&LoadOptions, jiff::civil::Date),
    cache: &mut LoadCache,
) -> Parsed {
    cache.forget_if_changed(config);
    let trusting = std::mem::take(&mut cache.trusting);
    let mut previous = std::mem::take(&mut cache.sources);
    let work: Vec<(&Found, Option<CachedSource>)> = found
        .iter()
        .map(|f| {
            let cached = match source::kind_of(Path::new(&f.rel)) {
                SourceKind::Asset => None,
                _ => previous.remove(&f.rel),
            };
            (f, cached)
        })
        .collect();
    // Reading is most of it when the files are not in the cache.
    let results: Vec<(Option<CachedSource>, Option<Found>, bool)> = crate::threads::for_io(|| {
        work.into_par_iter()
            .map(|(f, cached)| {
                if source::kind_of(Path::new(&f.rel)) == SourceKind::Asset {
                    return (None, Some(f.clone()), false);
                }
                let (entry, parsed) = parse_one(f, config, cached, trusting);
                (Some(entry), None, parsed)
            })
            .collect()
    });
    let mut parsed = Parsed::default();
    parsed.pages.reserve_exact(results.len());
    cache.parsed = 0;
    for ((entry, asset, was_parsed), f) in results.into_iter().zip(found) {
        parsed.assets.extend(asset);
        cache.parsed += usize::from(was_parsed);
        if let Some(mut entry) = entry {
            parsed.sort_in(&mut entry, f, (options, today));
            cache.sources.insert(f.rel.clone(), entry);
        }
    }
    parsed
}

impl Parsed {
    /// Takes a content file's outcome: a page (lent out of the cache), a
    /// draft or a page not up on `today` set aside, or a file that failed.
    fn sort_in(&mut self, entry: &mut CachedSource, f: &Found, (options, today): (&LoadOptions, jiff::civil::Date)) {
        let hidden = |p: &Page| match p.meta.schedule.hidden_on(today) {
            _ if p.meta.draft && !options.drafts => Some(Hidden::Draft),
            why => why,
        };
        match &entry.outcome {
            Outcome::Page(p) => {
                if let Some(why) = hidden(p) {
                    self.hidden.insert(p.path.clone(), why);
                    self.hidden_pages.push(((**p).clone(), why));
                    return;
                }
                let lent = Outcome::Lent(p.source.clone());
                if let Outcome::Page(p) = std::mem::replace(&mut entry.outcome, lent) {
                    self.pages.push(*p);
                }
            }
            Outcome::Failed { diagnostics, .. } => {
                self.failed.insert(f.rel.clone());
                self.diagnostics.extend(diagnostics.iter().cloned());
            }
            // A page lent to a site that was never given back: not in `previous`.
            Outcome::Lent(_) => {}
        }
    }
}

/// One content file: from the cache when its stamp or else its text is
/// unchanged, or when `trusting` and no change named it; parsed otherwise.
/// Says whether it parsed.
fn parse_one(f: &Found, config: &Config, cached: Option<CachedSource>, trusting: bool) -> (CachedSource, bool) {
    let cached = match cached {
        Some(c) if trusting && c.stamp.is_some() && !matches!(c.outcome, Outcome::Lent(_)) => return (c, false),
        other => other,
    };
    let now = stamp(&f.full);
    let usable = match cached.filter(|c| !matches!(c.outcome, Outcome::Lent(_))) {
        // Without a modification time the size alone proves nothing.
        Some(c) if c.stamp.is_some_and(|s| s.modified.is_some()) && c.stamp == now => return (c, false),
        other => other,
    };
    let rel = Path::new("content").join(&f.rel);
    let text = match crate::timings::time("read", || source::read_text(&f.full, &rel)) {
        Ok(t) => t,
        Err(d) => {
            let entry = CachedSource {
                stamp: None,
                outcome: Outcome::Failed { diagnostics: vec![*d] },
            };
            return (entry, false);
        }
    };
    if let Some(mut c) = usable.filter(|c| c.text() == Some(text.as_str())) {
        c.stamp = now;
        return (c, false);
    }
    // The text moves into the page: a copy of every source would be kept
    // for the few files that fail, which are compared by stamp instead.
    let parsed = crate::timings::time("parse", || match source::kind_of(Path::new(&f.rel)) {
        SourceKind::Markdown => page::parse_markdown(&f.rel, text, config),
        _ => page::parse_data(&f.rel, text, config),
    });
    let outcome = match parsed {
        Ok(p) => Outcome::Page(Box::new(p)),
        Err(ds) => Outcome::Failed { diagnostics: ds },
    };
    let entry = CachedSource { stamp: now, outcome };
    (entry, true)
}
