//! One social card: a page's image, cropped around its focal point to the
//! 1200 x 630 that Facebook, LinkedIn and X show large, as a JPEG.
//!
//! Pure: bytes and settings in, JPEG bytes out, no file or clock read, so
//! that a cache can key it by its inputs. The JPEG carries no metadata at
//! all (the encoder writes only the JFIF header), and the same inputs give
//! the same bytes.

use std::io::Cursor;
use std::sync::Arc;

use image::{DynamicImage, ImageError, ImageReader, RgbImage};
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::content::focus::Focus;

/// Changes whenever a change here changes the bytes of a card, so that
/// cached cards made before are not used.
pub(crate) const VERSION: &str = "1";

/// The card's size in pixels: the large link preview's 1.91:1.
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// Larger images are refused before they are decoded: a small file can
/// claim billions of pixels (a decompression bomb). 50 megapixels is well
/// above any phone camera's photo.
pub(crate) const MAX_PIXELS: u64 = 50_000_000;

/// The image a card is made from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Picture<'a> {
    Svg(&'a [u8]),
    /// JPEG, PNG or WebP, told apart by their first bytes.
    Raster(&'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CardSettings {
    /// Where to crop. Without one a photo is cropped around its middle and
    /// a drawing (SVG) is shown whole on white: cutting a diagram's labels
    /// off would make it wrong.
    pub(crate) focus: Option<Focus>,
    /// JPEG quality, 1 to 100.
    pub(crate) quality: u8,
}

impl Default for CardSettings {
    fn default() -> Self {
        CardSettings {
            focus: None,
            quality: 85,
        }
    }
}

/// The fonts an SVG's text is drawn with (loaded once, at the edge).
#[derive(Clone)]
pub(crate) struct Fonts(pub(crate) Arc<fontdb::Database>);

/// Why no card could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CardError {
    /// Not an image this build can read: the decoder's reason.
    Unreadable(String),
    /// A kind of image that is recognised but not read (GIF, AVIF, ...).
    Unsupported(String),
    TooLarge {
        width: u32,
        height: u32,
    },
}

pub(crate) fn social_card(picture: Picture<'_>, settings: &CardSettings, fonts: &Fonts) -> Result<Vec<u8>, CardError> {
    let card = match picture {
        Picture::Svg(bytes) => svg_card(bytes, settings.focus, fonts)?,
        Picture::Raster(bytes) => raster_card(bytes, settings.focus.unwrap_or_default())?,
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, settings.quality.clamp(1, 100))
        .encode_image(&card)
        .map_err(|e| CardError::Unreadable(e.to_string()))?;
    Ok(out)
}

/// The image scaled to fit the card whole, centred: the scale and the
/// card's top-left corner on it (negative: a margin).
fn contain(width: f64, height: f64) -> (f64, f64, f64) {
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let scale = (w / width).min(h / height);
    (scale, (width * scale - w) / 2.0, (height * scale - h) / 2.0)
}

/// Where the card sits on the image scaled to cover it: the scale, and the
/// card's top-left corner on the scaled image. The focal point is put in
/// the middle of the card, as near as the image's edges allow.
fn cover(width: f64, height: f64, focus: Focus) -> (f64, f64, f64) {
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let scale = (w / width).max(h / height);
    let place = |focus: f64, scaled: f64, card: f64| (focus * scaled - card / 2.0).clamp(0.0, (scaled - card).max(0.0));
    (
        scale,
        place(focus.x, width * scale, w),
        place(focus.y, height * scale, h),
    )
}

fn svg_card(bytes: &[u8], focus: Option<Focus>, fonts: &Fonts) -> Result<RgbImage, CardError> {
    let options = usvg::Options {
        fontdb: fonts.0.clone(),
        // Images inside an SVG are not drawn: reading the files they name
        // would be input that no one sees in the site's folder.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|e| CardError::Unreadable(e.to_string()))?;
    let size = tree.size();
    let (width, height) = (f64::from(size.width()), f64::from(size.height()));
    let (scale, x, y) = match focus {
        Some(focus) => cover(width, height, focus),
        None => contain(width, height),
    };
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or(CardError::Unreadable("no pixels".into()))?;
    // JPEG has no transparency: what is transparent in the drawing shows white, as on the page.
    pixmap.fill(tiny_skia::Color::WHITE);
    let transform = tiny_skia::Transform::from_row(scale as f32, 0.0, 0.0, scale as f32, -x as f32, -y as f32);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // Opaque everywhere, so the premultiplied pixels are the plain ones.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    RgbImage::from_raw(WIDTH, HEIGHT, rgb).ok_or(CardError::Unreadable("no pixels".into()))
}

fn raster_card(bytes: &[u8], focus: Focus) -> Result<RgbImage, CardError> {
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let (scale, x, y) = cover(f64::from(width), f64::from(height), focus);
    let side = |card: u32, at: f64, whole: u32| {
        let start = ((at / scale).round() as u32).min(whole.saturating_sub(1));
        let length = ((f64::from(card) / scale).round() as u32).clamp(1, whole - start);
        (start, length)
    };
    let (left, crop_width) = side(WIDTH, x, width);
    let (top, crop_height) = side(HEIGHT, y, height);
    let cropped = image.crop_imm(left, top, crop_width, crop_height).into_rgb8();
    Ok(image::imageops::resize(
        &cropped,
        WIDTH,
        HEIGHT,
        image::imageops::FilterType::CatmullRom,
    ))
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, CardError> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| CardError::Unreadable(e.to_string()))
    };
    let Some(format) = reader()?.format() else {
        return Err(CardError::Unreadable(
            "its content is not that of a JPEG, PNG or WebP file".into(),
        ));
    };
    if !format.reading_enabled() {
        return Err(CardError::Unsupported(format!("{format:?}")));
    }
    // The header alone, as the file claims it: nothing is allocated yet.
    if let Ok(size) = imagesize::blob_size(bytes) {
        if (size.width as u64).saturating_mul(size.height as u64) > MAX_PIXELS {
            return Err(CardError::TooLarge {
                width: size.width as u32,
                height: size.height as u32,
            });
        }
    }
    reader()?.decode().map_err(unreadable)
}

fn unreadable(e: ImageError) -> CardError {
    match e {
        ImageError::Unsupported(u) => CardError::Unsupported(u.to_string()),
        other => CardError::Unreadable(other.to_string()),
    }
}

#[cfg(test)]
mod tests;
