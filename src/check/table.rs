//! The rule table: every rule `check` knows, with its default severity and
//! how it is checked. Adding a rule is one row here (and, for a rule that is
//! not a wording pattern, its function in the module of its kind).
//!
//! The wording rules follow what US health-advertising regulators warn about
//! (FTC Act §5 and its Health Products Compliance Guidance, the FDA's
//! microneedling device guidance); the README lists them all.

use super::{metadata, policy, review, sources, translations, Finding, RuleContext};
use crate::content::page::Page;
use crate::diagnostics::Severity::{self, Error, Warning};
use Check::{Image, Page as OnPage, Prose, Site as OnSite, Wording};

pub(crate) struct Rule {
    pub(crate) id: &'static str,
    /// The severity unless site.yaml's `checks: severity:` says otherwise.
    pub(crate) severity: Severity,
    pub(crate) check: Check,
}

/// A built-in wording rule: the pattern, why the wording is risky and what
/// to write instead. An honest negation before it ("we cannot guarantee")
/// is never flagged.
pub(crate) struct Claim {
    pub(crate) pattern: &'static str,
    pub(crate) why: &'static str,
    pub(crate) help: &'static str,
}

pub(crate) enum Check {
    /// A wording pattern, found in the one pass over each page's prose.
    Wording(Claim),
    /// Found in that same pass, but not a pattern (placeholder text).
    Prose,
    /// A rule over one page at a time.
    Page(fn(&Page, &RuleContext) -> Vec<Finding>),
    /// A rule over all pages at once: findings with the index of their page.
    Site(fn(&[Page]) -> Vec<(usize, Finding)>),
    /// The answer of another site, asked only by `check --external`
    /// (`crate::external`); listed here so that `checks:` can disable it or
    /// change its severity like any rule.
    External,
    /// Found while the images are processed, which reads their metadata
    /// anyway (see `check::image_findings`).
    Image,
}

/// Every rule, in the order the README lists them: wording first, then the
/// rules about metadata and medical review.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "guarantee",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bguarantee(?:s|d|ing)?\b",
            why: "promises an outcome; the FTC treats a promised health result as a claim that needs scientific proof, and no treatment works the same for everyone",
            help: "say what is typical instead, e.g. \"results vary; most people need 3 to 6 sessions\" (an honest \"we cannot guarantee results\" is fine)",
        }),
    },
    Rule {
        id: "permanent-results",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bpermanent(?:ly)?\s+(?:results?|improvements?|fix(?:es)?|solutions?|removal|correction)\b|\bresults?\s+(?:are|is|will\s+be)\s+(?:truly\s+|fully\s+|completely\s+)?permanent\b|\blasts?\s+(?:forever|permanently)\b",
            why: "says the results last forever; skin keeps ageing and every person responds differently, so the FTC would expect long-term evidence",
            help: "e.g. \"results develop over several weeks; maintenance sessions may be needed\"",
        }),
    },
    Rule {
        id: "painless",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bpain(?:less|[\s-]?free)\b",
            why: "promises no pain; most people feel some discomfort even with numbing cream, so the claim misleads",
            help: "e.g. \"numbing cream is applied first; most people feel mild discomfort\"",
        }),
    },
    Rule {
        id: "no-risk",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bno\s+risks?\b|\brisk[\s-]?free\b|\bzero\s+risks?\b|\bwithout\s+(?:any\s+)?risks?\b|\bno\s+side[\s-]effects?\b",
            why: "denies risks the FDA lists for this kind of treatment (infection, scarring, pigment changes, nerve or blood-vessel damage)",
            help: "e.g. \"generally well tolerated; possible side effects include redness, swelling and, rarely, infection or scarring\"",
        }),
    },
    Rule {
        id: "completely-safe",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b100\s*(?:%|percent)\s*safe\b|\b(?:completely|totally|perfectly|entirely|absolutely)\s+safe\b",
            why: "claims absolute safety, but no medical treatment is free of risk, so the FTC would see it as misleading",
            help: "e.g. \"generally well tolerated when done by a trained clinician\", with a link to the risks page",
        }),
    },
    Rule {
        id: "cure",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bcur(?:e|es|ed)\b",
            why: "presents a cosmetic treatment as curing a condition: a disease claim that needs strong clinical evidence (FTC) and that the FDA has not cleared these devices for",
            help: "describe the process and what studies show, e.g. \"can make acne scars less visible over several sessions\"",
        }),
    },
    Rule {
        id: "fda-approved",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bFDA[\s-]+approved\b|\bapproved\s+by\s+the\s+(?:US\s+)?(?:FDA|Food\s+and\s+Drug\s+Administration)\b",
            why: "misstates regulatory status: microneedling devices are FDA-cleared through 510(k), not FDA-approved",
            help: "if it is true, write \"performed with an FDA-cleared device\"; for a medicine, say what it is approved for (\"FDA-approved for severe acne\")",
        }),
    },
    Rule {
        id: "no-downtime",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b(?:no|zero)\s+downtime\b|\bwithout\s+(?:any\s+)?downtime\b",
            why: "promises no recovery time, but most people have redness for one to three days",
            help: "e.g. \"redness for 1 to 3 days is common\"",
        }),
    },
    Rule {
        id: "instant-results",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b(?:instant(?:ly)?|immediate)\s+(?:results?|improvements?|effects?|fix|transformation)\b",
            why: "promises results at once, but new collagen forms over weeks to months",
            help: "describe the timeline, e.g. \"results develop over 4 to 12 weeks\"",
        }),
    },
    Rule {
        id: "miracle",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bmiracle(?:s)?\b|\bmiraculous(?:ly)?\b",
            why: "implies an extraordinary effect that no study supports",
            help: "describe the process and its timeline instead",
        }),
    },
    Rule {
        id: "best-in",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bbest(?:\s+(?:clinic|clinics|provider|providers|practice|dermatologist|dermatologists|spa|results?|care|treatments?|skin\s+care|value))?\s+in\s+(?:the\s+)?(?:world|country|nation|state|city|town|region|area|(?-i:\p{Lu})\w*)|\bthe\s+best\s+(?:clinic|provider|practice|dermatologist|spa|results?|treatment)\b|(?:\bnumber\s+one|\bno\.\s*1|#\s?1)\s+(?:clinic|provider|practice|dermatologist|choice|spa)\b",
            why: "is a superiority claim that needs objective proof under the FTC Act, and many medical boards forbid it",
            help: "leave it out, or name the evidence (an award, who gave it and when)",
        }),
    },
    Rule {
        id: "universal-claim",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b(?:suitable|safe|right|ideal|perfect|works|effective)\s+for\s+(?:all|every|any)\s+(?:skin\s+(?:types?|tones?|colou?rs?)|skin|patients?|people|ages?)\b|\b(?:suitable|safe|ideal)\s+for\s+everyone\b",
            why: "says the treatment suits everyone, but some people should not have it (active infection or acne, some medicines, pregnancy) and darker skin has a higher risk of pigment changes",
            help: "say who it may suit and who should avoid it, e.g. \"suitable for many skin types; your clinician will check whether it is right for you\"",
        }),
    },
    Rule {
        id: "scar-free",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bscar[\s-]?free\b|\bleaves?\s+no\s+scars?\b",
            why: "promises no scarring, but scarring is a listed risk of microneedling and of most skin procedures",
            help: "e.g. \"scarring is rare when the treatment is done by a trained clinician\", with a link to the risks page",
        }),
    },
    Rule {
        id: "clinically-proven",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b(?:clinically|scientifically|medically)\s+proven\b|\bproven\s+to\s+(?:work|remove|erase|eliminate|reverse|cure|fix)\b",
            why: "claims proof; the FTC expects competent and reliable scientific evidence for it, and the evidence for most uses of microneedling is still limited",
            help: "say what studies found and cite them, e.g. \"small studies suggest it can make acne scars less visible\" with a source",
        }),
    },
    Rule {
        id: "safe-and-effective",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bsafe\s+and\s+effective\b|\beffective\s+and\s+safe\b",
            why: "is the wording the FDA uses for products it has reviewed; on a clinic's page it reads as a promise of both safety and results",
            help: "describe the evidence and the risks separately, e.g. \"studies show modest improvement; side effects are usually mild and short-lived\"",
        }),
    },
    Rule {
        id: "turn-back-the-clock",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\b(?:turn|turns|turning)\s+back\s+(?:the\s+)?(?:clock|time|years)\b|\breverses?\s+(?:the\s+)?(?:signs\s+of\s+)?(?:ageing|aging)\b|\bfountain\s+of\s+youth\b|\banti[\s-]?ag(?:e)?ing\s+miracle\b",
            why: "promises to undo ageing, which no skin treatment does; the FTC treats such anti-ageing promises as claims that need proof",
            help: "e.g. \"can make fine lines less visible over several months\"",
        }),
    },
    Rule {
        id: "outcome-promise",
        severity: Error,
        check: Wording(Claim {
            pattern: r"(?i)\bnatural[\s-]looking\s+results?\b|\bflawless\s+(?:skin|results?)\b|\bresults?\s+you(?:'|’)ll\s+love\b",
            why: "promises how the result will look, but results vary from person to person and cannot be promised",
            help: "describe what is typical instead, e.g. \"most people see a gradual, modest change; results vary\"",
        }),
    },
    Rule {
        id: "placeholder",
        severity: Warning,
        check: Prose,
    },
    Rule {
        id: "title-length",
        severity: Warning,
        check: OnPage(metadata::title_length),
    },
    Rule {
        id: "description-length",
        severity: Warning,
        check: OnPage(metadata::description_length),
    },
    Rule {
        id: "duplicate-title",
        severity: Error,
        check: OnSite(metadata::duplicate_titles),
    },
    Rule {
        id: "image-alt",
        severity: Error,
        check: OnPage(metadata::image_alt),
    },
    Rule {
        id: "image-blocked",
        severity: Warning,
        check: OnPage(policy::blocked_images),
    },
    Rule {
        id: "image-location",
        severity: Warning,
        check: Image,
    },
    Rule {
        id: "risk-section",
        severity: Warning,
        check: OnPage(review::risk_section),
    },
    Rule {
        id: "review-missing",
        severity: Warning,
        check: OnPage(review::missing),
    },
    Rule {
        id: "review-stale",
        severity: Warning,
        check: OnPage(review::stale),
    },
    Rule {
        id: "review-future",
        severity: Warning,
        check: OnPage(review::future),
    },
    Rule {
        id: "sources-missing",
        severity: Warning,
        check: OnPage(sources::missing),
    },
    Rule {
        id: "unsourced-claim",
        severity: Warning,
        check: OnPage(sources::unsourced_claims),
    },
    Rule {
        id: "dead-external-link",
        severity: Error,
        check: Check::External,
    },
    Rule {
        id: "unchecked-external-link",
        severity: Warning,
        check: Check::External,
    },
    Rule {
        id: "translation-outdated",
        severity: Warning,
        check: OnSite(translations::outdated),
    },
];

pub(crate) fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Every rule id, in the table's order.
pub(crate) fn ids() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.id)
}

/// The severity a built-in rule has unless site.yaml says otherwise.
pub(crate) fn default_severity(id: &str) -> Severity {
    rule(id).map_or(Error, |r| r.severity)
}

#[cfg(test)]
mod tests;
