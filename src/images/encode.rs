//! Resizing and encoding: one decoded image to the bytes of each file the
//! site publishes for it. The encoders write pixels only, never EXIF, XMP,
//! IPTC or ICC data, which is what strips the metadata.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageEncoder};

use super::decode::Kind;
use crate::config::images::Format;

/// The encoders' version of the files: part of every cache key, so that a
/// change here never serves files made the old way.
pub(crate) const VERSION: &str = "4";

/// rav1e's speed, 1 (slowest, smallest) to 10 (fastest): at web qualities
/// the files of 10 are a little larger, and they take a fraction of the time.
const AVIF_SPEED: u8 = 10;

/// libwebp's effort, 0 (fastest) to 6; its default is 4. At 2 a file takes
/// about half the time for a few percent more bytes.
const WEBP_METHOD: i32 = 2;

/// A file format the site publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Out {
    Avif,
    Webp,
    Jpeg,
    Png,
}

impl Out {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Out::Avif => "avif",
            Out::Webp => "webp",
            Out::Jpeg => "jpg",
            Out::Png => "png",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Out::Avif => "image/avif",
            Out::Webp => "image/webp",
            Out::Jpeg => "image/jpeg",
            Out::Png => "image/png",
        }
    }

    pub(crate) fn of(format: Format) -> Out {
        match format {
            Format::Avif => Out::Avif,
            Format::Webp => Out::Webp,
        }
    }

    /// The format every browser shows, for the `<img>` itself: PNG for
    /// images with transparency or drawn as PNG, else JPEG.
    pub(crate) fn fallback(kind: Kind, has_alpha: bool) -> Out {
        match kind {
            Kind::Png => Out::Png,
            _ if has_alpha => Out::Png,
            _ => Out::Jpeg,
        }
    }

    /// The format the full-size copy keeps: the source's own.
    pub(crate) fn same_as(kind: Kind) -> Out {
        match kind {
            Kind::Jpeg => Out::Jpeg,
            Kind::Png => Out::Png,
            Kind::Webp => Out::Webp,
        }
    }
}

/// `image` at `width` pixels wide (never wider than it is), keeping its shape.
pub(crate) fn resized(image: &DynamicImage, width: u32) -> DynamicImage {
    if width >= image.width() {
        return image.clone();
    }
    let height = ((u64::from(image.height()) * u64::from(width) + u64::from(image.width()) / 2)
        / u64::from(image.width()))
    .max(1) as u32;
    let mut out = DynamicImage::new(width, height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    match Resizer::new().resize(image, &mut out, &options) {
        Ok(()) => out,
        // A pixel layout the fast resizer lacks (16-bit PNG): the slower one.
        Err(_) => image.resize_exact(width, height, image::imageops::FilterType::Lanczos3),
    }
}

/// The bytes of `image` in `out` at `quality` (1 to 100).
pub(crate) fn encode(image: &DynamicImage, out: Out, quality: u8) -> Result<Vec<u8>, String> {
    let has_alpha = image.color().has_alpha();
    match out {
        Out::Avif => avif(image, quality),
        Out::Webp => {
            let mut config = webp::WebPConfig::new().map_err(|()| "the WebP encoder could not start".to_string())?;
            config.quality = f32::from(quality);
            config.method = WEBP_METHOD;
            let encoded = if has_alpha {
                webp::Encoder::from_rgba(image.to_rgba8().as_raw(), image.width(), image.height())
                    .encode_advanced(&config)
            } else {
                webp::Encoder::from_rgb(image.to_rgb8().as_raw(), image.width(), image.height())
                    .encode_advanced(&config)
            };
            encoded.map(|m| m.to_vec()).map_err(|e| format!("{e:?}"))
        }
        Out::Jpeg => {
            let rgb = image.to_rgb8();
            let mut bytes = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
                .write_image(rgb.as_raw(), rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
            Ok(bytes)
        }
        Out::Png => {
            let mut bytes = Vec::new();
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut bytes,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            let rgba;
            let rgb;
            let (raw, color) = if has_alpha {
                rgba = image.to_rgba8();
                (rgba.as_raw(), image::ExtendedColorType::Rgba8)
            } else {
                rgb = image.to_rgb8();
                (rgb.as_raw(), image::ExtendedColorType::Rgb8)
            };
            encoder
                .write_image(raw, image.width(), image.height(), color)
                .map_err(|e| e.to_string())?;
            Ok(bytes)
        }
    }
}

fn avif(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = ravif::Encoder::new()
        .with_quality(f32::from(quality))
        .with_alpha_quality(f32::from(quality))
        .with_speed(AVIF_SPEED)
        // The sources are 8-bit photos: 10-bit files (ravif's default) are a
        // few percent smaller and take a third longer to make.
        .with_bit_depth(ravif::BitDepth::Eight)
        // Files must be the same bytes on every machine: one thread's
        // choices do not depend on how the work was split.
        .with_num_threads(Some(1));
    let (w, h) = (image.width() as usize, image.height() as usize);
    let encoded = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        let pixels: Vec<ravif::RGBA8> = rgba
            .as_raw()
            .chunks_exact(4)
            .map(|p| ravif::RGBA8::new(p[0], p[1], p[2], p[3]))
            .collect();
        encoder.encode_rgba(ravif::Img::new(&pixels[..], w, h))
    } else {
        let rgb = image.to_rgb8();
        let pixels: Vec<ravif::RGB8> = rgb
            .as_raw()
            .chunks_exact(3)
            .map(|p| ravif::RGB8::new(p[0], p[1], p[2]))
            .collect();
        encoder.encode_rgb(ravif::Img::new(&pixels[..], w, h))
    };
    encoded.map(|e| e.avif_file).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resizing_keeps_the_shape_and_never_upscales() {
        let image = DynamicImage::new_rgb8(640, 400);
        let small = resized(&image, 320);
        assert_eq!((small.width(), small.height()), (320, 200));
        let same = resized(&image, 1000);
        assert_eq!((same.width(), same.height()), (640, 400));
    }

    #[test]
    fn every_format_encodes_and_decodes_back() {
        let image = DynamicImage::new_rgb8(40, 30);
        for out in [Out::Webp, Out::Jpeg, Out::Png, Out::Avif] {
            let bytes = encode(&image, out, 70).unwrap();
            assert!(!bytes.is_empty(), "{out:?}");
            if out != Out::Avif {
                let back = image::load_from_memory(&bytes).unwrap();
                assert_eq!((back.width(), back.height()), (40, 30), "{out:?}");
            }
        }
    }
}
