//! When a page is on the site: `publish_date` (the first day it is) and
//! `expiry_date` (the first day it is not). Pure: the day to judge by is
//! always given, never read from the clock here, so that the same sources
//! and the same `--as-of` give the same site.

use super::meta::Date;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub(crate) publish: Option<Date>,
    pub(crate) expiry: Option<Date>,
}

/// Why a page that parsed is not on the site today (the set-aside pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hidden {
    Draft,
    /// Published from this day on.
    Scheduled(Date),
    /// Taken down on this day.
    Expired(Date),
}

impl Schedule {
    /// Whether the schedule keeps the page off the site on `today`.
    pub(crate) fn hidden_on(&self, today: jiff::civil::Date) -> Option<Hidden> {
        if let Some(publish) = self.publish.filter(|d| d.0 > today) {
            return Some(Hidden::Scheduled(publish));
        }
        self.expiry.filter(|d| d.0 <= today).map(Hidden::Expired)
    }

    /// The next day after `today` on which the schedule changes what is
    /// published: the publish date still to come, else the expiry date.
    pub(crate) fn next_change(&self, today: jiff::civil::Date) -> Option<Date> {
        [self.publish, self.expiry].into_iter().flatten().find(|d| d.0 > today)
    }

    /// An expiry on or before the publish date: the page would never be up.
    pub(crate) fn problem(&self, source: &SourceFile, spans: &Spans) -> Option<Diagnostic> {
        let (publish, expiry) = (self.publish?, self.expiry?);
        (expiry <= publish).then(|| {
            Diagnostic::error(
                source.path(),
                "bad-schedule",
                format!(
                    "`expiry_date` ({}) is not after `publish_date` ({}), so the page would never be published",
                    expiry.iso(),
                    publish.iso()
                ),
            )
            .at(source, spans.value("expiry_date"))
            .with_help("the expiry date is the first day the page is taken down: make it later than publish_date, or remove it")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn schedule(publish: Option<&str>, expiry: Option<&str>) -> Schedule {
        Schedule {
            publish: publish.and_then(Date::parse),
            expiry: expiry.and_then(Date::parse),
        }
    }

    #[test]
    fn a_page_is_up_from_its_publish_date_until_the_day_before_its_expiry() {
        let s = schedule(Some("2026-06-08"), Some("2026-06-30"));
        let day = |d| s.hidden_on(d);
        assert_eq!(day(date(2026, 6, 7)), Some(Hidden::Scheduled(Date(date(2026, 6, 8)))));
        assert_eq!(day(date(2026, 6, 8)), None);
        assert_eq!(day(date(2026, 6, 29)), None);
        assert_eq!(day(date(2026, 6, 30)), Some(Hidden::Expired(Date(date(2026, 6, 30)))));
        assert_eq!(schedule(None, None).hidden_on(date(2026, 1, 1)), None);
    }

    #[test]
    fn the_next_change_is_the_first_date_still_to_come() {
        let s = schedule(Some("2026-06-08"), Some("2026-06-30"));
        assert_eq!(s.next_change(date(2026, 6, 1)), Some(Date(date(2026, 6, 8))));
        assert_eq!(s.next_change(date(2026, 6, 8)), Some(Date(date(2026, 6, 30))));
        assert_eq!(s.next_change(date(2026, 6, 30)), None);
    }
}
