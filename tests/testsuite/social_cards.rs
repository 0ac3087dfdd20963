//! Social cards: `og:image` is a 1200 x 630 JPEG that dermapress makes from
//! the page's `image` (drawn when it is an SVG), cropped around its focal
//! point, with no metadata in it, the same bytes on every build.

use crate::support::*;

/// The clinic site (real theme, base path `/info`) whose "How it works"
/// page has `image` written as `image_yaml`, and the image file at `rel`.
fn site_with_image(image_yaml: &str, rel: &str, bytes: &[u8]) -> TestSite {
    let site = TestSite::clinic();
    site.edit(
        "content/how-it-works.md",
        "weight: 10\n",
        &format!("weight: 10\nimage: {image_yaml}\n"),
    );
    site.write_bytes(rel, bytes);
    site
}

/// The card's pixels, after checking it is a 1200 x 630 JPEG with nothing
/// in it but the image: no EXIF (nor XMP, ICC or comments, APP1 to APP15 and COM).
fn card(site: &TestSite, rel: &str) -> image::RgbImage {
    let bytes = std::fs::read(site.out().join(rel)).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "a JPEG");
    let mut at = 2;
    while bytes[at] == 0xFF && bytes[at + 1] != 0xDA {
        let marker = bytes[at + 1];
        assert!(
            !(0xE1..=0xEF).contains(&marker) && marker != 0xFE,
            "metadata segment {marker:#x} in {rel}"
        );
        at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
    }
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(image::ImageDecoder::exif_metadata(&mut decoder).unwrap(), None);
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
        .unwrap()
        .into_rgb8();
    assert_eq!(img.dimensions(), (1200, 630));
    img
}

fn meta<'a>(html: &'a scraper::Html, key: &str) -> &'a str {
    let css = format!("meta[property='{key}'], meta[name='{key}']");
    attr(one(html, &css), "content")
}

const DIAGRAM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300"><rect width="200" height="300" fill="#00aa00"/><rect x="200" width="200" height="300" fill="#0000cc"/></svg>"##;

#[test]
fn an_svg_image_becomes_a_drawn_jpeg_card() {
    let site = site_with_image(
        "{ src: images/diagram.svg, alt: \"Two layers of skin\" }",
        "content/images/diagram.svg",
        DIAGRAM.as_bytes(),
    );
    site.build_ok();
    let html = site.html("how-it-works/index.html");
    assert_eq!(
        meta(&html, "og:image"),
        "https://clinic.example.com/info/social/how-it-works.jpg"
    );
    assert_eq!(meta(&html, "og:image:width"), "1200");
    assert_eq!(meta(&html, "og:image:height"), "630");
    assert_eq!(meta(&html, "og:image:alt"), "Two layers of skin");
    assert_eq!(meta(&html, "twitter:card"), "summary_large_image");
    let img = card(&site, "social/how-it-works.jpg");
    // The drawing is shown whole: green left of the middle, blue right of
    // it, white margins beside it (a 4:3 drawing on a 1.9:1 card).
    let [r, g, b] = img.get_pixel(450, 315).0;
    assert!(g > 120 && r < 60 && b < 60, "{:?}", [r, g, b]);
    let [r, g, b] = img.get_pixel(750, 315).0;
    assert!(b > 150 && r < 60 && g < 60, "{:?}", [r, g, b]);
    assert!(img.get_pixel(100, 315).0.iter().all(|c| *c > 240));
    // A page without an image has no card and a small preview.
    let other = site.html("guides/aftercare/index.html");
    assert!(select(&other, "meta[property='og:image']").is_empty());
    assert_eq!(meta(&other, "twitter:card"), "summary");
    assert!(!site.exists("social/guides/aftercare.jpg"));
}

#[test]
fn a_photo_is_cropped_to_the_card_around_its_focal_point() {
    // A square photo: the top half red, the bottom half blue.
    let photo = png(1000, 1000, |_, y| if y < 500 { [220, 0, 0] } else { [0, 0, 220] });
    let middle = |focus: &str| {
        let image = format!("{{ src: images/photo.png, alt: A photo{focus} }}");
        let site = site_with_image(&image, "content/images/photo.png", &photo);
        site.build_ok();
        card(&site, "social/how-it-works.jpg").get_pixel(600, 315).0
    };
    let [r, _, b] = middle(", focus: \"50% 10%\"");
    assert!(r > 180 && b < 60, "the top kept: {r} {b}");
    let [r, _, b] = middle(", focus: \"50% 90%\"");
    assert!(b > 180 && r < 60, "the bottom kept: {r} {b}");
    // Without a focal point the middle is kept: the seam runs across it.
    let site = site_with_image(
        "{ src: images/photo.png, alt: A photo }",
        "content/images/photo.png",
        &photo,
    );
    site.build_ok();
    let img = card(&site, "social/how-it-works.jpg");
    assert!(img.get_pixel(600, 200).0[0] > 180 && img.get_pixel(600, 430).0[2] > 180);
}

#[test]
fn a_focal_point_outside_the_image_or_malformed_is_an_error_at_its_place() {
    let photo = png(40, 30, |_, _| [10, 20, 30]);
    for (focus, message) in [
        (
            "\"150% 20%\"",
            "`image.focus` \"150% 20%\" is outside the image: 150% across (it must be from 0% to 100%)",
        ),
        ("top", "`image.focus` is not a point in the image: \"top\""),
    ] {
        let image = format!("{{ src: images/photo.png, alt: A photo, focus: {focus} }}");
        let site = site_with_image(&image, "content/images/photo.png", &photo);
        let errors = site.build_errors();
        assert_eq!(
            errors.iter().map(at).collect::<Vec<_>>(),
            [("content/how-it-works.md".to_string(), 5, 54, message.to_string())],
            "{}",
            report(&errors)
        );
        assert_eq!(errors[0].rule, "bad-focus");
    }
}

#[test]
fn an_image_that_is_not_one_is_an_error_at_the_image_line_and_publishes_nothing() {
    let photo = png(40, 30, |_, _| [10, 20, 30]);
    let site = site_with_image(
        "{ src: images/photo.jpg, alt: A photo }",
        "content/images/photo.jpg",
        &photo,
    );
    // The published site, card included, stays as it was. The photo is
    // reported once, by the image pipeline, not again for its card.
    let errors = site.break_with_bytes("content/images/photo.jpg", b"<html>not a photo</html>");
    assert_eq!(errors.len(), 1, "{}", report(&errors));
    assert_eq!(
        (errors[0].line, errors[0].column, errors[0].rule),
        (5, 15, "not-an-image")
    );
    assert!(
        errors[0]
            .message
            .starts_with("`images/photo.jpg`: this file is not an image"),
        "{}",
        report(&errors)
    );
}

/// The clinic site with a photo card on "How it works" and a drawn one on
/// the aftercare guide.
fn photo_and_diagram(photo: &[u8]) -> TestSite {
    let site = site_with_image(
        "{ src: images/photo.png, alt: A photo }",
        "content/images/photo.png",
        photo,
    );
    site.write("content/images/diagram.svg", DIAGRAM);
    site.edit(
        "content/guides/aftercare.md",
        "weight: 10\n",
        "weight: 10\nimage: { src: ../images/diagram.svg, alt: A diagram }\n",
    );
    site
}

#[test]
fn cards_are_the_same_bytes_on_every_clean_build() {
    let photo = png(900, 700, |x, y| {
        [(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8]
    });
    let build = || {
        let site = photo_and_diagram(&photo);
        site.build_ok();
        site.tree()
    };
    let (first, second) = (build(), build());
    assert!(first.contains_key("social/how-it-works.jpg") && first.contains_key("social/guides/aftercare.jpg"));
    assert_eq!(first, second);
}

#[test]
fn the_microneedling_sites_diagram_makes_its_card() {
    let out = tempfile::tempdir().unwrap();
    let result = dermapress::build(repo(), &out.path().join("public"), &dermapress::LoadOptions::default());
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.path().join("public/how-it-works/index.html")).unwrap(),
    );
    let url = attr(one(&html, "meta[property='og:image']"), "content");
    assert_eq!(url, "https://clinic.example.com/social/how-it-works.jpg");
    let bytes = std::fs::read(out.path().join("public/social/how-it-works.jpg")).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 630));
}

#[test]
fn a_rebuild_takes_cards_from_the_cache_and_makes_only_a_changed_one_again() {
    let site = photo_and_diagram(&png(900, 700, |x, y| [(x % 251) as u8, (y % 241) as u8, 90]));
    assert_eq!(site.build_ok().cards_made, 2);
    let cached = |site: &TestSite| {
        let mut names: Vec<String> = std::fs::read_dir(site.path(".dermapress-cache/social"))
            .expect("the cards' cache")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let entries = cached(&site);
    assert_eq!(entries.len(), 2, "{entries:?}");
    let first = site.tree();

    // Nothing changed: no card is made, the same bytes are published.
    assert_eq!(site.build_ok().cards_made, 0);
    assert_eq!(site.tree(), first);
    assert_eq!(cached(&site), entries);

    // A new focal point makes that one card again, and its old entry goes.
    site.edit(
        "content/how-it-works.md",
        "alt: A photo }",
        "alt: A photo, focus: \"10% 10%\" }",
    );
    assert_eq!(site.build_ok().cards_made, 1);
    let now = cached(&site);
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(now.iter().filter(|n| entries.contains(n)).count(), 1, "{now:?}");
    assert_ne!(site.tree()["social/how-it-works.jpg"], first["social/how-it-works.jpg"]);

    // The cache is safe to delete: the cards are made again, the same bytes.
    std::fs::remove_dir_all(site.path(".dermapress-cache")).unwrap();
    site.edit(
        "content/how-it-works.md",
        "alt: A photo, focus: \"10% 10%\" }",
        "alt: A photo }",
    );
    assert_eq!(site.build_ok().cards_made, 2);
    assert_eq!(site.tree(), first);
}
