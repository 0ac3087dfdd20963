//! The wording rules against the phrases clinic marketers write, and their
//! honest negations, which must pass.

use super::book::RuleBook;
use crate::config::checks::Checks;

fn flagged(text: &str) -> Vec<&'static str> {
    let book = RuleBook::new(&Checks::default());
    let mut out = Vec::new();
    for rule in book.candidates(text) {
        for m in rule.regex.find_iter(text) {
            if rule.applies(text, m.start(), m.end()) {
                out.push(rule.id);
            }
        }
    }
    out
}

#[test]
fn superiority_and_universality_claims_are_flagged() {
    let cases = [
        ("Come to the best clinic in Springfield.", "best-in"),
        ("We get the best results in town.", "best-in"),
        ("Microneedling is suitable for all skin types.", "universal-claim"),
        ("It is safe for every skin tone.", "universal-claim"),
        ("A scar-free way to smoother skin.", "scar-free"),
        ("Our method is clinically proven.", "clinically-proven"),
        ("A safe and effective treatment.", "safe-and-effective"),
        ("Turn back the clock on your skin.", "turn-back-the-clock"),
        ("Enjoy natural-looking results.", "outcome-promise"),
    ];
    for (text, rule) in cases {
        assert_eq!(flagged(text), [rule], "{text}");
    }
}

#[test]
fn honest_negations_of_the_new_claims_pass() {
    for text in [
        "Microneedling is not suitable for all skin types.",
        "No treatment is scar-free.",
        "It is not clinically proven for stretch marks.",
        "Nothing can turn back the clock.",
        "We cannot promise natural-looking results.",
    ] {
        assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
    }
}

#[test]
fn ordinary_patient_wording_passes() {
    for text in [
        "Results vary from person to person.",
        "The best time to book is after a consultation.",
        "Ask whether it is right for your skin type.",
        "Scarring is rare when a trained clinician does the treatment.",
    ] {
        assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
    }
}
