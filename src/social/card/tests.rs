use super::*;

fn png(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| image::Rgb(paint(x, y)));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn no_fonts() -> Fonts {
    Fonts(Arc::new(fontdb::Database::new()))
}

fn decoded(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap()
        .into_rgb8()
}

#[test]
fn a_wide_card_is_cut_from_the_middle_or_around_the_focus() {
    // 2400 x 2400 scaled by 0.5 covers 1200 x 1200: 570 rows are cut.
    let (scale, x, y) = cover(2400.0, 2400.0, Focus::default());
    assert_eq!((scale, x, y), (0.5, 0.0, 285.0));
    let (_, _, top) = cover(2400.0, 2400.0, Focus { x: 0.5, y: 0.0 });
    assert_eq!(top, 0.0);
    let (_, _, bottom) = cover(2400.0, 2400.0, Focus { x: 0.5, y: 1.0 });
    assert_eq!(bottom, 570.0);
    // A small image is scaled up to cover the card.
    let (scale, x, y) = cover(600.0, 315.0, Focus::default());
    assert_eq!((scale, x, y), (2.0, 0.0, 0.0));
}

#[test]
fn a_drawing_is_fitted_whole_with_margins() {
    let (scale, x, y) = contain(660.0, 480.0);
    assert!((scale - 630.0 / 480.0).abs() < 1e-9);
    assert!(x < 0.0 && y.abs() < 1e-9, "{x} {y}");
}

#[test]
fn the_focus_decides_which_part_of_a_photo_is_kept() {
    // Top half red, bottom half blue.
    let source = png(800, 800, |_, y| if y < 400 { [255, 0, 0] } else { [0, 0, 255] });
    let card_at = |y: f64| {
        let settings = CardSettings {
            focus: Some(Focus { x: 0.5, y }),
            ..CardSettings::default()
        };
        decoded(&social_card(Picture::Raster(&source), &settings, &no_fonts()).unwrap())
    };
    let top = card_at(0.0);
    assert_eq!(top.dimensions(), (WIDTH, HEIGHT));
    let pixel = top.get_pixel(600, 315).0;
    assert!(pixel[0] > 200 && pixel[2] < 60, "{pixel:?}");
    let pixel = card_at(1.0).get_pixel(600, 315).0;
    assert!(pixel[2] > 200 && pixel[0] < 60, "{pixel:?}");
}

#[test]
fn the_same_image_makes_the_same_bytes_with_no_metadata() {
    let source = png(300, 200, |x, y| [(x % 256) as u8, (y % 256) as u8, 90]);
    let a = social_card(Picture::Raster(&source), &CardSettings::default(), &no_fonts()).unwrap();
    let b = social_card(Picture::Raster(&source), &CardSettings::default(), &no_fonts()).unwrap();
    assert_eq!(a, b);
    // The markers before the image data: start, JFIF, then tables only.
    let mut markers = Vec::new();
    let mut at = 2;
    while a[at] == 0xFF && a[at + 1] != 0xDA {
        markers.push(a[at + 1]);
        at += 2 + usize::from(u16::from_be_bytes([a[at + 2], a[at + 3]]));
    }
    assert_eq!(&a[..2], &[0xFF, 0xD8]);
    assert_eq!(markers[0], 0xE0, "JFIF first: {markers:x?}");
    assert!(
        markers[1..].iter().all(|m| !(0xE1..=0xEF).contains(m) && *m != 0xFE),
        "no EXIF, XMP, ICC or comment: {markers:x?}"
    );
}

#[test]
fn an_svg_is_drawn_on_white() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="210"><rect x="0" y="0" width="200" height="210" fill="#00ff00"/></svg>"##;
    let card = decoded(&social_card(Picture::Svg(svg), &CardSettings::default(), &no_fonts()).unwrap());
    assert_eq!(card.dimensions(), (WIDTH, HEIGHT));
    let left = card.get_pixel(100, 300).0;
    let right = card.get_pixel(1100, 300).0;
    assert!(left[1] > 200 && left[0] < 60, "{left:?}");
    assert!(right.iter().all(|c| *c > 240), "{right:?}");
}

#[test]
fn broken_and_huge_images_are_refused_before_decoding() {
    let settings = CardSettings::default();
    let fonts = no_fonts();
    let truncated = &png(300, 200, |_, _| [1, 2, 3])[..60];
    assert!(matches!(
        social_card(Picture::Raster(truncated), &settings, &fonts),
        Err(CardError::Unreadable(_))
    ));
    assert!(matches!(
        social_card(Picture::Raster(b"GIF89a\x01\x00\x01\x00"), &settings, &fonts),
        Err(CardError::Unsupported(_))
    ));
    // A PNG header that claims 10000 x 10000 pixels.
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend_from_slice(&10_000u32.to_be_bytes());
    bomb.extend_from_slice(&10_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0]);
    bomb.extend_from_slice(&0x352c_f570u32.to_be_bytes()); // the chunk's CRC
    assert_eq!(
        social_card(Picture::Raster(&bomb), &settings, &fonts),
        Err(CardError::TooLarge {
            width: 10_000,
            height: 10_000
        })
    );
    assert!(matches!(
        social_card(Picture::Svg(b"<svg"), &settings, &fonts),
        Err(CardError::Unreadable(_))
    ));
}
