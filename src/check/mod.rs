//! Content rules: what a trustworthy health page needs beyond what loading
//! already finds (broken links, anchors, images, missing titles):
//! wording that health-advertising regulators treat as unsupported claims,
//! titles and descriptions that fit search results, alt text, a risks
//! section on procedure pages, and a medical review that is recent.
//!
//! The rules are pure: they take parsed pages, the config and today's date,
//! and return diagnostics. `load` runs them for every sink, so `build`,
//! `check` and `watch` report the same findings; a finding of severity
//! `error` stops `build` from publishing. The rules are listed in `table`.

mod allow;
pub(crate) mod book;
mod claims;
mod metadata;
mod policy;
mod prose;
mod review;
pub(crate) mod settings;
mod sources;
mod spanish;
pub(crate) mod table;
mod translations;
#[cfg(test)]
mod wording_tests;

use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::page::Page;
use crate::diagnostics::{self, Diagnostic, Pos, Severity, SourceFile};
use book::RuleBook;
use table::{Check, RULES};

/// A rule's finding on one page, before the site's settings decide its
/// severity and whether a marker on its line allows it.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    rule: &'static str,
    pos: Pos,
    message: String,
    help: String,
    /// Set by wording rules, whose severity depends on where they came from.
    severity: Option<Severity>,
    /// A clinic's own rule (its place in `checks.rules`) stopped on this
    /// page: reported at the rule in site.yaml, naming the page.
    stopped_rule: Option<usize>,
}

impl Finding {
    fn new(rule: &'static str, pos: Pos, message: impl Into<String>, help: impl Into<String>) -> Finding {
        Finding {
            rule,
            pos,
            message: message.into(),
            help: help.into(),
            severity: None,
            stopped_rule: None,
        }
    }

    /// A clinic's rule that took its whole time budget on `page` and was stopped.
    fn stopped(rule: &usize, page: &Page, budget: std::time::Duration) -> Finding {
        Finding {
            stopped_rule: Some(*rule),
            ..Finding::new(
                "check-rule-stopped",
                Pos::default(),
                format!(
                    "this rule was stopped after {} ms of matching on {}, so that page was not fully checked for it",
                    budget.as_millis(),
                    page.source.path().display()
                ),
                "make the pattern simpler: fewer and smaller counted repeats such as {1,200}, no repeat inside a repeat",
            )
        }
    }
}

/// What the rules of one page may look at besides the page.
pub(crate) struct RuleContext<'a> {
    pub(crate) config: &'a Config,
    pub(crate) today: Date,
}

/// Each page's findings as the last run found them, for `watch`, where a
/// save changes one page and every page's rules would otherwise run again.
/// The load cache hands back the very source (`Arc`) of a page whose file
/// did not change, and parses every page again when site.yaml changes; so
/// a page with the same source, on the same day and under the same theme,
/// has the same findings.
#[derive(Default)]
pub(crate) struct Memo {
    /// The day and the theme's reserved ids the findings were made under.
    context: String,
    /// By page number (a page added or gone moves the ones after it, which
    /// are then checked again).
    pages: Vec<(Arc<SourceFile>, Vec<Finding>)>,
}

impl Memo {
    fn kept(&self, i: usize, page: &Page) -> Option<&Vec<Finding>> {
        let (source, found) = self.pages.get(i)?;
        Arc::ptr_eq(source, &page.source).then_some(found)
    }

    /// Each page's findings: kept ones where they hold, `find` for the rest.
    fn findings(
        &mut self,
        pages: &[Page],
        context: String,
        find: impl Fn(&Page) -> Vec<Finding> + Sync,
    ) -> Vec<Vec<Finding>> {
        if self.context != context {
            self.pages.clear();
            self.context = context;
        }
        let kept = &*self;
        let per_page: Vec<Vec<Finding>> = pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| kept.kept(i, page).cloned().unwrap_or_else(|| find(page)))
            .collect();
        self.pages = pages
            .iter()
            .zip(&per_page)
            .map(|(page, found)| (Arc::clone(&page.source), found.clone()))
            .collect();
        per_page
    }
}

/// Runs every content rule over `pages`; `context` names what besides the
/// pages the rules depend on (see `Memo`).
pub(crate) fn run(
    pages: &[Page],
    config_file: &LoadedConfig,
    today: Date,
    (memo, context): (&mut Memo, String),
) -> Vec<Diagnostic> {
    let config = &config_file.config;
    // One book per language: each page is read with its language's wording.
    let books: Vec<(&str, RuleBook)> = config
        .language_codes()
        .into_iter()
        .map(|lang| (lang, RuleBook::for_language(&config.checks, lang)))
        .collect();
    let book_of = |page: &Page| {
        books
            .iter()
            .find(|(l, _)| *l == page.lang)
            .map_or(&books[0].1, |(_, b)| b)
    };
    let book = &books[0].1;
    let cx = RuleContext { config, today };
    // Each page's rules are independent of the others': the wording screen
    // over every page's text is most of a large site's check time.
    let mut per_page = memo.findings(pages, context, |page| page_findings(page, book_of(page), &cx));
    for rule in RULES.iter().filter(|r| !book.is_disabled(r.id)) {
        if let Check::Site(check) = rule.check {
            for (i, finding) in check(pages) {
                per_page[i].push(finding);
            }
        }
    }
    let mut out = Vec::new();
    for (page, found) in pages.iter().zip(per_page) {
        for f in found {
            if let Some(i) = f.stopped_rule {
                out.push(stopped(f, i, config_file, book_of(page)));
                continue;
            }
            if book.is_disabled(f.rule) || allow::is_allowed(&page.source, f.pos.line, f.rule) {
                continue;
            }
            let mut d = Diagnostic::error(page.source.path(), f.rule, f.message)
                .at(&page.source, f.pos)
                .with_help(f.help);
            d.severity = f.severity.unwrap_or_else(|| book.severity(f.rule));
            out.push(d);
        }
    }
    diagnostics::sort(&mut out);
    out
}

/// A stopped rule, at its pattern in site.yaml, as severe as the rule.
fn stopped(f: Finding, i: usize, config_file: &LoadedConfig, book: &RuleBook) -> Diagnostic {
    let source = &config_file.source;
    let id = config_file.config.checks.rules.get(i).map_or("", |r| r.id.trim());
    let mut d = Diagnostic::error(source.path(), f.rule, format!("rule `{id}`: {}", f.message))
        .at(source, config_file.spans.value(&format!("checks.rules.{i}.pattern")))
        .with_help(f.help);
    d.severity = book
        .text_rules
        .iter()
        .find(|r| r.budgeted == Some(i))
        .map_or(Severity::Error, |r| r.severity);
    d
}

/// The findings of the image rules, from what processing the images found:
/// `located` holds, per page, where it uses an image whose source records
/// where it was taken. They go through the site's `checks:` like the rest.
pub(crate) fn image_findings(pages: &[Page], located: &[(usize, Pos)], config_file: &LoadedConfig) -> Vec<Diagnostic> {
    // Only whether the rule is on and its severity are read: any language does.
    let book = RuleBook::for_language(&config_file.config.checks, config_file.config.default_language());
    let rule = "image-location";
    if book.is_disabled(rule) {
        return Vec::new();
    }
    located
        .iter()
        .filter(|(i, pos)| !allow::is_allowed(&pages[*i].source, pos.line, rule))
        .map(|(i, pos)| {
            let page = &pages[*i];
            let mut d = Diagnostic::error(
                page.source.path(),
                rule,
                "this photo's metadata records where it was taken (GPS); the published copy has none, but the file in the repository keeps it",
            )
            .at(&page.source, *pos)
            .with_help("remove the location from the original (e.g. `exiftool -gps:all= photo.jpg`, or export it again without location) and commit that file");
            d.severity = book.severity(rule);
            d
        })
        .collect()
}

fn page_findings(page: &Page, book: &RuleBook, cx: &RuleContext) -> Vec<Finding> {
    let mut found = claims::check_page(page, book);
    for rule in RULES.iter().filter(|r| !book.is_disabled(r.id)) {
        if let Check::Page(check) = rule.check {
            found.extend(check(page, cx));
        }
    }
    found
}
