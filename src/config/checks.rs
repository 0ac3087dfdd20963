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
pub(crate) const KEYS: &[&str] = &["rules", "disable", "severity"];
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
}
