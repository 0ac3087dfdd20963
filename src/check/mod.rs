//! Content checks: what `dermapress check` reports beyond what stops a build.
//!
//! Loading already finds broken links, anchors and images, and missing titles
//! or descriptions. These rules add what a trustworthy health page needs:
//! wording that health-advertising regulators treat as unsupported claims,
//! titles and descriptions that fit search results, alt text, a risks
//! section on procedure pages, and a medical review that is recent.
//!
//! The rules are pure: they take parsed pages, the config and today's date,
//! and return diagnostics. `check` reports them as they are; `build` prints
//! them as warnings only and never fails because of them.

mod allow;
mod claims;
mod metadata;
mod prose;
mod review;
pub mod rules;
pub mod settings;

use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{self, LoadedConfig};
use crate::content::page::{self, Page};
use crate::content::{self, SourceKind};
use crate::diagnostics::{self, Diagnostic, Pos, Severity};
use crate::site::LoadOptions;
use rules::RuleBook;

/// A rule's finding on one page, before the site's settings decide its
/// severity and whether a marker on its line allows it.
#[derive(Debug, Clone)]
struct Finding {
    rule: &'static str,
    pos: Pos,
    message: String,
    help: String,
    /// Set by wording rules, whose severity depends on where they came from.
    severity: Option<Severity>,
}

impl Finding {
    fn new(rule: &'static str, pos: Pos, message: impl Into<String>, help: impl Into<String>) -> Finding {
        Finding {
            rule,
            pos,
            message: message.into(),
            help: help.into(),
            severity: None,
        }
    }
}

/// Today's date on this machine, for the review rules. Kept at the edge so
/// the rules themselves take the date as a value.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

/// Runs every content rule over `pages`.
pub fn run(pages: &[Page], config_file: &LoadedConfig, today: Date) -> Vec<Diagnostic> {
    let config = &config_file.config;
    let book = RuleBook::new(&config.checks);
    // Each page's rules are independent of the others': the wording screen
    // over every page's text is most of a large site's check time.
    let mut per_page: Vec<Vec<Finding>> = pages
        .par_iter()
        .map(|page| {
            let mut found = claims::check_page(page, &book);
            found.extend(metadata::check_page(page));
            found.extend(review::check_page(page, config, today));
            found
        })
        .collect();
    for (i, finding) in metadata::duplicate_titles(pages) {
        per_page[i].push(finding);
    }
    let mut out = Vec::new();
    for (page, found) in pages.iter().zip(per_page) {
        for f in found {
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

/// The findings as `build` shows them: warnings, whatever their severity.
pub fn as_warnings(mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut findings {
        d.severity = Severity::Warning;
    }
    findings
}

/// Loads and renders the site in memory and returns everything wrong with
/// it: loading and template errors, then the content rules' findings.
/// Writes nothing.
pub fn check_site(root: &Path, options: &LoadOptions, today: Date) -> Vec<Diagnostic> {
    let (rendered, mut found) = crate::render_site(root, options);
    match rendered {
        Some((site, _)) => found.extend(run(&site.pages, &site.config_file, today)),
        // The site has errors, but the pages that parse can still be checked,
        // so one pass shows the marketer everything.
        None => {
            if let Ok(config_file) = config::load(root) {
                let pages = readable_pages(root, &config_file, options);
                found.extend(run(&pages, &config_file, today));
            }
        }
    }
    diagnostics::sort(&mut found);
    found.dedup();
    found
}

/// Every content page that parses without errors (drafts only if asked for).
fn readable_pages(root: &Path, config_file: &LoadedConfig, options: &LoadOptions) -> Vec<Page> {
    let (found, _) = content::discover(&root.join("content"), Path::new("content"), root);
    found
        .iter()
        .filter_map(|f| {
            let kind = content::kind_of(Path::new(&f.rel));
            if kind == SourceKind::Asset {
                return None;
            }
            let text = content::read_text(&f.full, &Path::new("content").join(&f.rel)).ok()?;
            let parsed = match kind {
                SourceKind::Markdown => page::parse_markdown(&f.rel, text, &config_file.config),
                _ => page::parse_data(&f.rel, text, &config_file.config),
            };
            parsed.ok().filter(|p| options.drafts || !p.meta.draft)
        })
        .collect()
}

/// Findings as one JSON array of `{file, line, column, rule, severity, message, help}`.
pub fn to_json(findings: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "rule": d.rule,
                "severity": d.severity,
                "message": d.message,
                "help": d.help.clone().unwrap_or_default(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}
