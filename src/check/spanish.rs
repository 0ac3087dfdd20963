//! The built-in wording rules in Spanish: the same rules (same ids, so
//! `checks:` disables or lowers them in every language at once), with
//! Spanish patterns, Spanish honest negations ("no garantizamos
//! resultados", "ningún tratamiento es 100 % seguro") and help with Spanish
//! wording. Pages whose language is Spanish (`es`, `es-US`, ...) are checked
//! with these instead of the English ones.

use super::table::Claim;

/// Words before a match that make it an honest negation.
pub(crate) const NEGATION: &str = r"(?i)\b(?:no|nunca|jamás|ni|sin|nadie|nada|ningún|ninguna|ninguno|tampoco)\s+(?:(?:es|son|está|están|sea|un|una|el|la|los|las|lo|le|les|se|nos|hay|puede|pueden|podemos|existe|existen|tratamiento|procedimiento|método|dispositivo|siempre|totalmente|completamente|del|todo|realmente|necesariamente|prometemos|ofrecemos|damos|que|de|a|ser|estar|tiene|tienen|ofrece|promete)\s+){0,3}$";

/// "aprobado por la FDA para el acné grave" names what the approval is for.
pub(crate) const QUALIFIED: &str = r"^\s+para\b";

/// Each rule's Spanish pattern and help, by the rule's id.
pub(crate) const CLAIMS: &[(&str, Claim)] = &[
    (
        "guarantee",
        Claim {
            pattern: r"(?i)\bgarantiz(?:a|an|ado|ada|ados|adas|amos|ar|o)\b|\bgarantías?\b",
            why: "promises an outcome (\"garantizado\"); a promised health result needs scientific proof, and no treatment works the same for everyone",
            help: "say what is typical, e.g. \"los resultados varían; la mayoría de las personas necesita de 3 a 6 sesiones\" (an honest \"no garantizamos resultados\" is fine)",
        },
    ),
    (
        "permanent-results",
        Claim {
            pattern: r"(?i)\b(?:resultados?|mejoras?|soluci(?:ón|ones)|correcci(?:ón|ones)|eliminaci(?:ón|ones))\s+(?:permanentes?|definitiv[oa]s?)\b|\bresultados?\s+(?:son|es|serán|será)\s+(?:totalmente\s+|completamente\s+)?permanentes?\b|\bduran?\s+para\s+siempre\b",
            why: "says the results last forever (\"resultados permanentes\"); skin keeps ageing and every person responds differently",
            help: "e.g. \"los resultados aparecen a lo largo de varias semanas; puede necesitar sesiones de mantenimiento\"",
        },
    ),
    (
        "painless",
        Claim {
            pattern: r"(?i)\bsin\s+(?:ningún\s+)?dolor\b|\bindolor[oa]s?\b",
            why: "promises no pain (\"sin dolor\", \"indoloro\"); most people feel some discomfort even with numbing cream",
            help: "e.g. \"primero se aplica una crema anestésica; la mayoría de las personas siente una molestia leve\"",
        },
    ),
    (
        "no-risk",
        Claim {
            pattern: r"(?i)\bsin\s+(?:ningún\s+)?riesgos?\b|\blibre\s+de\s+riesgos?\b|\bcero\s+riesgos?\b|\bno\s+(?:hay|tiene)\s+(?:ningún\s+)?riesgos?\b|\bsin\s+efectos\s+(?:secundarios|adversos)\b",
            why: "denies risks the FDA lists for this kind of treatment (infection, scarring, pigment changes)",
            help: "e.g. \"suele tolerarse bien; los efectos secundarios posibles incluyen enrojecimiento, hinchazón y, rara vez, infección o cicatrices\"",
        },
    ),
    (
        "completely-safe",
        Claim {
            pattern: r"(?i)\b100\s*(?:%|por\s*ciento)\s*segur[oa]s?\b|\b(?:completamente|totalmente|perfectamente|absolutamente|del\s+todo)\s+segur[oa]s?\b",
            why: "claims absolute safety (\"100 % seguro\"), but no medical treatment is free of risk",
            help: "e.g. \"suele tolerarse bien cuando lo realiza un profesional formado\", with a link to the risks page",
        },
    ),
    (
        "cure",
        Claim {
            pattern: r"(?i)\bcura(?:s|n|r|mos)?\b|\bcurad[oa]s?\b",
            why: "presents a cosmetic treatment as curing a condition (\"cura\"): a disease claim that needs strong clinical evidence; for skin that heals, write \"sana\" or \"se recupera\"",
            help: "describe the process and what studies show, e.g. \"puede hacer que las cicatrices del acné se noten menos tras varias sesiones\"",
        },
    ),
    (
        "fda-approved",
        Claim {
            pattern: r"(?i)\baprobad[oa]s?\s+por\s+la\s+(?:FDA|Administración\s+de\s+Alimentos\s+y\s+Medicamentos)\b|\bFDA[\s-]+approved\b",
            why: "misstates regulatory status (\"aprobado por la FDA\"): microneedling devices are FDA-cleared through 510(k), not FDA-approved",
            help: "if it is true, write \"realizado con un dispositivo autorizado por la FDA\"; for a medicine, say what it is approved for",
        },
    ),
    (
        "no-downtime",
        Claim {
            pattern: r"(?i)\bsin\s+(?:ningún\s+)?(?:tiempo|periodo|período)\s+de\s+(?:recuperación|inactividad|baja)\b|\bcero\s+tiempo\s+de\s+recuperación\b",
            why: "promises no recovery time (\"sin tiempo de recuperación\"), but most people have redness for one to three days",
            help: "e.g. \"es habitual tener la piel enrojecida de 1 a 3 días\"",
        },
    ),
    (
        "instant-results",
        Claim {
            pattern: r"(?i)\b(?:resultados?|mejoras?|efectos?)\s+(?:inmediat[oa]s?|instantáne[oa]s?)\b",
            why: "promises results at once (\"resultados inmediatos\"), but new collagen forms over weeks to months",
            help: "describe the timeline, e.g. \"los resultados aparecen a lo largo de 4 a 12 semanas\"",
        },
    ),
    (
        "miracle",
        Claim {
            pattern: r"(?i)\bmilagros?\b|\bmilagros[oa]s?\b|\bmilagrosamente\b",
            why: "implies an extraordinary effect (\"milagro\") that no study supports",
            help: "describe the process and its timeline instead",
        },
    ),
    (
        "best-in",
        Claim {
            pattern: r"(?i)\b(?:la|las)\s+mejor(?:es)?\s+clínicas?\b|\b(?:el|los)\s+mejor(?:es)?\s+(?:dermatólogos?|tratamientos?|centros?|resultados|especialistas?)\b|\b(?:clínica|centro)\s+(?:número\s+(?:uno|1)|n\.?º\s*1)\b",
            why: "is a superiority claim (\"la mejor clínica de ...\") that needs objective proof, and many medical boards forbid it",
            help: "leave it out, or name the evidence (an award, who gave it and when)",
        },
    ),
    (
        "universal-claim",
        Claim {
            pattern: r"(?i)\b(?:apt[oa]|adecuad[oa]|segur[oa]|ideal|perfect[oa]|eficaz)\s+para\s+(?:todo\s+tipo\s+de\s+(?:piel|pacientes)|todos\s+los\s+tipos\s+de\s+piel|todas\s+las\s+pieles|todo\s+el\s+mundo|todos|todas|cualquier\s+(?:tipo\s+de\s+)?piel)\b",
            why: "says the treatment suits everyone, but some people should not have it and darker skin has a higher risk of pigment changes",
            help: "e.g. \"puede ser adecuado para muchos tipos de piel; su profesional comprobará si es adecuado para usted\"",
        },
    ),
    (
        "scar-free",
        Claim {
            pattern: r"(?i)\bsin\s+cicatrices\b|\bno\s+deja\s+cicatri(?:z|ces)\b",
            why: "promises no scarring, but scarring is a listed risk of microneedling",
            help: "e.g. \"las cicatrices son poco frecuentes cuando lo realiza un profesional formado\"",
        },
    ),
    (
        "clinically-proven",
        Claim {
            pattern: r"(?i)\b(?:clínicamente|científicamente|médicamente)\s+(?:probad[oa]s?|comprobad[oa]s?|demostrad[oa]s?)\b|\b(?:probad[oa]|comprobad[oa]|demostrad[oa])s?\s+(?:clínicamente|científicamente)\b",
            why: "claims proof; the evidence for most uses of microneedling is still limited",
            help: "say what studies found and cite them, e.g. \"estudios pequeños indican que puede hacer que las cicatrices del acné se noten menos\"",
        },
    ),
    (
        "safe-and-effective",
        Claim {
            pattern: r"(?i)\bsegur[oa]s?\s+y\s+eficaz(?:es)?\b|\beficaz(?:es)?\s+y\s+segur[oa]s?\b",
            why: "is the wording the FDA uses for products it has reviewed; on a clinic's page it promises both safety and results",
            help: "describe the evidence and the risks separately",
        },
    ),
    (
        "turn-back-the-clock",
        Claim {
            pattern: r"(?i)\b(?:retrasa|detiene|revierte|invierte|hace\s+retroceder)\s+(?:el\s+)?(?:reloj|envejecimiento|paso\s+del\s+tiempo)\b|\bfuente\s+de\s+la\s+juventud\b",
            why: "promises to undo ageing, which no skin treatment does",
            help: "e.g. \"puede hacer que las arrugas finas se noten menos a lo largo de varios meses\"",
        },
    ),
    (
        "outcome-promise",
        Claim {
            pattern: r"(?i)\bresultados?\s+(?:de\s+aspecto\s+)?naturales?\b|\bpiel\s+perfecta\b|\bresultados\s+perfectos\b|\bresultados\s+que\s+le\s+encantarán\b",
            why: "promises how the result will look, but results vary from person to person",
            help: "describe what is typical, e.g. \"la mayoría de las personas nota un cambio gradual y moderado; los resultados varían\"",
        },
    ),
];
