//! Metadata rules: titles and descriptions that search results and browser
//! tabs show, page images without alt text, and titles used twice.

use std::collections::HashMap;

use super::{Finding, RuleContext};
use crate::content::page::Page;

/// Search results cut titles after about this many characters.
pub(crate) const TITLE_MAX: usize = 60;
/// Meta descriptions: shorter says too little, longer is cut off.
pub(crate) const DESCRIPTION_MIN: usize = 50;
pub(crate) const DESCRIPTION_MAX: usize = 160;

pub(crate) fn title_length(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let spans = &page.spans;
    let title = page.meta.title.trim().chars().count();
    if title > TITLE_MAX {
        out.push(Finding::new(
            "title-length",
            spans.value("title"),
            format!("the title is {title} characters long; search results cut titles after about {TITLE_MAX}"),
            format!("shorten it to {TITLE_MAX} characters or fewer, with the most important words first"),
        ));
    }
    out
}

pub(crate) fn description_length(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let spans = &page.spans;
    let description = page.meta.description.trim().chars().count();
    if description > 0 && description < DESCRIPTION_MIN {
        out.push(Finding::new(
            "description-length",
            spans.value("description"),
            format!("the description is only {description} characters long; search results show up to {DESCRIPTION_MAX}"),
            format!("write one or two sentences ({DESCRIPTION_MIN} to {DESCRIPTION_MAX} characters) saying what the page answers"),
        ));
    } else if description > DESCRIPTION_MAX {
        out.push(Finding::new(
            "description-length",
            spans.value("description"),
            format!(
                "the description is {description} characters long; search results cut it after about {DESCRIPTION_MAX}"
            ),
            format!("shorten it to {DESCRIPTION_MAX} characters or fewer"),
        ));
    }
    out
}

/// The front matter's `image` without alt text (images in the Markdown are
/// found in the prose pass).
pub(crate) fn image_alt(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let spans = &page.spans;
    if let Some(image) = &page.meta.image {
        if image.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            let at = if spans.has("image.alt") {
                spans.value("image.alt")
            } else {
                spans.key("image")
            };
            out.push(Finding::new(
                "image-alt",
                at,
                "the page's `image` has no alt text",
                "add `alt:` under `image:` saying what the image shows, e.g. alt: Layers of the skin",
            ));
        }
    }
    out
}

/// One finding per page whose title an earlier page (by path) already has.
pub(crate) fn duplicate_titles(pages: &[Page]) -> Vec<(usize, Finding)> {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(pages.len());
    let mut out = Vec::new();
    let mut key = String::new();
    for (i, page) in pages.iter().enumerate() {
        // Within one language: a translation may keep a name ("FAQ"), and
        // its hreflang links tell search engines the two are one page.
        key.clear();
        key.push_str(&page.lang);
        key.push('\u{0}');
        let start = key.len();
        push_folded_title(&page.meta.title, &mut key);
        if key.len() == start {
            continue;
        }
        match first.get(key.as_str()) {
            Some(&other) => out.push((
                i,
                Finding::new(
                    "duplicate-title",
                    page.spans.value("title"),
                    format!(
                        "{} has the same title; every page needs its own",
                        pages[other].source.path().display()
                    ),
                    "reword one of the two titles so readers and search engines can tell the pages apart",
                ),
            )),
            None => {
                first.insert(key.clone(), i);
            }
        }
    }
    out
}

/// Appends `title` as duplicate titles are compared: lower case, with its
/// words one space apart.
fn push_folded_title(title: &str, out: &mut String) {
    if title.is_ascii() {
        for (n, word) in title.split_whitespace().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
    } else {
        out.push_str(&title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(titles: &[&str]) -> Vec<Page> {
        let Ok(loaded) = crate::config::parse("title: T\nbase_url: https://t.example.com\n".into()) else {
            panic!("the config parses");
        };
        titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let text = format!("---\ntitle: \"{title}\"\ndescription: D\n---\nText.\n");
                crate::content::page::parse_markdown(&format!("p{i}.md"), text, &loaded.config).expect("a page")
            })
            .collect()
    }

    #[test]
    fn titles_differing_only_in_case_and_spacing_are_duplicates() {
        let found = duplicate_titles(&pages(&[
            "Aftercare Guide",
            "aftercare  GUIDE",
            "After care guide",
            "Ärzte und Risiken",
            "ÄRZTE\tund risiken",
            "Ärzte",
        ]));
        let dup: Vec<(usize, String)> = found.iter().map(|(i, f)| (*i, f.message.clone())).collect();
        assert_eq!(
            dup,
            [
                (
                    1,
                    "content/p0.md has the same title; every page needs its own".to_string()
                ),
                (
                    4,
                    "content/p3.md has the same title; every page needs its own".to_string()
                ),
            ]
        );
    }

    #[test]
    fn folding_a_title_lowers_it_and_joins_its_words_with_one_space() {
        let fold = |t: &str| {
            let mut s = String::from("x");
            push_folded_title(t, &mut s);
            s
        };
        assert_eq!(fold("  Micro\t NEEDLING \n"), "xmicro needling");
        assert_eq!(fold("Über  DIE Haut"), "xüber die haut");
        assert_eq!(fold(""), "x");
        assert_eq!(fold(" \t "), "x");
    }
}
