//! The wording rules against the phrases clinic marketers write, and their
//! honest negations, which must pass.

use super::book::RuleBook;
use crate::config::checks::Checks;

fn flagged(text: &str) -> Vec<&'static str> {
    flagged_in("en", text)
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

fn flagged_in(lang: &str, text: &str) -> Vec<&'static str> {
    let book = RuleBook::for_language(&Checks::default(), lang);
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
fn spanish_claims_are_flagged_on_spanish_pages() {
    let cases = [
        ("Resultados garantizados desde la primera sesión.", "guarantee"),
        ("Un tratamiento garantizado.", "guarantee"),
        ("Un procedimiento sin dolor.", "painless"),
        ("Es indoloro.", "painless"),
        ("Un tratamiento sin riesgos.", "no-risk"),
        ("Es un tratamiento sin riesgo.", "no-risk"),
        ("Es 100 % seguro.", "completely-safe"),
        ("Es 100\u{a0}% seguro.", "completely-safe"),
        ("La cura para las cicatrices.", "cure"),
        ("Un dispositivo aprobado por la FDA.", "fda-approved"),
        ("Sin tiempo de recuperación.", "no-downtime"),
        ("Resultados inmediatos.", "instant-results"),
        ("Resultados permanentes.", "permanent-results"),
        ("Un milagro para su piel.", "miracle"),
        ("La mejor clínica de Springfield.", "best-in"),
    ];
    for (text, rule) in cases {
        assert_eq!(flagged_in("es", text), [rule], "{text}");
        assert_eq!(flagged_in("es-US", text), [rule], "{text}");
    }
}

#[test]
fn spanish_honest_negations_pass_and_english_wording_is_not_read_as_spanish() {
    for text in [
        "No garantizamos resultados.",
        "No podemos garantizar resultados.",
        "Ningún tratamiento es 100 % seguro.",
        "No es una cura.",
        "No es un tratamiento sin dolor.",
        "La isotretinoína está aprobada por la FDA para el acné grave.",
        "La piel sana en unos días.",
    ] {
        assert!(
            flagged_in("es", text).is_empty(),
            "{text}: {:?}",
            flagged_in("es", text)
        );
    }
    // A Spanish word is no English claim, and the reverse.
    assert!(flagged_in("en", "Resultados garantizados.").is_empty());
    assert!(flagged_in("es", "Guaranteed results.").is_empty());
}
