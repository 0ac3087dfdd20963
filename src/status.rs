//! The content inventory (`dermapress status`, the preview's
//! `/__dermapress/`): what an editor should look at, page by page. Made from
//! a load of the site, pure from there; `report` words it for the terminal
//! and as JSON, and `serve` shows it as a page.

use std::path::Path;

use serde::Serialize;

use crate::content::schedule::Hidden;
use crate::diagnostics::Diagnostic;
use crate::load::inventory::Entry;
use crate::load::{self, LoadOptions};

/// How many days ahead reviews are listed unless `--due-within` says otherwise.
pub const DUE_WITHIN_DAYS: u32 = 30;

/// Everything that needs attention, in lists sorted by file.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    /// The day it was taken for (`--as-of`), year-month-day.
    pub as_of: String,
    /// Reviews due within this many days are listed (`--due-within`).
    pub due_within_days: u32,
    pub drafts: Vec<Listed>,
    /// Pages whose `publish_date` is still to come.
    pub scheduled: Vec<Listed>,
    /// Pages whose `expiry_date` has come.
    pub expired: Vec<Listed>,
    /// Medical pages never reviewed, overdue, or due within `due_within_days`.
    pub reviews: Vec<Review>,
    /// Medical pages on the site (or scheduled) that cite no sources.
    pub without_sources: Vec<Listed>,
    /// Translations whose original changed after they were last checked
    /// against it, or that do not record when that was (the pages of the
    /// `translation-outdated` finding).
    pub outdated_translations: Vec<Listed>,
    /// The findings of `check`, grouped by file.
    #[serde(skip)]
    pub findings: Vec<FileFindings>,
}

/// One page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// From the site's root: `content/offer.md`.
    pub file: String,
    pub title: String,
    /// Its address when it is on the site.
    pub url: Option<String>,
    pub publish_date: Option<String>,
    pub expiry_date: Option<String>,
}

/// A medical page whose review needs doing.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub file: String,
    pub title: String,
    pub last_reviewed: Option<String>,
    pub reviewed_by: Option<String>,
    /// `last_reviewed` plus `review_max_age_days`; None when never reviewed.
    pub due: Option<String>,
    /// Days from `as_of` to `due`: negative when overdue.
    pub days_left: Option<i64>,
}

/// The findings in one file, in order.
#[derive(Debug, Clone)]
pub struct FileFindings {
    pub file: String,
    pub findings: Vec<Diagnostic>,
}

/// Loads the site at `root` (writing nothing) and takes stock.
pub fn status(root: &Path, options: &LoadOptions, due_within_days: u32) -> Inventory {
    let loaded = load::load(root, options);
    take_stock(&loaded.inventory, loaded.diagnostics, loaded.today, due_within_days)
}

/// The inventory of `entries` on `today`, with the reviews due within
/// `due_within_days`.
pub(crate) fn take_stock(
    entries: &[Entry],
    mut diagnostics: Vec<Diagnostic>,
    today: jiff::civil::Date,
    due_within_days: u32,
) -> Inventory {
    let with = |pick: fn(&Entry) -> bool| entries.iter().filter(|e| pick(e)).map(listed).collect::<Vec<_>>();
    let on_site_or_coming = |e: &Entry| !matches!(e.hidden, Some(Hidden::Draft | Hidden::Expired(_)));
    crate::diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    Inventory {
        as_of: today.to_string(),
        due_within_days,
        drafts: with(|e| e.hidden == Some(Hidden::Draft)),
        scheduled: with(|e| matches!(e.hidden, Some(Hidden::Scheduled(_)))),
        expired: with(|e| matches!(e.hidden, Some(Hidden::Expired(_)))),
        reviews: entries
            .iter()
            .filter(|e| e.medical && on_site_or_coming(e))
            .filter_map(|e| review(e, today, due_within_days))
            .collect(),
        without_sources: entries
            .iter()
            .filter(|e| e.medical && e.sources == 0 && on_site_or_coming(e))
            .map(listed)
            .collect(),
        outdated_translations: entries
            .iter()
            .filter(|e| {
                let file = std::path::Path::new(&e.file);
                diagnostics
                    .iter()
                    .any(|d| d.rule == "translation-outdated" && d.file == file)
            })
            .map(listed)
            .collect(),
        findings: by_file(diagnostics),
    }
}

fn listed(e: &Entry) -> Listed {
    Listed {
        file: e.file.clone(),
        title: e.title.clone(),
        url: e.route.clone(),
        publish_date: e.schedule.publish.map(|d| d.iso()),
        expiry_date: e.schedule.expiry.map(|d| d.iso()),
    }
}

/// The page's review when it was never done or falls due within `within` days.
fn review(e: &Entry, today: jiff::civil::Date, within: u32) -> Option<Review> {
    let due = e.review_due;
    let days_left = due.map(|d| i64::from(today.until(d).map_or(0, |s| s.get_days())));
    if days_left.is_some_and(|left| left > i64::from(within)) {
        return None;
    }
    Some(Review {
        file: e.file.clone(),
        title: e.title.clone(),
        last_reviewed: e.last_reviewed.map(|d| d.iso()),
        reviewed_by: e.reviewed_by.clone(),
        due: due.map(|d| d.to_string()),
        days_left,
    })
}

fn by_file(diagnostics: Vec<Diagnostic>) -> Vec<FileFindings> {
    let mut out: Vec<FileFindings> = Vec::new();
    for d in diagnostics {
        let file = d.file.to_string_lossy().replace('\\', "/");
        match out.last_mut() {
            Some(last) if last.file == file => last.findings.push(d),
            _ => out.push(FileFindings {
                file,
                findings: vec![d],
            }),
        }
    }
    out
}
