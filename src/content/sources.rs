//! `sources:`: the references a page cites, in front matter or a data page.
//! Checked as strictly as the rest of the metadata, since a reference with a
//! broken address or a wrong year undermines the trust it is there to give.
//!
//! Each entry becomes a numbered item the theme lists under "Sources", an
//! anchor `#source-<id>` (or `#source-<n>` without an id) that the text can
//! link to, and a schema.org `citation`. Nothing here renders HTML.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

/// The keys a source entry may have.
pub(crate) const SOURCE_KEYS: &[&str] = &["id", "title", "publisher", "year", "url", "doi"];

/// Longer titles are quotations, not titles (and a reference needs no more).
pub(crate) const TITLE_MAX: usize = 200;
/// Ids become part of an address (`#source-<id>`): short and plain.
pub(crate) const ID_MAX: usize = 40;

/// One entry as written.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawSource {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    year: Option<YearText>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    doi: Option<String>,
}

/// A year read as text, whatever YAML thinks it is, so that `year: 21` or
/// `year: 2021-05` reaches our own check with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearText(String);

impl<'de> Deserialize<'de> for YearText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = YearText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a year such as 2021")
            }
            fn visit_str<E>(self, v: &str) -> Result<YearText, E> {
                Ok(YearText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<YearText, E> {
                Ok(YearText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<YearText, E> {
                Ok(YearText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<YearText, E> {
                Ok(YearText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<YearText, E> {
                Ok(YearText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A checked entry, as templates and the JSON-LD see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Source {
    /// Its place in the list, from 1: the number readers see.
    pub(crate) number: usize,
    /// The id as written, if any.
    pub(crate) id: Option<String>,
    /// The id of its list item: `source-<id>`, or `source-<number>`.
    pub(crate) anchor: String,
    pub(crate) title: String,
    pub(crate) publisher: Option<String>,
    pub(crate) year: Option<u16>,
    pub(crate) url: Option<String>,
    pub(crate) doi: Option<String>,
    /// `https://doi.org/<doi>`, when there is a DOI.
    pub(crate) doi_url: Option<String>,
    /// Where a reader follows the reference: the URL, else the DOI's.
    pub(crate) link: Option<String>,
}

/// Checks the entries of `sources:`; an entry with a problem is left out of
/// the list (the page is not built anyway, since every problem is an error).
pub(crate) fn validate(raw: Vec<RawSource>, source: &SourceFile, spans: &Spans) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, entry) in raw.into_iter().enumerate() {
        let mut check = Entry {
            source,
            spans,
            index: i,
            out: &mut problems,
            ok: true,
        };
        let id = entry.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(id) = id {
            check.id(id);
            match ids.get(id) {
                Some(&first) => check.duplicate(id, first),
                None => {
                    ids.insert(id.to_string(), i);
                }
            }
        } else if entry.id.is_some() {
            check.error(
                "id",
                "`id` of this source is empty".to_string(),
                "write a short id, e.g. id: fda-microneedling, or remove the line",
            );
        }
        let title = check.title(entry.title.as_deref());
        let year = entry.year.as_ref().and_then(|y| check.year(&y.0));
        let url = entry.url.as_deref().map(str::trim).filter(|u| check.url(u));
        let doi = entry.doi.as_deref().map(str::trim).filter(|d| check.doi(d));
        if entry.url.is_none() && entry.doi.is_none() {
            check.error_at_entry(
                "this source has neither `url` nor `doi`: readers cannot look it up".to_string(),
                "add the page's address, e.g. url: https://www.fda.gov/..., or the article's DOI, e.g. doi: 10.1001/jamadermatol.2013.6955",
            );
        }
        if !check.ok {
            continue;
        }
        let number = out.len() + 1;
        let doi_url = doi.map(|d| format!("https://doi.org/{d}"));
        out.push(Source {
            number,
            id: id.map(str::to_string),
            anchor: format!("source-{}", id.map_or_else(|| number.to_string(), str::to_string)),
            title,
            publisher: entry.publisher.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            year,
            link: url.map(str::to_string).or_else(|| doi_url.clone()),
            url: url.map(str::to_string),
            doi: doi.map(str::to_string),
            doi_url,
        });
    }
    (out, problems)
}

/// The checks of one entry, each adding what it finds.
struct Entry<'a> {
    source: &'a SourceFile,
    spans: &'a Spans,
    index: usize,
    out: &'a mut Vec<Diagnostic>,
    ok: bool,
}

impl Entry<'_> {
    fn path(&self, key: &str) -> String {
        format!("sources.{}.{key}", self.index)
    }

    fn error(&mut self, key: &str, message: String, help: impl Into<String>) {
        let at = self.spans.value(&self.path(key));
        self.push(message, help.into(), at);
    }

    fn error_at_entry(&mut self, message: String, help: impl Into<String>) {
        let at = self.spans.value(&format!("sources.{}", self.index));
        self.push(message, help.into(), at);
    }

    fn push(&mut self, message: String, help: String, at: crate::diagnostics::Pos) {
        self.ok = false;
        self.out.push(
            Diagnostic::error(self.source.path(), "bad-source", message)
                .at(self.source, at)
                .with_help(help),
        );
    }

    fn id(&mut self, id: &str) {
        let plain = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !plain || id.starts_with('-') || id.ends_with('-') {
            self.error(
                "id",
                format!("the source id \"{id}\" has characters an address cannot use"),
                format!("use lowercase letters, digits and dashes, e.g. id: {}", suggest_id(id)),
            );
        } else if id.chars().count() > ID_MAX {
            self.error(
                "id",
                format!("the source id \"{id}\" is longer than {ID_MAX} characters"),
                "use a short id such as the publisher and year, e.g. id: chu-2021",
            );
        }
    }

    fn duplicate(&mut self, id: &str, first: usize) {
        let line = self.spans.value(&format!("sources.{first}.id")).line;
        self.error(
            "id",
            format!("two sources have the id `{id}`"),
            format!("give each source its own id; the first `{id}` is on line {line}"),
        );
    }

    fn title(&mut self, title: Option<&str>) -> String {
        match title.map(str::trim) {
            Some(t) if !t.is_empty() => {
                let n = t.chars().count();
                if n > TITLE_MAX {
                    self.error(
                        "title",
                        format!("the source's title is {n} characters long; a title has at most {TITLE_MAX}"),
                        "give the title of the page or article only, not a quotation from it",
                    );
                }
                t.to_string()
            }
            Some(_) => {
                self.error(
                    "title",
                    "`title` of this source is empty".to_string(),
                    "write the title of the page or article, e.g. title: Microneedling Devices",
                );
                String::new()
            }
            None => {
                // As the other missing keys say it, so that a misspelt
                // `titel:` (whose help says "did you mean `title`?") is
                // one message, not two.
                let at = self.spans.value(&format!("sources.{}", self.index));
                self.ok = false;
                self.out.push(
                    Diagnostic::error(self.source.path(), "missing-key", "`title` is missing")
                        .at(self.source, at)
                        .with_help("every source needs one: add a line `title: ...` with the title of the page or article, e.g. title: Microneedling Devices"),
                );
                String::new()
            }
        }
    }

    fn year(&mut self, text: &str) -> Option<u16> {
        let t = text.trim();
        let year = (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u16>().ok())
            .flatten()
            .filter(|y| *y >= 1000);
        if year.is_none() {
            self.error(
                "year",
                format!("`year` must be a four-digit year, not \"{t}\""),
                "write the year of publication alone, e.g. year: 2021",
            );
        }
        year
    }

    fn url(&mut self, url: &str) -> bool {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let good = host.is_some_and(|h| !h.is_empty() && h.contains('.'))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if !good {
            let help = if url.starts_with("www.") {
                format!("start the address with https://, e.g. url: https://{url}")
            } else if url.starts_with("10.") {
                format!("this looks like a DOI: write it as doi: {url}")
            } else {
                "write the full web address, starting with https://, e.g. url: https://www.fda.gov/medical-devices"
                    .to_string()
            };
            self.error("url", format!("`url` is not a web address: \"{url}\""), help);
        }
        good
    }

    fn doi(&mut self, doi: &str) -> bool {
        let good = doi.starts_with("10.")
            && doi.split_once('/').is_some_and(|(_, s)| !s.is_empty())
            && !doi.chars().any(|c| c.is_whitespace() || c.is_control());
        if !good {
            let bare = doi
                .trim_start_matches("https://doi.org/")
                .trim_start_matches("http://doi.org/")
                .trim_start_matches("https://dx.doi.org/")
                .trim_start_matches("doi:")
                .trim();
            let help = if bare != doi && bare.starts_with("10.") {
                format!("write the DOI alone, without the prefix: doi: {bare}")
            } else {
                "a DOI starts with 10. and has a slash, e.g. doi: 10.1001/jamadermatol.2013.6955".to_string()
            };
            self.error("doi", format!("`doi` is not a DOI: \"{doi}\""), help);
        }
        good
    }
}

/// A usable id made from a bad one: `FDA 2020` -> `fda-2020`.
fn suggest_id(id: &str) -> String {
    let s = slug::slugify(id);
    if s.is_empty() {
        "fda-2020".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Wrapper {
        sources: Vec<RawSource>,
    }

    /// Checks entries written as the lines under `sources:` (so that the
    /// first entry is on line 2).
    fn check(yaml: &str) -> (Vec<Source>, Vec<String>) {
        let wrapped = format!("sources:\n{}", indent(yaml));
        let file = SourceFile::new("p.yaml", wrapped.clone());
        let parsed = crate::yaml::parse::<Wrapper>(&file, 0..wrapped.len(), &[]);
        let raw = parsed.value.map(|w| w.sources).unwrap_or_default();
        let (list, ds) = validate(raw, &file, &parsed.spans);
        let messages = ds
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        (list, messages)
    }

    fn indent(text: &str) -> String {
        text.lines().map(|l| format!("  {l}\n")).collect()
    }

    #[test]
    fn good_entries_are_numbered_with_anchors_and_links() {
        let (list, problems) = check(
            "- id: fda\n  title: Microneedling Devices\n  url: https://www.fda.gov/x\n- title: A review\n  year: 2021\n  doi: 10.1/abc\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(list[0].anchor, "source-fda");
        assert_eq!(list[1].anchor, "source-2");
        assert_eq!(list[1].year, Some(2021));
        assert_eq!(list[1].link.as_deref(), Some("https://doi.org/10.1/abc"));
    }

    #[test]
    fn each_mistake_is_named_at_its_value() {
        let (_, problems) = check(
            "- id: a\n  title: T\n  url: ftp://x.example\n- id: a\n  title: T\n  doi: 10.1/b\n  year: 21\n- url: https://a.example\n",
        );
        assert_eq!(
            problems,
            [
                "4:10 `url` is not a web address: \"ftp://x.example\"",
                "5:9 two sources have the id `a`",
                "8:11 `year` must be a four-digit year, not \"21\"",
                "9:5 `title` is missing",
            ]
        );
    }

    #[test]
    fn bad_ids_get_a_usable_suggestion() {
        assert_eq!(suggest_id("FDA 2020"), "fda-2020");
        assert_eq!(suggest_id("!!"), "fda-2020");
    }
}
