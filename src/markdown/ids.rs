//! Heading ids and the table of contents. An id is part of a page's
//! address (`/risks/#who-should-avoid-it`), so it must never change for a
//! heading whose text did not change, and must never repeat within a page.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::Place;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    #[serde(skip)]
    pub(crate) pos: Place,
    /// The id before numbering (written with `{#id}` or made from the
    /// text) when numbering changed it; most headings keep theirs, and a
    /// build keeps every page's headings.
    #[serde(skip)]
    pub(crate) base: Option<String>,
    /// Whether the id was written with `{#id}` (and so is kept as written).
    #[serde(skip)]
    pub(crate) explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// The id of a heading written without `{#id}`, as GitHub makes it (so an
/// anchor copied from GitHub's preview of the file works on the built
/// site): the text in lower case; every character that is not a letter,
/// a digit or a combining mark of any script, `-`, `_` or a space dropped;
/// each space a `-` (`Smileys & Emotion` -> `smileys--emotion`,
/// `😄 emoji` -> `-emoji`). Nothing is trimmed or collapsed, as on GitHub.
/// A heading with nothing left (only emoji or punctuation) gets `section`,
/// where GitHub gives an empty id no link can name.
pub(super) fn generated_id(title: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    let id: String = title
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Makes heading ids unique. Ids written with `{#id}` stay as written, since
/// links already point at them; a generated id that would repeat any other
/// id, or one of `reserved` (the ids the theme gives its own elements, such
/// as `main`), gets the first free number (`-1`, `-2`, ...), as GitHub
/// numbers repeated headings.
pub(crate) fn unique_ids(headings: &mut [Heading], reserved: &BTreeSet<String>) {
    let mut used: HashSet<String> = headings.iter().filter(|h| h.explicit).map(|h| h.id.clone()).collect();
    used.extend(reserved.iter().cloned());
    let mut kept: HashSet<String> = HashSet::new();
    // The last number given to each id: numbers below it are taken already,
    // so a page of many equal headings costs one step each, not one per twin.
    let mut numbered: HashMap<String, usize> = HashMap::new();
    for h in headings.iter_mut() {
        if h.explicit && kept.insert(h.id.clone()) {
            continue;
        }
        let base = h.base.take().unwrap_or_else(|| h.id.clone());
        let mut id = base.clone();
        let n = numbered.entry(base.clone()).or_insert(0);
        while used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        used.insert(id.clone());
        h.base = (id != base).then_some(base);
        h.id = id;
    }
}

/// The ids a theme's templates give their own elements (`<main id="main">`,
/// `<h2 id="toc-title">`): the literal values of their `id="..."`
/// attributes. An id made by template code (`id="{{ q.id }}"`) is the
/// page's own business and is left out.
pub(crate) fn template_ids(template: &str) -> impl Iterator<Item = String> + '_ {
    template.match_indices("id=").filter_map(move |(at, _)| {
        let before = template[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            return None;
        }
        let rest = &template[at + 3..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..rest[1..].find(quote)? + 1];
        let literal = !value.is_empty() && !value.contains(['{', '}', ' ']);
        literal.then(|| value.to_string())
    })
}

impl super::Document {
    /// Numbers the generated heading ids again around `reserved` (the
    /// theme's own ids), from the ids they had before numbering; the same
    /// `reserved` gives the same ids however often it is called.
    pub(crate) fn reserve_ids(&mut self, reserved: &Arc<BTreeSet<String>>) {
        if self.numbered_around.as_ref().is_some_and(|before| before == reserved) {
            return;
        }
        unique_ids(&mut self.headings, reserved);
        self.numbered_around = Some(Arc::clone(reserved));
    }
}

/// Headings nested by level: each `##` holds the `###` below it.
pub(super) fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Pos;
    use crate::markdown::tests::doc;

    #[test]
    fn headings_get_stable_unique_ids() {
        let d = doc("## Who should avoid it\n\n## Who should avoid it\n\n### Café `code`\n\n## Custom {#mine}\n");
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            // GitHub keeps accented letters (the slug crate used before made `cafe-code`).
            ["who-should-avoid-it", "who-should-avoid-it-1", "café-code", "mine"]
        );
        assert_eq!(Pos::from(d.headings[0].pos), Pos::new(4, 1, 1));
        let html = d.to_html(&[]);
        assert!(html.contains("<h2 id=\"who-should-avoid-it-1\">"), "{html}");
    }

    #[test]
    fn theme_ids_are_the_literal_id_attributes() {
        let t =
            r#"<main id="main" tabindex="-1"><h2 class="x" id='toc-title'><details id="{{ q.id }}"><a data-id="no">"#;
        let ids: Vec<String> = super::template_ids(t).collect();
        assert_eq!(ids, ["main", "toc-title"]);
    }

    #[test]
    fn reserved_ids_number_headings_around_them_the_same_each_time() {
        let mut d = doc("## Main\n\n## Main\n\n## Kept {#main}\n");
        let reserved: std::sync::Arc<std::collections::BTreeSet<String>> =
            std::sync::Arc::new(["main".to_string()].into());
        for _ in 0..2 {
            d.reserve_ids(&reserved);
            let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(ids, ["main-1", "main-2", "main"]);
        }
    }

    /// A theme's ids that change (a template saved in `watch`) number the
    /// headings again from the ids they had before any numbering.
    #[test]
    fn headings_are_numbered_again_from_their_own_ids() {
        let mut d = doc("## Main\n\n## Main\n\n## Top {#top}\n");
        let ids = |d: &crate::markdown::Document| d.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        let around = |names: &[&str]| std::sync::Arc::new(names.iter().map(|n| n.to_string()).collect());
        d.reserve_ids(&around(&["main", "top"]));
        assert_eq!(ids(&d), ["main-1", "main-2", "top"]);
        d.reserve_ids(&around(&[]));
        assert_eq!(ids(&d), ["main", "main-1", "top"]);
        d.reserve_ids(&around(&["main-1"]));
        assert_eq!(ids(&d), ["main", "main-2", "top"]);
    }

    #[test]
    fn toc_nests_by_level() {
        let d = doc("## A\n### A1\n### A2\n## B\n");
        let toc = d.toc();
        assert_eq!(toc.len(), 2);
        assert_eq!(
            toc[0].children.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["a1", "a2"]
        );
    }
}
