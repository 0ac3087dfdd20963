//! Data pages of `kind: gallery`: before/after pairs shown as labelled
//! figures with the statements a regulator expects, and refused without
//! the patient's documented consent or any of the facts that make a pair honest.
//! The photos are made by the test (flat colours, no patients).

use crate::support::*;

const RETOUCHING: &str = "Photos are not retouched; light and angle are the same in each pair.";

/// A flat-colour JPEG of `width` x `height` pixels.
pub fn photo(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb(rgb));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

const GOOD_PAIRS: &str = "\
pairs:
  - treatment: Microneedling for acne scars
    sessions: 3
    since_last_session: 3 months
    before: { src: images/cheek-before.jpg, alt: \"Left cheek with rolling acne scars, before treatment\" }
    after: { src: images/cheek-after.jpg, alt: \"The same cheek with shallower scars, 3 months after the last session\" }
    caption: Photos taken in the same room, light and angle.
    consent: documented
  - treatment: Microneedling for enlarged pores
    sessions: 4
    since_last_session: 6 weeks
    before: { src: images/nose-before.jpg, alt: \"Nose and inner cheeks with visible pores, before treatment\" }
    after: { src: images/nose-after.jpg, alt: \"The same area with less visible pores, 6 weeks after the last session\" }
    consent: documented
";

/// The small clinic site (the real theme) with a retouching statement, a
/// gallery page with `pairs` and the photos it names.
fn gallery_site(pairs: &str) -> TestSite {
    let site = TestSite::clinic();
    site.edit(
        "site.yaml",
        "menu:",
        &format!("gallery:\n  retouching: \"{RETOUCHING}\"\nmenu:"),
    );
    site.write(
        "content/results.yaml",
        &format!(
            "kind: gallery\ntitle: Results of microneedling\ndescription: Before and after photos of patients treated at the clinic, with the sessions they had.\nreviewed_by: doc\nlast_reviewed: 2026-01-01\nintro: Each pair shows one patient, photographed before the first session and after the last.\n{pairs}"
        ),
    );
    for (name, rgb) in [
        ("cheek-before", [180, 120, 110]),
        ("cheek-after", [200, 150, 140]),
        ("nose-before", [170, 110, 100]),
        ("nose-after", [190, 140, 130]),
    ] {
        site.write_bytes(&format!("content/images/{name}.jpg"), &photo(640, 480, rgb));
    }
    site
}

#[test]
fn pairs_are_labelled_figures_side_by_side_with_the_statements() {
    let site = gallery_site(GOOD_PAIRS);
    site.build_ok();
    let html = site.html("results/index.html");
    let pairs = select(&html, "section.gallery-pair");
    assert_eq!(pairs.len(), 2);
    let headings: Vec<String> = select(&html, "section.gallery-pair > h2")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        headings,
        ["Microneedling for acne scars", "Microneedling for enlarged pores"]
    );
    let alts: Vec<&str> = select(&html, ".gallery-pair figure img")
        .into_iter()
        .map(|i| attr(i, "alt"))
        .collect();
    assert_eq!(
        alts,
        [
            "Left cheek with rolling acne scars, before treatment",
            "The same cheek with shallower scars, 3 months after the last session",
            "Nose and inner cheeks with visible pores, before treatment",
            "The same area with less visible pores, 6 weeks after the last session",
        ]
    );
    for img in select(&html, ".gallery-pair figure img") {
        assert_eq!((attr(img, "width"), attr(img, "height")), ("640", "480"));
        assert!(attr(img, "src").starts_with("/info/images/"), "{}", attr(img, "src"));
    }
    let labels: Vec<String> = select(&html, "#pair-1 figcaption").into_iter().map(text).collect();
    assert_eq!(labels, ["Before", "After"]);
    let facts: Vec<String> = select(&html, "#pair-1 .gallery-facts dd")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(facts, ["3", "3 months"]);
    assert_eq!(
        text(one(&html, "#pair-1 .gallery-caption")),
        "Photos taken in the same room, light and angle."
    );
    assert!(select(&html, "#pair-2 .gallery-caption").is_empty());
    let note = text(one(&html, ".gallery-note"));
    assert!(
        note.contains("Individual results vary.") && note.contains(RETOUCHING),
        "{note}"
    );
    for pair in &pairs {
        assert!(text(*pair).contains("Individual results vary."));
    }
    // Nothing to drag: no slider, no script, and no word about consent
    // (every pair shown has it; none is shown as lacking it).
    assert!(select(&html, "main input, [role=slider], .gallery-pair script").is_empty());
    let main = text(one(&html, "main"));
    assert!(!main.to_lowercase().contains("consent"), "{main}");
}

#[test]
fn gallery_mistakes_are_reported_each_at_its_place() {
    let pairs = "\
pairs:
  - treatment: Microneedling for acne scars
    sessions: 3
    since_last_session: 3 months
    before: { src: images/cheek-before.jpg, alt: \"Cheek before\" }
    after: { src: images/cheek-after.jpg, alt: \"Cheek after\" }
  - treatment: Microneedling for enlarged pores
    sessions: three
    before: { src: images/nose-before.jpg, alt: \"Nose before\" }
    after: { src: images/nose-after.jpg }
    consent: verbal
  - sessions: 2
    since_last_session: 1 month
    before: { src: images/nose-before.jpg, alt: \"\" }
    consent: documented
";
    let site = gallery_site(pairs);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(!site.out().exists(), "nothing is published");
    let root = site.root().display().to_string();
    insta::assert_snapshot!(run.stderr.replace(&root, "[SITE]"));
}

#[test]
fn the_retouching_statement_comes_from_site_yaml() {
    let site = gallery_site(GOOD_PAIRS);
    site.edit("site.yaml", &format!("  retouching: \"{RETOUCHING}\"\n"), "");
    site.edit("site.yaml", "gallery:\n", "");
    let errors = site.build_errors();
    assert_eq!(
        errors.iter().map(at).collect::<Vec<_>>(),
        [(
            "content/results.yaml".to_string(),
            1,
            1,
            "a gallery page needs the clinic's statement on retouching, and site.yaml has none".to_string()
        )]
    );
    site.edit("site.yaml", "menu:", "gallery:\n  retouching: \" \"\nmenu:");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", report(&errors));
    assert_eq!(errors[0].file.to_str(), Some("site.yaml"));
    assert_eq!(errors[0].message, "`gallery.retouching` is empty");
}

#[test]
fn the_claims_rules_read_captions_and_alt_text() {
    let pairs = GOOD_PAIRS
        .replace(
            "caption: Photos taken in the same room, light and angle.",
            "caption: Guaranteed smooth skin after three sessions.",
        )
        .replace(
            "alt: \"Nose and inner cheeks with visible pores, before treatment\"",
            "alt: \"Pores before a painless treatment\"",
        );
    let site = gallery_site(&pairs);
    let errors = site.build_errors();
    let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.rule)).collect();
    assert!(found.contains(&(13, "guarantee")), "{}", report(&errors));
    assert!(found.contains(&(18, "painless")), "{}", report(&errors));
}

#[test]
fn a_photo_that_is_not_there_is_a_broken_link_at_its_src() {
    let site = gallery_site(&GOOD_PAIRS.replace("images/nose-after.jpg", "images/nose-later.jpg"));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", report(&errors));
    assert_eq!((errors[0].line, errors[0].column), (19, 19), "{}", report(&errors));
    assert!(
        errors[0].message.contains("images/nose-later.jpg"),
        "{}",
        errors[0].message
    );
}
