//! One line per content page for the content inventory (`dermapress
//! status`, the preview's `/__dermapress/`): what it is, whether it is up,
//! and what its review and sources are. Taken while loading, from the
//! pages that are published and from those set aside, so that the
//! inventory exists even when the site has errors.

use crate::content::meta::Date;
use crate::content::page::Page;
use crate::content::schedule::{Hidden, Schedule};

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The source file, from the site's root: `content/offer.md`.
    pub(crate) file: String,
    pub(crate) title: String,
    /// The page's route when it is published.
    pub(crate) route: Option<String>,
    pub(crate) hidden: Option<Hidden>,
    pub(crate) schedule: Schedule,
    pub(crate) last_reviewed: Option<Date>,
    /// `last_reviewed` plus the site's `review_max_age_days`.
    pub(crate) review_due: Option<jiff::civil::Date>,
    pub(crate) reviewed_by: Option<String>,
    pub(crate) sources: usize,
    /// A medical page: about a procedure, or naming a reviewer (the pages
    /// the review rules hold to `review_max_age_days`).
    pub(crate) medical: bool,
}

impl Entry {
    /// `max_age`: the site's `review_max_age_days`.
    pub(crate) fn new(page: &Page, route: Option<&str>, hidden: Option<Hidden>, max_age: u32) -> Entry {
        let due = |last: Date| last.0.checked_add(jiff::Span::new().days(i64::from(max_age))).ok();
        Entry {
            file: format!("content/{}", page.path),
            title: page.meta.title.clone(),
            route: route.map(str::to_string),
            hidden,
            schedule: page.meta.schedule,
            last_reviewed: page.meta.last_reviewed,
            review_due: page.meta.last_reviewed.and_then(due),
            reviewed_by: page.meta.reviewed_by.clone(),
            sources: page.meta.sources.len(),
            medical: page.meta.procedure.is_some() || page.meta.reviewed_by.is_some(),
        }
    }
}

/// Every page's entry, sorted by file: the published ones (with their
/// routes) and the set-aside ones.
pub(crate) fn entries(pages: &[Page], routes: &[String], hidden: &[(Page, Hidden)], max_age: u32) -> Vec<Entry> {
    let mut all: Vec<Entry> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| Entry::new(p, routes.get(i).map(String::as_str), None, max_age))
        .chain(hidden.iter().map(|(p, why)| Entry::new(p, None, Some(*why), max_age)))
        .collect();
    all.sort_by(|a, b| a.file.cmp(&b.file));
    all
}

/// The first day after `today` on which a page goes up or comes down, with
/// its file: when a scheduler should build again. Drafts are not counted:
/// they stay off the site whatever the date.
pub(crate) fn next_change(entries: &[Entry], today: jiff::civil::Date) -> Option<(Date, String)> {
    entries
        .iter()
        .filter(|e| e.hidden != Some(Hidden::Draft))
        .filter_map(|e| Some((e.schedule.next_change(today)?, e.file.clone())))
        .min()
}
