//! `timezone:` in site.yaml: the IANA name of the clinic's time zone, whose
//! date is the build's "today" when `--as-of` does not give one. Names are
//! looked up in the system's time zone database (`/usr/share/zoneinfo` on
//! Debian and macOS), which jiff reads.

use super::{Config, FILE};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::yaml::Spans;

/// Today in the zone `name`, or on this machine's clock and zone.
pub(super) fn today(name: Option<&str>) -> jiff::civil::Date {
    let now = jiff::Timestamp::now();
    match name.and_then(|n| jiff::tz::TimeZone::get(n).ok()) {
        Some(zone) => now.to_zoned(zone).date(),
        None => jiff::Zoned::now().date(),
    }
}

/// A `timezone` that names no zone, with the nearest name.
pub(super) fn problem(config: &Config, spans: &Spans, source: &SourceFile) -> Option<Diagnostic> {
    let name = config.timezone.as_deref()?;
    if jiff::tz::TimeZone::get(name).is_ok() {
        return None;
    }
    let db = jiff::tz::db();
    let names: Vec<String> = db.available().map(|n| n.to_string()).collect();
    let help = if names.is_empty() {
        "this computer has no time zone database (on Debian: apt-get install tzdata); or remove `timezone` to use the computer's own".to_string()
    } else {
        match did_you_mean(name, names.iter().map(String::as_str)) {
            Some(near) => {
                format!("did you mean `{near}`? Time zones are named Region/City, e.g. timezone: America/Chicago")
            }
            None => "name it Region/City as in the IANA time zone database, e.g. timezone: America/Chicago".to_string(),
        }
    };
    Some(
        Diagnostic::error(FILE, "unknown-timezone", format!("`{name}` is not a time zone"))
            .at(source, spans.value("timezone"))
            .with_help(help),
    )
}
