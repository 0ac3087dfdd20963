//! A WordPress export (WXR): published and draft pages and posts become
//! Markdown pages (HTML converted with `htmd`), the page hierarchy becomes
//! sections, categories and tags become `tags`, and every image is listed
//! for download (the export holds addresses, not the files).

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::{Document, Node};
use serde_json::{Map, Value};

use super::{yaml_out, NewSite};
use crate::scaffold::Refusal;

struct Item<'a, 'i> {
    node: Node<'a, 'i>,
    id: String,
    parent: String,
    name: String,
    kind: String,
    status: String,
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .and_then(|c| c.text())
        .unwrap_or("")
}

/// `content:encoded` and `excerpt:encoded` differ only in their namespace.
fn ns_text<'a>(node: Node<'a, '_>, name: &str, ns_part: &str) -> &'a str {
    node.children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == name
                && c.tag_name().namespace().is_some_and(|n| n.contains(ns_part))
        })
        .and_then(|c| c.text())
        .unwrap_or("")
}

pub(super) fn convert(file: &str, xml: &str) -> Result<NewSite, Refusal> {
    let doc = Document::parse(xml).map_err(|e| {
        Refusal::new(
            format!("{file} is not a readable WordPress export: {e}"),
            "export again with Tools > Export > All content, and give that file",
        )
    })?;
    let mut site = NewSite::default();
    let channel = doc.descendants().find(|n| n.has_tag_name("channel")).ok_or_else(|| {
        Refusal::new(
            format!("{file} has no <channel>"),
            "give the .xml file WordPress exported",
        )
    })?;
    super::site_config::write(&site_found(channel), Some(file), &mut site);
    let items = items(channel);
    let tree = PageTree::of(&items);
    for item in &items {
        let pos = doc.text_pos_at(item.node.range().start);
        match item.kind.as_str() {
            "attachment" => list_attachment(item, &mut site),
            "page" | "post" if item.status == "publish" || item.status == "draft" => {
                add_page(item, &tree, file, pos.row as usize, &mut site)
            }
            "page" | "post" => site.note(
                file,
                pos.row as usize,
                pos.col as usize,
                format!(
                    "the {} `{}` is `{}` and was left out",
                    item.kind,
                    child_text(item.node, "title"),
                    item.status
                ),
                "import it by hand if it should be on the site",
            ),
            _ => {}
        }
    }
    note_downloads(xml, &doc, file, &mut site);
    Ok(site)
}

/// What the channel says about the site, as far as site.yaml needs it.
fn site_found(channel: Node) -> super::site_config::Found {
    super::site_config::Found {
        title: Some(child_text(channel, "title").to_string()).filter(|t| !t.is_empty()),
        base_url: Some(child_text(channel, "link").to_string()).filter(|t| !t.is_empty()),
        language: Some(child_text(channel, "language"))
            .filter(|l| !l.is_empty())
            .map(|l| l.split('-').next().unwrap_or("en").to_lowercase()),
        description: Some(child_text(channel, "description").to_string()).filter(|d| d.chars().count() >= 10),
    }
}

fn items<'a, 'i>(channel: Node<'a, 'i>) -> Vec<Item<'a, 'i>> {
    channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| Item {
            node: n,
            id: child_text(n, "post_id").to_string(),
            parent: child_text(n, "post_parent").to_string(),
            name: child_text(n, "post_name").to_string(),
            kind: child_text(n, "post_type").to_string(),
            status: child_text(n, "status").to_string(),
        })
        .collect()
}

/// The export holds the attachment's address, not the file.
fn list_attachment(item: &Item, site: &mut NewSite) {
    let url = child_text(item.node, "attachment_url");
    if !url.is_empty() {
        let name = url.rsplit('/').next().unwrap_or(url);
        site.downloads.push((url.to_string(), format!("static/images/{name}")));
    }
}

/// A published or draft page or post, written where the page tree puts it.
fn add_page(item: &Item, tree: &PageTree, file: &str, row: usize, site: &mut NewSite) {
    let path = if item.kind == "post" {
        format!("posts/{}.md", slug_of(item))
    } else {
        tree.path_of(item)
    };
    let (front, body) = page(item, file, row, site);
    let out = format!("---\n{}---\n\n{}\n", yaml_out::write(&front), body.trim());
    site.add(std::path::Path::new("content").join(&path), out.into_bytes());
    site.pages += 1;
}

/// A note for each image to download, once each, in the order of their addresses.
fn note_downloads(xml: &str, doc: &Document, file: &str, site: &mut NewSite) {
    site.downloads.sort();
    site.downloads.dedup();
    for (url, to) in site.downloads.clone() {
        // Where the export first names the image (a page's <img>, or the attachment).
        let pos = xml
            .find(&url)
            .map_or(roxmltree::TextPos::new(1, 1), |at| doc.text_pos_at(at));
        site.note(
            file,
            pos.row as usize,
            pos.col as usize,
            format!("the image {url} is not in the export"),
            format!("download it into {to}"),
        );
    }
}

fn slug_of(item: &Item) -> String {
    if item.name.is_empty() {
        format!("item-{}", item.id)
    } else {
        item.name.to_lowercase()
    }
}

/// The hierarchy of WordPress pages (posts have none): pages by id, and the
/// ids of the pages that have children.
struct PageTree<'t, 'a, 'i> {
    pages: BTreeMap<&'t str, &'t Item<'a, 'i>>,
    parents: BTreeSet<&'t str>,
}

impl<'t, 'a, 'i> PageTree<'t, 'a, 'i> {
    fn of(items: &'t [Item<'a, 'i>]) -> Self {
        let pages: BTreeMap<&str, &Item> = items
            .iter()
            .filter(|i| i.kind == "page")
            .map(|i| (i.id.as_str(), i))
            .collect();
        let parents: BTreeSet<&str> = items
            .iter()
            .filter(|i| i.kind == "page" && i.parent != "0" && pages.contains_key(i.parent.as_str()))
            .map(|i| i.parent.as_str())
            .collect();
        PageTree { pages, parents }
    }

    /// A page's place: below its parents' folders; a page with children is the
    /// section page of its own folder.
    fn path_of(&self, item: &Item) -> String {
        let mut folders = Vec::new();
        let mut at = item.parent.as_str();
        let mut seen = BTreeSet::new();
        // `seen` stops at a parent loop, which a hand-edited export can hold.
        while let Some(p) = self.pages.get(at).filter(|_| seen.insert(at)) {
            folders.push(slug_of(p));
            at = p.parent.as_str();
        }
        folders.reverse();
        let dir: String = folders.iter().map(|f| format!("{f}/")).collect();
        if self.parents.contains(item.id.as_str()) {
            format!("{dir}{}/_index.md", slug_of(item))
        } else {
            format!("{dir}{}.md", slug_of(item))
        }
    }
}

fn page(item: &Item, file: &str, row: usize, site: &mut NewSite) -> (Map<String, Value>, String) {
    let node = item.node;
    let mut front = Map::new();
    front.insert("title".into(), Value::String(child_text(node, "title").to_string()));
    let excerpt = ns_text(node, "encoded", "excerpt").trim();
    if excerpt.chars().count() >= 50 {
        front.insert("description".into(), Value::String(excerpt.to_string()));
    } else if excerpt.is_empty() {
        site.note(
            file,
            row,
            1,
            format!(
                "`{}` has no excerpt to use as its description",
                child_text(node, "title")
            ),
            "write `description:` (50-160 characters: what a patient learns here); it is required",
        );
    } else {
        front.insert("description".into(), Value::String(excerpt.to_string()));
        site.note(
            file,
            row,
            1,
            format!(
                "the excerpt of `{}` is only {} characters long",
                child_text(node, "title"),
                excerpt.chars().count()
            ),
            "write 50-160 characters: what a patient learns on the page",
        );
    }
    let date = child_text(node, "post_date");
    if date.len() >= 10 && !date.starts_with("0000") {
        front.insert("date".into(), Value::String(date[..10].to_string()));
    }
    if item.status == "draft" {
        front.insert("draft".into(), Value::Bool(true));
    }
    if let Ok(order) = child_text(node, "menu_order").parse::<i64>() {
        if order != 0 {
            front.insert("weight".into(), Value::from(order));
        }
    }
    let tags: Vec<Value> = node
        .children()
        .filter(|c| c.has_tag_name("category") && matches!(c.attribute("domain"), Some("category" | "post_tag")))
        .filter_map(|c| c.text())
        .filter(|t| *t != "Uncategorized")
        .map(|t| Value::String(t.to_string()))
        .collect();
    if !tags.is_empty() {
        front.insert("tags".into(), Value::Array(tags));
    }
    let html = shortcodes(item, file, site);
    let html = images(&html, site);
    let markdown = htmd::convert(&html).unwrap_or_else(|_| html.clone());
    (front, markdown)
}

/// WordPress shortcodes (`[gallery ids="1,2"]`, `[contact-form]...[/contact-form]`)
/// in a page's content: each is reported at its place in the export and
/// shown on the page as a visible placeholder.
fn shortcodes(item: &Item, file: &str, site: &mut NewSite) -> String {
    static CALL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let call = CALL.get_or_init(|| {
        regex::Regex::new(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)/?\]").expect("the shortcode pattern is valid")
    });
    let Some(content) = item
        .node
        .children()
        .find(|c| c.tag_name().name() == "encoded" && c.tag_name().namespace().is_some_and(|n| n.contains("content")))
    else {
        return String::new();
    };
    let html = content.text().unwrap_or("");
    let xml = item.node.document().input_text();
    // Where the content's text starts in the export, to place each call.
    let start = xml[content.range()]
        .find(html.get(..html.len().min(40)).unwrap_or(""))
        .map(|i| content.range().start + i);
    call.replace_all(html, |c: &regex::Captures| {
        let m = c.get(0).expect("a match");
        // `[[x]]` is WordPress's way to show a shortcode literally.
        if html[..m.start()].ends_with('[') {
            return m.as_str().to_string();
        }
        if let Some(at) = start {
            super::body::note_call(site, file, xml, at + m.start(), 1, &c[2], "WordPress shortcode");
        }
        // HTML here: the Markdown conversion makes it the same `code` text
        // as other imports' placeholders.
        if &c[1] == "/" {
            String::new()
        } else {
            format!("<code>[not converted: {}]</code>", &c[2])
        }
    })
    .into_owned()
}

/// Points every `<img src>` at `/images/<name>` and lists the original for download.
fn images(html: &str, site: &mut NewSite) -> String {
    let re = regex::Regex::new(r#"(<img[^>]*\ssrc=")([^"]+)(")"#).unwrap();
    re.replace_all(html, |c: &regex::Captures| {
        let url = &c[2];
        let name = url.rsplit('/').next().unwrap_or(url).split('?').next().unwrap_or("");
        site.downloads.push((url.to_string(), format!("static/images/{name}")));
        format!("{}/images/{name}{}", &c[1], &c[3])
    })
    .into_owned()
}
