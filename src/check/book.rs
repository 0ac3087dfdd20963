//! The rule book: the rules in force for one site (the table's, minus the
//! disabled ones, plus the clinic's own), with the wording rules compiled.
//! Nothing here reads files: site.yaml's `checks:` arrives already parsed.

use std::collections::BTreeSet;
use std::sync::{LazyLock, Mutex};

use regex::Regex;
use regex_automata::meta::Regex as MetaRegex;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

use super::spanish;
use super::table::{default_severity, Check, Claim, RULES};
use crate::config::checks::Checks;
use crate::diagnostics::Severity;

/// Placeholder text that `dermapress new` writes; a warning until replaced.
const PLACEHOLDER: &str = r"\bTODO\b";

/// Words before a match that turn a claim into its honest negation:
/// "we cannot guarantee", "no treatment is 100% safe", "is not a cure".
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:not|no|never|nor|cannot|without|nobody|nothing)|n['’]t)\s+(?:(?:a|an|the|be|been|is|are|was|always|fully|completely|entirely|truly|totally|necessarily|really|quite|considered|treatment|procedure|method|device|one|it|this|that|can|could|will|would|to|any|we|you|promise|offer|claim|give)\s+){0,3}$",
    )
    .expect("the negation pattern is a valid regex")
});

/// "FDA-approved for severe acne" names what the approval is for.
static QUALIFIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+for\b").expect("the qualification pattern is a valid regex"));

static SPANISH_NEGATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(spanish::NEGATION).expect("the Spanish negation pattern is a valid regex"));
static SPANISH_QUALIFIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(spanish::QUALIFIED).expect("the Spanish qualification pattern is a valid regex"));

/// How a language says "not" before a claim and "for" after an approval.
#[derive(Debug, Clone, Copy)]
struct Grammar {
    negation: &'static LazyLock<Regex>,
    qualified: &'static LazyLock<Regex>,
}

const ENGLISH: Grammar = Grammar {
    negation: &NEGATION,
    qualified: &QUALIFIED,
};
const SPANISH: Grammar = Grammar {
    negation: &SPANISH_NEGATION,
    qualified: &SPANISH_QUALIFIED,
};

/// The primary language of a BCP 47 code: `es` for `es-US`.
fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

/// A wording rule ready to run.
#[derive(Debug, Clone)]
pub(crate) struct TextRule {
    pub(crate) id: &'static str,
    pub(crate) regex: Regex,
    pub(crate) severity: Severity,
    /// An honest negation before the phrase ("cannot guarantee") is fine.
    pub(crate) negatable: bool,
    /// The language's negations and qualifications.
    grammar: Grammar,
    /// For a clinic's own regular expression: its place in `checks.rules`.
    /// Such a rule is kept out of the pre-screen and runs under a time
    /// budget per page (see `claims`), since its cost is the clinic's to pick.
    pub(crate) budgeted: Option<usize>,
    why: Option<String>,
    help: String,
}

impl TextRule {
    /// Whether the match at `start..end` of `text` is really the claim.
    /// `text` is the whole Markdown or value the match is in, so that a
    /// negation in another run of text ("we **cannot** guarantee") counts.
    pub(crate) fn applies(&self, text: &str, start: usize, end: usize) -> bool {
        if self.negatable {
            let mut from = start.saturating_sub(80);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before: String = text[from..start].chars().filter(|c| !"*_~".contains(*c)).collect();
            if self.grammar.negation.is_match(&before) {
                return false;
            }
        }
        !(self.id == "fda-approved" && self.grammar.qualified.is_match(&text[end..]))
    }

    pub(crate) fn message(&self, phrase: &str) -> String {
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        match &self.why {
            Some(why) => format!("\"{phrase}\" {why}"),
            None => format!(
                "\"{phrase}\" is on this site's list of wording to avoid (rule `{}`)",
                self.id
            ),
        }
    }

    pub(crate) fn help(&self) -> &str {
        &self.help
    }
}

/// All text rules' patterns in one automaton: one pass over a text says which
/// rules can match it at all, so most prose is scanned once, not once per rule.
/// The literal prefilter is off: claim words are short and common ("no",
/// "cure") and a prefilter stopping at each of them is slower than the DFA.
/// Word boundaries are ASCII here, which the fast engines support; they match
/// wherever the Unicode ones do and a little more, enough for a pre-screen.
/// A clinic's own regular expressions are not in it: one slow pattern
/// would slow the screen of every page, beyond the reach of their budget.
#[derive(Debug, Clone, Default)]
struct Screen {
    regex: Option<MetaRegex>,
    /// The rule (index in `RuleBook::text_rules`) of each pattern.
    rules: Vec<usize>,
}

impl Screen {
    fn new(rules: &[TextRule]) -> Screen {
        let screened: Vec<usize> = (0..rules.len()).filter(|&i| rules[i].budgeted.is_none()).collect();
        let patterns: Vec<String> = screened
            .iter()
            .map(|&i| rules[i].regex.as_str().replace(r"\b", r"(?-u:\b)"))
            .collect();
        let built = MetaRegex::builder()
            .configure(MetaRegex::config().match_kind(MatchKind::All).auto_prefilter(false))
            .build_many(&patterns);
        Screen {
            regex: built.ok(),
            rules: screened,
        }
    }

    /// Whether each rule may match somewhere (screened rules that matched,
    /// and every rule the screen does not cover); None when every rule must
    /// be tried.
    fn matches(&self, text: &str, rules: usize) -> Option<Vec<bool>> {
        let re = self.regex.as_ref()?;
        let mut set = PatternSet::new(re.pattern_len());
        re.which_overlapping_matches(&Input::new(text), &mut set);
        let mut hits = vec![true; rules];
        for (p, &rule) in self.rules.iter().enumerate() {
            if let Some(hit) = hits.get_mut(rule) {
                *hit = set.contains(PatternID::new_unchecked(p));
            }
        }
        Some(hits)
    }
}

/// The rules in force for a site: the built-ins and the clinic's own, minus
/// the disabled ones, with severities as site.yaml sets them.
#[derive(Debug, Clone)]
pub(crate) struct RuleBook {
    pub(crate) text_rules: Vec<TextRule>,
    /// All text rules' patterns at once: one pass over a text says which
    /// rules can match it at all, so most prose is scanned once, not per rule.
    any: Screen,
    disabled: BTreeSet<String>,
    severities: Vec<(String, Severity)>,
}

impl RuleBook {
    /// The rules for pages in English (and in languages without wording of their own).
    #[cfg(test)]
    pub(crate) fn new(checks: &Checks) -> RuleBook {
        RuleBook::for_language(checks, "en")
    }

    /// The rules for pages in `lang`: the built-in wording of that language
    /// (English where there is none) and the clinic's rules for every
    /// language or for that one.
    ///
    /// Compiling the patterns takes milliseconds, which `watch` would pay on
    /// every save: the last few books compiled are kept, by their settings.
    pub(crate) fn for_language(checks: &Checks, lang: &str) -> RuleBook {
        const KEPT: usize = 8;
        static COMPILED: LazyLock<Mutex<Vec<(String, RuleBook)>>> = LazyLock::new(Default::default);
        // Settings that cannot be serialized are compiled every time.
        let Ok(settings) = serde_json::to_string(checks) else {
            return RuleBook::compile(checks, lang);
        };
        let key = format!("{lang}\n{settings}");
        if let Ok(kept) = COMPILED.lock() {
            if let Some((_, book)) = kept.iter().find(|(k, _)| *k == key) {
                return book.clone();
            }
        }
        let book = RuleBook::compile(checks, lang);
        if let Ok(mut kept) = COMPILED.lock() {
            if kept.len() == KEPT {
                kept.remove(0);
            }
            kept.push((key, book.clone()));
        }
        book
    }

    fn compile(checks: &Checks, lang: &str) -> RuleBook {
        let severities: Vec<(String, Severity)> = checks
            .severity
            .iter()
            .map(|(id, level)| (id.clone(), (*level).into()))
            .collect();
        let disabled: BTreeSet<String> = checks.disable.iter().cloned().collect();
        let mut book = RuleBook {
            text_rules: Vec::new(),
            any: Screen::default(),
            disabled,
            severities,
        };
        let mut rules = book.built_in_rules(lang);
        rules.extend(book.custom_rules(checks, lang));
        rules.retain(|r| !book.is_disabled(r.id));
        // Every pattern here compiled alone, so the set compiles too; if it
        // ever did not, checking each rule (an empty set would skip them all)
        // must not be lost.
        book.any = Screen::new(&rules);
        book.text_rules = rules;
        book
    }

    /// The table's wording rules and the placeholder rule, at their severities.
    fn built_in_rules(&self, lang: &str) -> Vec<TextRule> {
        let (grammar, claims): (Grammar, Vec<(&'static str, &Claim)>) = match primary(lang) {
            "es" => (SPANISH, spanish::CLAIMS.iter().map(|(id, c)| (*id, c)).collect()),
            _ => (
                ENGLISH,
                RULES
                    .iter()
                    .filter_map(|rule| match &rule.check {
                        Check::Wording(c) => Some((rule.id, c)),
                        _ => None,
                    })
                    .collect(),
            ),
        };
        let mut rules: Vec<TextRule> = claims
            .into_iter()
            .filter_map(|(id, c)| {
                Some(TextRule {
                    id,
                    regex: Regex::new(c.pattern).ok()?,
                    severity: self.severity(id),
                    negatable: true,
                    grammar,
                    budgeted: None,
                    why: Some(c.why.to_string()),
                    help: c.help.to_string(),
                })
            })
            .collect();
        if let Ok(regex) = Regex::new(PLACEHOLDER) {
            rules.push(TextRule {
                id: "placeholder",
                regex,
                severity: self.severity("placeholder"),
                negatable: false,
                grammar,
                budgeted: None,
                why: Some("is placeholder text".to_string()),
                help: "replace it with the real text before you publish the page".to_string(),
            });
        }
        rules
    }

    /// The clinic's own rules from site.yaml's `checks.rules`.
    fn custom_rules(&self, checks: &Checks, lang: &str) -> Vec<TextRule> {
        let mut rules = Vec::new();
        for (i, custom) in checks.rules.iter().enumerate() {
            // A rule for one language (`lang: es`) checks only its pages (`es-US` too).
            if custom.lang.as_deref().is_some_and(|l| l != lang && l != primary(lang)) {
                continue;
            }
            // A bad pattern was already reported when site.yaml was loaded.
            let Ok(regex) = custom.compile() else { continue };
            let id = intern(custom.id.trim());
            let severity = self
                .override_for(id)
                .or(custom.severity.map(Severity::from))
                .unwrap_or(Severity::Error);
            rules.push(TextRule {
                id,
                regex,
                severity,
                negatable: false,
                grammar: ENGLISH,
                budgeted: custom.regex.then_some(i),
                why: custom.message.clone(),
                help: custom.help.clone().unwrap_or_else(|| {
                    format!("reword this, or mark a justified use with `dermapress-allow: {id}` on the line")
                }),
            });
        }
        rules
    }

    /// The rules whose pattern may occur somewhere in `text`.
    pub(crate) fn candidates<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a TextRule> + 'a {
        let hits = self.any.matches(text, self.text_rules.len());
        self.text_rules
            .iter()
            .enumerate()
            .filter(move |(i, _)| hits.as_ref().is_none_or(|h| h.get(*i).copied().unwrap_or(true)))
            .map(|(_, r)| r)
    }

    pub(crate) fn is_disabled(&self, id: &str) -> bool {
        self.disabled.contains(id)
    }

    fn override_for(&self, id: &str) -> Option<Severity> {
        self.severities.iter().find(|(i, _)| i == id).map(|(_, s)| *s)
    }

    /// The severity of a rule for this site.
    pub(crate) fn severity(&self, id: &str) -> Severity {
        self.override_for(id).unwrap_or_else(|| default_severity(id))
    }
}

/// Rule ids from site.yaml live as long as the process: diagnostics name
/// their rule with a `&'static str`. Each distinct id is stored once, so a
/// long `watch` session does not grow with every rebuild.
fn intern(id: &str) -> &'static str {
    static IDS: LazyLock<Mutex<BTreeSet<&'static str>>> = LazyLock::new(Default::default);
    let Ok(mut ids) = IDS.lock() else {
        return "custom-rule";
    };
    if let Some(existing) = ids.get(id) {
        return existing;
    }
    let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
    ids.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<&'static str> {
        let book = RuleBook::new(&Checks::default());
        let mut out = Vec::new();
        for rule in &book.text_rules {
            for m in rule.regex.find_iter(text) {
                if rule.applies(text, m.start(), m.end()) {
                    out.push(rule.id);
                }
            }
        }
        out
    }

    #[test]
    fn every_builtin_pattern_compiles_and_is_listed() {
        let book = RuleBook::new(&Checks::default());
        let wording = RULES.iter().filter(|r| matches!(r.check, Check::Wording(_))).count();
        assert_eq!(book.text_rules.len(), wording + 1);
        for rule in &book.text_rules {
            assert!(super::super::table::rule(rule.id).is_some(), "{}", rule.id);
        }
    }

    #[test]
    fn claims_are_found_as_whole_words_in_any_case() {
        assert_eq!(flagged("Results are GUARANTEED."), ["guarantee"]);
        assert_eq!(flagged("a pain-free, painless visit"), ["painless", "painless"]);
        assert_eq!(flagged("It is 100% safe and risk-free"), ["no-risk", "completely-safe"]);
        assert_eq!(flagged("our FDA approved device"), ["fda-approved"]);
        assert_eq!(flagged("the best in Springfield"), ["best-in"]);
        assert_eq!(flagged("no\n  downtime"), ["no-downtime"]);
        assert!(flagged("procured secure curettage guaranteeable painlessly").is_empty());
        assert!(flagged("the best in class").is_empty());
        assert!(flagged("can leave permanent scarring").is_empty());
    }

    #[test]
    fn honest_negations_pass() {
        assert!(flagged("We cannot guarantee results.").is_empty());
        assert!(flagged("There is no guarantee, and results aren’t guaranteed").is_empty());
        assert!(flagged("No treatment is 100% safe; it is not a cure").is_empty());
        assert!(flagged("isotretinoin is FDA-approved for severe acne").is_empty());
        assert!(flagged("we **cannot** guarantee that").is_empty());
        assert_eq!(flagged("It is not painful and there is no downtime"), ["no-downtime"]);
    }
}
