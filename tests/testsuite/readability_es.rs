//! Readability of the real site's Spanish pages (issue 16, item 8): every
//! `content/**/*.es.md` must score at least 65 on the Fernández-Huerta scale.
//! 70 and above is "bastante fácil" (about US grade 6 to 8), which the pages
//! aim at; 65 leaves a margin for a page that needs some medical words.
//!
//! Fernández-Huerta = 206.84 - 0.60 P - 1.02 F, with P the syllables and F the
//! sentences per 100 words of the body: front matter, headings, code, images
//! and link targets are left out, and a list item or table cell without a
//! full stop ends a sentence.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

const MIN_SCORE: f64 = 65.0;

/// a, e, o, and í or ú with an accent, which break a diphthong.
const STRONG: &str = "aeoáéóíú";
const WEAK: &str = "iuü";

fn is_vowel(c: char) -> bool {
    STRONG.contains(c) || WEAK.contains(c)
}

/// The syllables of a Spanish word, counted as vowel nuclei: two strong
/// vowels side by side, or an accented í or ú next to a vowel, are a hiatus
/// (two syllables: po-e-ta, pa-ís); any other pair is a diphthong (one:
/// ciu-dad). A y after a vowel and not before one closes a diphthong (muy,
/// hoy); the word "y" is one syllable.
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    if w == ['y'] {
        return 1;
    }
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (i, &c) in w.iter().enumerate() {
        let closing_y = c == 'y' && prev.is_some() && !w.get(i + 1).is_some_and(|&n| is_vowel(n));
        let c = if closing_y { 'i' } else { c };
        if !is_vowel(c) {
            prev = None;
            continue;
        }
        let new_nucleus = match prev {
            None => true,
            Some(p) => (STRONG.contains(p) && STRONG.contains(c)) || "íú".contains(p) || "íú".contains(c),
        };
        if new_nucleus {
            count += 1;
        }
        prev = Some(c);
    }
    count.max(1)
}

/// The page without its front matter.
fn body(page: &str) -> &str {
    page.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(page)
}

/// The running text of a Markdown body, each paragraph, list item and table
/// cell closed as a sentence when it has no full stop of its own.
fn running_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut skipped = 0usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_GFM) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => skipped += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => skipped -= 1,
            Event::Text(text) if skipped == 0 => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => end_block(&mut out),
            _ => {}
        }
    }
    out
}

fn end_block(out: &mut String) {
    let kept = out.trim_end().len();
    out.truncate(kept);
    if kept > 0 && !out.ends_with(['.', '!', '?', ':', ';']) {
        out.push('.');
    }
    out.push(' ');
}

/// Sentence ends: a run of `.`, `!`, `?`, `:` or `;` followed by a space or
/// the end of the text.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | ':' | ';');
    (0..chars.len())
        .filter(|&i| is_end(chars[i]) && chars.get(i + 1).is_none_or(|c| c.is_whitespace()))
        .count()
}

/// The Fernández-Huerta score of plain text, or `None` when it has no words.
fn fernandez_huerta(text: &str) -> Option<f64> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let n = words.len() as f64;
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let sentences = sentences(text).max(1);
    Some(206.84 - 0.60 * (100.0 * syllables as f64 / n) - 1.02 * (100.0 * sentences as f64 / n))
}

fn spanish_pages(content: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.to_string_lossy().ends_with(".es.md"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_spanish_page_of_the_real_site_reads_fairly_easily() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = spanish_pages(&root.join("content"));
    assert!(!pages.is_empty(), "the real site has no content/**/*.es.md pages");
    let hard: Vec<String> = pages
        .iter()
        .filter_map(|path| {
            let page = std::fs::read_to_string(path).unwrap();
            let score = fernandez_huerta(&running_text(body(&page)))?;
            let name = path.strip_prefix(root).unwrap().display();
            (score < MIN_SCORE).then(|| format!("{name}: {score:.1}"))
        })
        .collect();
    assert!(
        hard.is_empty(),
        "Spanish pages below Fernández-Huerta {MIN_SCORE} (aim at 70 or more: shorter sentences, shorter words):\n{}",
        hard.join("\n")
    );
}

#[test]
fn the_syllable_counter_knows_spanish_words() {
    let known = [
        ("piel", 1),
        ("muy", 1),
        ("hoy", 1),
        ("y", 1),
        ("guante", 2),
        ("ciudad", 2),
        ("día", 2),
        ("país", 2),
        ("aguja", 3),
        ("ayuda", 3),
        ("poeta", 3),
        ("queloide", 3),
        ("cicatriz", 3),
        ("cicatrices", 4),
        ("hialurónico", 5),
        ("enrojecimiento", 6),
        ("Isotretinoína", 7),
    ];
    for (word, count) in known {
        assert_eq!(syllables(word), count, "syllables of {word}");
    }
}

#[test]
fn the_score_tells_plain_spanish_from_dense_spanish() {
    let plain = fernandez_huerta("La piel se ve roja. Esto pasa en uno a tres días. Luego se calma.").unwrap();
    let dense = fernandez_huerta(
        "La administración concomitante de anticoagulantes orales incrementa significativamente \
         la probabilidad de complicaciones hemorrágicas postoperatorias en intervenciones percutáneas.",
    )
    .unwrap();
    assert!(plain > 90.0, "plain text scored {plain:.1}");
    assert!(dense < 0.0, "dense text scored {dense:.1}");
}

#[test]
fn only_the_running_text_is_measured() {
    let page = "---\ntitle: Título larguísimo\n---\n\n## Encabezado que no cuenta\n\n\
                Lea [la página](risks.md#quién-no-debe-hacerse-microneedling) hoy [1](#source-fda).\n\n\
                - una cosa\n- otra cosa\n\n![Dibujo de las capas](images/skin-layers.svg)\n";
    let text = running_text(body(page));
    assert_eq!(text.trim(), "Lea la página hoy 1. una cosa. otra cosa.");
    assert_eq!(sentences(&text), 3);
}
