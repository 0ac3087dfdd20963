//! The `checks:` part of site.yaml as data: a clinic's own wording rules,
//! rules it switches off, and rules whose severity it changes.
//!
//! Which rule ids exist is the rule table's business (`check::RULES`), so the
//! ids are validated there (`check::settings`), when the site loads.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Severity;

/// `checks:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct Checks {
    /// The clinic's own wording rules, checked like the built-in claims.
    #[serde(default)]
    pub(crate) rules: Vec<CustomRule>,
    /// Rule ids that are not checked at all.
    #[serde(default)]
    pub(crate) disable: Vec<String>,
    /// A different severity for a rule, by id.
    #[serde(default)]
    pub(crate) severity: BTreeMap<String, Level>,
    /// How `check --external` checks links to other sites.
    #[serde(default)]
    pub(crate) external: External,
}

/// `checks: external:` in site.yaml. Read only by `check --external`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct External {
    /// How long an answer is trusted before the address is asked again.
    #[serde(default = "default_cache_hours")]
    pub(crate) cache_hours: u32,
    /// Hosts that are never asked (each also skips its subdomains).
    #[serde(default)]
    pub(crate) skip: Vec<String>,
    /// How long one request may take before the address counts as not answering.
    #[serde(default = "default_timeout")]
    pub(crate) timeout_seconds: u32,
    /// The longest `Retry-After` honoured; a host asking for a longer wait is
    /// reported as not checked.
    #[serde(default = "default_max_wait")]
    pub(crate) max_wait_seconds: u32,
    /// How many requests one host gets at the same time.
    #[serde(default = "default_per_host")]
    pub(crate) per_host: u32,
}

impl Default for External {
    fn default() -> Self {
        External {
            cache_hours: default_cache_hours(),
            skip: Vec::new(),
            timeout_seconds: default_timeout(),
            max_wait_seconds: default_max_wait(),
            per_host: default_per_host(),
        }
    }
}

fn default_cache_hours() -> u32 {
    24
}
fn default_timeout() -> u32 {
    10
}
fn default_max_wait() -> u32 {
    30
}
fn default_per_host() -> u32 {
    2
}

impl External {
    /// Whether `host` is one of the skipped hosts or below one.
    pub(crate) fn skips(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.skip.iter().any(|pattern| {
            let pattern = pattern.trim().trim_end_matches('.').to_ascii_lowercase();
            host == pattern || host.strip_suffix(&pattern).is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

/// What is wrong with a skip pattern, in words, if anything: it must be a
/// host name (`www.fda.gov`) or an IP address, nothing around it.
pub(crate) fn host_problem(pattern: &str) -> Option<String> {
    let host = pattern.trim().trim_end_matches('.');
    if host.contains("://") || host.contains('/') {
        return Some("it is an address, not a host name".to_string());
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
        return Some("a host name has only letters, digits, hyphens and dots between them".to_string());
    }
    None
}

/// A wording rule written in site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct CustomRule {
    pub(crate) id: String,
    /// A phrase (matched as whole words, any case) or, with `regex: true`, a
    /// regular expression (any case unless it says `(?-i)`).
    pub(crate) pattern: String,
    #[serde(default)]
    pub(crate) regex: bool,
    #[serde(default)]
    pub(crate) severity: Option<Level>,
    #[serde(default)]
    pub(crate) message: Option<String>,
    #[serde(default)]
    pub(crate) help: Option<String>,
    /// Only for pages in this language (`es`; also `es-US` pages).
    #[serde(default)]
    pub(crate) lang: Option<String>,
}

/// A severity as written in site.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Error,
    Warning,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        }
    }
}

/// The keys of `checks:` for site.yaml's schema.
pub(crate) const KEYS: &[&str] = &["rules", "disable", "severity", "external"];
pub(crate) const EXTERNAL_KEYS: &[&str] = &["cache_hours", "skip", "timeout_seconds", "max_wait_seconds", "per_host"];
pub(crate) const RULE_KEYS: &[&str] = &["id", "pattern", "regex", "severity", "message", "help", "lang"];

impl CustomRule {
    /// The rule's expression: a phrase becomes whole words, any case, with any
    /// run of spaces or a line break between the words.
    /// Compiled within `REGEX_SIZE_LIMIT`: a pattern like `(\w+\s?){1,200}`
    /// copies its group two hundred times, and its cost per byte of text
    /// grows with its compiled size.
    pub(crate) fn compile(&self) -> Result<Regex, regex::Error> {
        let pattern = if self.regex {
            format!("(?i){}", self.pattern)
        } else {
            format!("(?i){}", phrase_pattern(&self.pattern))
        };
        regex::RegexBuilder::new(&pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
            .build()
    }
}

/// The largest compiled size of a clinic's own pattern (the regex crate's
/// default is 10 MB). The built-in rules compile to a few kilobytes each.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The cache of the lazy DFA that runs a clinic's own pattern; past it the
/// search falls back to slower engines rather than taking more memory.
const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// A phrase as a pattern: its words escaped, whole words, and any run of
/// white space (a line break in YAML or Markdown) between them.
pub(crate) fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let mut pattern = words.join(r"\s+");
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    if is_word(phrase.trim().chars().next()) {
        pattern.insert_str(0, r"\b");
    }
    if is_word(phrase.trim().chars().last()) {
        pattern.push_str(r"\b");
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_become_whole_word_patterns() {
        assert_eq!(phrase_pattern("cheapest"), r"\bcheapest\b");
        assert_eq!(phrase_pattern("best  price!"), r"\bbest\s+price!");
        assert_eq!(phrase_pattern("#1 spa"), r"\#1\s+spa\b");
    }

    #[test]
    fn a_skipped_host_skips_its_subdomains_only() {
        let external = External {
            skip: vec!["nih.gov".into(), "WWW.Example.com.".into()],
            ..External::default()
        };
        assert!(external.skips("nih.gov"));
        assert!(external.skips("www.ncbi.nlm.nih.gov"));
        assert!(external.skips("www.example.com"));
        assert!(!external.skips("notnih.gov"));
        assert!(!external.skips("example.com"));
    }

    #[test]
    fn skip_patterns_are_host_names() {
        for good in ["fda.gov", "www.aad.org", "127.0.0.1", "::1", "localhost"] {
            assert_eq!(host_problem(good), None, "{good}");
        }
        for bad in [
            "https://fda.gov",
            "fda.gov/page",
            "*.fda.gov",
            "fda gov",
            "",
            "-a.org",
            "a..org",
        ] {
            assert!(host_problem(bad).is_some(), "{bad}");
        }
    }
}
