//! `dermapress new <kind> --lang es --from risks.md`: the skeleton of a
//! translation, written next to its original (`risks.es.md`). It keeps the
//! original's structure (headings, links, sources, data) for the translator
//! to replace line by line, records which version of the original it is made
//! from (`source_hash`), and is a draft with its own review left to fill in.

use std::path::Path;

use super::{site_config, url_of, write_new, Created, Refusal};
use crate::content::revision::source_hash;

/// Keys of the original a translation never copies: its review is its own,
/// its address is in its own language, and it starts as a draft.
const OWN_KEYS: &[&str] = &["reviewed_by:", "last_reviewed:", "slug:", "draft:", "source_hash:"];

/// Writes the translation of `from` (a path below `content/`) into `lang`.
pub fn new_translation(root: &Path, from: &str, lang: &str) -> Result<Created, Refusal> {
    let config = site_config(root)?;
    let codes = config.language_codes();
    if !codes[1..].contains(&lang) {
        return Err(Refusal::new(
            format!("`{lang}` is not one of the languages this site is translated into"),
            if config.is_multilingual() {
                format!("use one of: {}", codes[1..].join(", "))
            } else {
                "list the site's languages under `languages:` in site.yaml first, the default first".to_string()
            },
        ));
    }
    let from = from.trim_start_matches('/');
    let from = from.strip_prefix("content/").unwrap_or(from);
    let original = root.join("content").join(from);
    let text = std::fs::read_to_string(&original).map_err(|_| {
        Refusal::new(
            format!("there is no content/{from} to translate"),
            "give the path below content/ of the page to translate, e.g. --from risks.md",
        )
    })?;
    if config.file_language(from).map(|f| f.key != from).unwrap_or(true) {
        return Err(Refusal::new(
            format!("content/{from} is not a page in the site's default language"),
            "translate the original page (e.g. --from risks.md, not risks.es.md)",
        ));
    }
    let Some((stem, ext)) = from.rsplit_once('.') else {
        return Err(Refusal::new(
            format!("content/{from} is not a page"),
            "give a .md or .yaml file, e.g. --from risks.md",
        ));
    };
    let rel = format!("{stem}.{lang}.{ext}");
    let path = Path::new("content").join(&rel);
    let skeleton = skeleton(&text, ext == "md", config.language_name(lang), from);
    write_new(&root.join(&path), &skeleton).map_err(|r| match root.join(&path).exists() {
        true => Refusal::new(
            format!("{} already exists; `new` never overwrites a file", path.display()),
            "edit the existing translation instead",
        ),
        false => r,
    })?;
    let url = url_of(root, &rel, &config);
    Ok(Created { path, url })
}

/// The original's text with its own keys replaced by the translation's.
fn skeleton(text: &str, markdown: bool, language: &str, from: &str) -> String {
    let hash = source_hash(text);
    let own = format!(
        "# TODO: translate this {language} version of content/{from}, line by line.\n\
         # Give it its own address in {language} (e.g. slug: ...), and once a reviewer\n\
         # has checked it, add reviewed_by: and last_reviewed: and remove draft: true.\n\
         # source_hash says which version of the original it was made from: when the\n\
         # original changes, `check` warns and gives the new value to write here.\n\
         draft: true\nsource_hash: {hash}\n"
    );
    let mut out = String::new();
    let mut in_front = !markdown;
    let mut placed = false;
    for (n, line) in text.lines().enumerate() {
        if markdown && line.trim_end() == "---" {
            if n == 0 {
                in_front = true;
                out.push_str("---\n");
                continue;
            }
            if in_front {
                in_front = false;
                out.push_str(&own);
                placed = true;
                out.push_str("---\n\nTODO: translate the text below.\n");
                continue;
            }
        }
        if in_front && OWN_KEYS.iter().any(|k| line.starts_with(k)) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !placed {
        out.push_str(&own);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::skeleton;

    #[test]
    fn the_skeleton_keeps_the_structure_and_replaces_the_review() {
        let text = "---\ntitle: Risks\nslug: risks\nreviewed_by: dr-a\nlast_reviewed: 2026-01-01\n---\n## Who should avoid it\n";
        let out = skeleton(text, true, "Español", "risks.md");
        assert!(out.starts_with("---\ntitle: Risks\n# TODO"), "{out}");
        assert!(out.contains("draft: true\nsource_hash: "), "{out}");
        assert!(out.contains("## Who should avoid it"), "{out}");
        assert!(
            !out.contains("reviewed_by: dr-a") && !out.contains("slug: risks"),
            "{out}"
        );
    }
}
