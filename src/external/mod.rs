//! `check --external`: whether the pages on other sites that the content
//! links to and cites still answer. Collecting the addresses and wording the
//! findings are pure (`collect`, `verdict`); asking (`fetch`) and
//! remembering answers (`cache`) are the I/O at the edge. Nothing else in
//! dermapress touches the network, and this runs only when asked to.

mod cache;
mod collect;
mod fetch;
mod verdict;

use std::collections::BTreeMap;
use std::path::Path;

use reqwest::Url;

use crate::check::book::RuleBook;
use crate::config::checks::External;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::Site;
use collect::Mention;
use verdict::Answer;

use cache::FOLDER as CACHE_FOLDER;

/// The findings for every external address of `site` whose answer is not a
/// success, at the place each is written. `now`: seconds since 1970.
pub(crate) fn check(site: &Site, root: &Path, now: u64) -> Vec<Diagnostic> {
    let settings = &site.config.checks.external;
    let max_age = u64::from(settings.cache_hours) * 3600;
    let mentions = collect::mentions(site);
    let mut cache = cache::Cache::read(root);
    let answers = answers(&mentions, settings, &mut cache, now, max_age);
    cache.forget_older(now, max_age);
    // Only severities and disabled rules are read here: any language does.
    let book = RuleBook::for_language(&site.config.checks, site.config.default_language());
    let found = mentions
        .iter()
        .filter_map(|m| finding(m, answers.get(m.url.as_str())?, &book));
    let mut out: Vec<Diagnostic> = found.collect();
    if let Err(e) = cache.write(root) {
        out.push(
            Diagnostic::warning(cache::path(root), "link-cache", format!("the answers could not be kept for the next run: {e}"))
                .with_help(format!("make sure dermapress may write {CACHE_FOLDER}/ at the site root; the next run asks every address again")),
        );
    }
    out
}

/// Each address's answer, once per address: from the cache when it is
/// fresh, else asked (and kept in the cache). Skipped hosts have none.
fn answers<'m>(
    mentions: &'m [Mention],
    settings: &External,
    cache: &mut cache::Cache,
    now: u64,
    max_age: u64,
) -> BTreeMap<&'m str, Answer> {
    let mut answers: BTreeMap<&str, Answer> = BTreeMap::new();
    let mut to_ask: Vec<(&str, Url)> = Vec::new();
    for m in mentions {
        if answers.contains_key(m.url.as_str()) || to_ask.iter().any(|(u, _)| *u == m.url) {
            continue;
        }
        match Url::parse(&m.url) {
            Err(e) => {
                answers.insert(&m.url, Answer::BadAddress { reason: e.to_string() });
            }
            Ok(url) if url.host_str().is_some_and(|h| settings.skips(h)) => {}
            Ok(url) => match cache.fresh(&m.url, now, max_age) {
                Some(answer) => {
                    answers.insert(&m.url, answer.clone());
                }
                None => to_ask.push((&m.url, url)),
            },
        }
    }
    let urls: Vec<Url> = to_ask.iter().map(|(_, u)| u.clone()).collect();
    let asked = if urls.is_empty() {
        Vec::new()
    } else {
        fetch::ask_all(&urls, settings)
    };
    for ((written, _), answer) in to_ask.iter().zip(asked) {
        cache.insert(written, &answer, now);
        answers.insert(written, answer);
    }
    answers
}

/// The finding for one place an address is written, with the site's
/// severity for its rule; none for a success or a disabled rule.
fn finding(m: &Mention, answer: &Answer, book: &RuleBook) -> Option<Diagnostic> {
    let v = answer.verdict(&m.url, m.cited)?;
    if book.is_disabled(v.rule) {
        return None;
    }
    let d = match book.severity(v.rule) {
        Severity::Error => Diagnostic::error(m.file(), v.rule, v.message),
        Severity::Warning => Diagnostic::warning(m.file(), v.rule, v.message),
    };
    Some(d.at(&m.source, m.pos).with_help(v.help))
}
