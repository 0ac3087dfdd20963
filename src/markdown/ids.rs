//! Heading ids and the table of contents. An id is part of a page's
//! address (`/risks/#who-should-avoid-it`), so it must never change for a
//! heading whose text did not change, and must never repeat within a page.

use serde::Serialize;

use crate::diagnostics::Pos;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    #[serde(skip)]
    pub(crate) pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// The id of a heading written without `{#id}`: its text as a slug.
pub(super) fn generated_id(title: &str) -> String {
    let s = slug::slugify(title);
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// Makes heading ids unique. Ids written with `{#id}` stay as written, since
/// links already point at them; a generated id that would repeat any other id
/// gets the first free number (`-1`, `-2`, ...).
pub(super) fn unique_ids(headings: &mut [Heading], explicit: &[bool]) {
    use std::collections::HashSet;
    let mut used: HashSet<String> = headings
        .iter()
        .zip(explicit)
        .filter(|(_, e)| **e)
        .map(|(h, _)| h.id.clone())
        .collect();
    let mut kept: HashSet<String> = HashSet::new();
    // The last number given to each id: numbers below it are taken already,
    // so a page of many equal headings costs one step each, not one per twin.
    let mut numbered: std::collections::HashMap<String, usize> = Default::default();
    for (h, is_explicit) in headings.iter_mut().zip(explicit) {
        if *is_explicit && kept.insert(h.id.clone()) {
            continue;
        }
        let mut id = h.id.clone();
        let n = numbered.entry(h.id.clone()).or_insert(0);
        while used.contains(&id) {
            *n += 1;
            id = format!("{}-{n}", h.id);
        }
        used.insert(id.clone());
        h.id = id;
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
            ["who-should-avoid-it", "who-should-avoid-it-1", "cafe-code", "mine"]
        );
        assert_eq!(d.headings[0].pos, Pos::new(4, 1, 1));
        let html = d.to_html(&[]);
        assert!(html.contains("<h2 id=\"who-should-avoid-it-1\">"), "{html}");
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
