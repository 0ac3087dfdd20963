//! `kind: gallery`: before/after photos of treatments, pair by pair.
//!
//! A pair is published only with the patient's documented consent (HIPAA
//! asks for written authorization before identifiable photos are used in
//! marketing), and with what makes it honest: the treatment, the number of
//! sessions and how long after the last one the photo was taken (the FTC
//! reads a before/after photo as the typical result). The build refuses a
//! pair that lacks any of these, each at its own line.

use serde::Deserialize;

use super::comparison::markdown_destination;
use super::{Body, Data, DataPage, DataParse, Text};
use crate::config::Config;
use crate::content::meta::{PageMeta, Scalar, IMAGE_KEYS, KEYS};
use crate::content::sources::SOURCE_KEYS;
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::markdown::Document;
use crate::yaml::{self, Schema, Spans};

/// The one `consent:` value that lets a pair be published.
pub(crate) const CONSENT: &str = "documented";

#[derive(Debug, Clone)]
pub(crate) struct Gallery {
    pub(crate) intro: Option<Document>,
    pub(crate) pairs: Vec<Pair>,
}

#[derive(Debug, Clone)]
pub(crate) struct Pair {
    /// The pair's anchor: `pair-1`, `pair-2`, ...
    pub(crate) id: String,
    pub(crate) treatment: String,
    pub(crate) sessions: u32,
    /// As written: "3 months".
    pub(crate) since_last_session: String,
    pub(crate) caption: Option<String>,
    pub(crate) before: Photo,
    pub(crate) after: Photo,
}

#[derive(Debug, Clone)]
pub(crate) struct Photo {
    pub(crate) alt: String,
    /// The image as a one-image document, so that the links stage finds
    /// its file and size like any other image's.
    pub(crate) image: Document,
}

impl DataPage for Gallery {
    fn kind(&self) -> &'static str {
        "gallery"
    }

    fn anchors(&self) -> Vec<&str> {
        self.pairs.iter().map(|p| p.id.as_str()).collect()
    }

    fn documents(&self) -> Vec<&Document> {
        let photos = self.pairs.iter().flat_map(|p| [&p.before.image, &p.after.image]);
        self.intro.iter().chain(photos).collect()
    }

    fn texts(&self) -> Vec<Text<'_>> {
        fn plain(text: &str, key: String) -> Text<'_> {
            Text {
                text,
                key,
                markdown: false,
            }
        }
        let mut out = Vec::new();
        if let Some(intro) = &self.intro {
            out.push(Text {
                text: intro.text(),
                key: "intro".into(),
                markdown: true,
            });
        }
        for (i, p) in self.pairs.iter().enumerate() {
            out.push(plain(&p.treatment, format!("pairs.{i}.treatment")));
            out.push(plain(&p.since_last_session, format!("pairs.{i}.since_last_session")));
            out.extend(p.caption.as_deref().map(|c| plain(c, format!("pairs.{i}.caption"))));
            out.push(plain(&p.before.alt, format!("pairs.{i}.before.alt")));
            out.push(plain(&p.after.alt, format!("pairs.{i}.after.alt")));
        }
        out
    }

    fn headings(&self) -> Vec<&str> {
        self.pairs.iter().map(|p| p.treatment.as_str()).collect()
    }
}

#[derive(Deserialize)]
struct Raw {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    pairs: Vec<RawPair>,
}

/// Every field optional here: a missing one is reported with the others,
/// at its pair, rather than as the one error that stops the file.
#[derive(Deserialize)]
struct RawPair {
    treatment: Option<String>,
    sessions: Option<Scalar>,
    since_last_session: Option<String>,
    caption: Option<String>,
    consent: Option<Scalar>,
    before: Option<RawPhoto>,
    after: Option<RawPhoto>,
}

#[derive(Deserialize)]
struct RawPhoto {
    src: Option<String>,
    alt: Option<String>,
}

const PAIR_KEYS: &[&str] = &[
    "treatment",
    "sessions",
    "since_last_session",
    "caption",
    "consent",
    "before",
    "after",
];

pub(crate) fn parse(source: &SourceFile, config: &Config) -> DataParse {
    let keys: Vec<&str> = KEYS.iter().chain(&["kind", "intro", "pairs"]).copied().collect();
    let schema: Schema = &[
        ("", &keys),
        ("image", IMAGE_KEYS),
        ("sources.*", SOURCE_KEYS),
        ("pairs.*", PAIR_KEYS),
        ("pairs.*.before", &["src", "alt"]),
        ("pairs.*.after", &["src", "alt"]),
    ];
    let parsed = yaml::parse_pair::<PageMeta, Raw>(source, 0..source.text.len(), schema);
    let diagnostics = parsed.diagnostics;
    let Some((meta, raw)) = parsed.value else {
        return Err(diagnostics);
    };
    let spans = parsed.spans;
    let mut reading = Reading {
        source,
        spans: &spans,
        diagnostics,
    };
    if raw.pairs.is_empty() {
        // A new gallery waits for its first signed authorization: a warning.
        reading.diagnostics.push(
            Diagnostic::warning(
                source.path(),
                "gallery-empty",
                "this gallery has no before/after pairs yet",
            )
            .at(source, spans.key("pairs"))
            .with_help("add the pairs as a list under `pairs:`, each starting with `- treatment: ...`"),
        );
    } else {
        reading.site_settings(config);
    }
    let pairs = raw
        .pairs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| reading.pair(i, p))
        .collect();
    let intro = raw
        .intro
        .map(|t| Document::parse_value(t, source, spans.value("intro")));
    let Reading { diagnostics, .. } = reading;
    Ok((
        meta,
        Body::Data(Data::Gallery(Gallery { intro, pairs })),
        spans,
        diagnostics,
    ))
}

/// One gallery being read, and every slip found so far.
struct Reading<'a> {
    source: &'a SourceFile,
    spans: &'a Spans,
    diagnostics: Vec<Diagnostic>,
}

impl Reading<'_> {
    fn error(&mut self, rule: &'static str, message: impl Into<String>, at: Pos, help: impl Into<String>) {
        let d = Diagnostic::error(self.source.path(), rule, message)
            .at(self.source, at)
            .with_help(help);
        self.diagnostics.push(d);
    }

    /// A gallery states the clinic's retouching statement, from site.yaml.
    fn site_settings(&mut self, config: &Config) {
        // An empty statement is site.yaml's own error.
        if config.gallery.is_some() {
            return;
        }
        self.error(
            "gallery-retouching",
            "a gallery page needs the clinic's statement on retouching, and site.yaml has none",
            self.spans.key("kind"),
            "add to site.yaml `gallery:` with `retouching: ...` below it, saying truthfully whether the photos were edited, e.g. retouching: \"Photos are not retouched; light and angle are the same in each pair.\"",
        );
    }

    /// Reads pair `i`; one that cannot be published is reported and left out.
    fn pair(&mut self, i: usize, raw: &RawPair) -> Option<Pair> {
        let base = format!("pairs.{i}");
        let consented = self.consent(&base, raw.consent.as_ref());
        let treatment = self.text(
            &base,
            "treatment",
            &raw.treatment,
            "treatment: Microneedling for acne scars",
        );
        let sessions = self.sessions(&base, raw.sessions.as_ref());
        let since = self.text(
            &base,
            "since_last_session",
            &raw.since_last_session,
            "since_last_session: 3 months",
        );
        let before = self.photo(&base, "before", raw.before.as_ref());
        let after = self.photo(&base, "after", raw.after.as_ref());
        let caption = raw
            .caption
            .as_ref()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        Some(Pair {
            id: format!("pair-{}", i + 1),
            treatment: treatment?,
            sessions: sessions?,
            since_last_session: since?,
            caption,
            before: before?,
            after: after?,
        })
        .filter(|_| consented)
    }

    fn consent(&mut self, base: &str, consent: Option<&Scalar>) -> bool {
        let key = format!("{base}.consent");
        match consent.map(|c| c.0.trim()) {
            Some(CONSENT) => true,
            Some(other) => {
                self.error(
                    "gallery-consent",
                    format!("`consent` must be `documented`, not \"{other}\": only photos the patient agreed to in writing may be published"),
                    self.spans.value(&key),
                    "write `consent: documented` once the patient's signed authorization is on file; until then, remove the pair",
                );
                false
            }
            None => {
                self.error(
                    "gallery-consent",
                    "this before/after pair has no `consent: documented`: patient photos may be published only with the patient's written authorization",
                    self.spans.value(base),
                    "once the signed authorization is on file, add `consent: documented` to the pair; until then, remove the pair",
                );
                false
            }
        }
    }

    /// A required piece of text of the pair, reported when missing or empty.
    fn text(&mut self, base: &str, key: &str, value: &Option<String>, example: &str) -> Option<String> {
        let path = format!("{base}.{key}");
        match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => return Some(v.to_string()),
            Some(_) => self.error(
                "gallery-field",
                format!("`{key}` is empty"),
                self.spans.value(&path),
                format!("write it, e.g. {example}"),
            ),
            None => self.error(
                "gallery-field",
                format!("this pair has no `{key}`"),
                self.spans.value(base),
                format!("add a line `{example}` to the pair"),
            ),
        }
        None
    }

    fn sessions(&mut self, base: &str, value: Option<&Scalar>) -> Option<u32> {
        let Some(value) = value else {
            self.text(base, "sessions", &None, "sessions: 3");
            return None;
        };
        match value.0.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                self.error(
                    "gallery-field",
                    format!("`sessions` must be the number of sessions, not \"{}\"", value.0),
                    self.spans.value(&format!("{base}.sessions")),
                    "write it in digits, e.g. sessions: 3",
                );
                None
            }
        }
    }

    /// The before or the after photo, with its alt text.
    fn photo(&mut self, base: &str, which: &str, raw: Option<&RawPhoto>) -> Option<Photo> {
        let path = format!("{base}.{which}");
        let Some(raw) = raw else {
            self.error(
                "gallery-field",
                format!("this pair has no `{which}` photo"),
                self.spans.value(base),
                format!("add `{which}: {{ src: images/{which}-1.jpg, alt: \"...\" }}` to the pair"),
            );
            return None;
        };
        let src = self.text(&path, "src", &raw.src, &format!("src: images/{which}-1.jpg"));
        let alt = match raw.alt.as_deref().map(str::trim) {
            Some(alt) if !alt.is_empty() => Some(alt.to_string()),
            _ => {
                let at = match self.spans.has(&format!("{path}.alt")) {
                    true => self.spans.value(&format!("{path}.alt")),
                    false => self.spans.key(&path),
                };
                self.error(
                    "gallery-alt",
                    format!("the `{which}` photo has no alt text"),
                    at,
                    "describe what the photo shows for people who cannot see it, e.g. alt: \"Left cheek with acne scars, before treatment\"",
                );
                None
            }
        };
        let (src, alt) = (src?, alt?);
        let at = self.spans.value(&format!("{path}.src"));
        let image = Document::parse_value(format!("![photo](<{}>)", markdown_destination(&src)), self.source, at);
        Some(Photo { alt, image })
    }
}

/// `dermapress new`: the comments before `kind:`.
pub(crate) const SKELETON_HEAD: &str = "\
# A before/after gallery. Publish a pair only with the patient's signed
# authorization on file (`consent: documented`): typical results only, the
# same light and angle in both photos. Once it has pairs, site.yaml needs
# `gallery:` with `retouching: ...`, the clinic's statement on photo editing.
";

/// `dermapress new`: the keys after the common front matter. The pair is a
/// comment: a pair is published only once its patient's authorization is
/// signed, which no skeleton can say for the marketer.
pub(crate) const SKELETON_BODY: &str = "\
intro: TODO what these photos show, and who was treated.
# Add one pair per patient once their signed authorization to publish the
# photos is on file: remove the `[]` below and the `# ` before the pair's lines.
pairs: []
#  - treatment: Microneedling for acne scars
#    sessions: 3
#    since_last_session: 3 months
#    before: { src: images/patient-1-before.jpg, alt: \"What the photo shows, before\" }
#    after: { src: images/patient-1-after.jpg, alt: \"What the photo shows, after\" }
#    caption: Optional words about this case.
#    consent: documented
";
