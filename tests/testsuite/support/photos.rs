//! Photo-like images made on the spot (gradients, soft shapes and sensor
//! noise), for the tests, the benchmark and the Lighthouse fixture: no
//! photo of anyone is ever committed. A phone photo's EXIF (orientation,
//! GPS, device serial) is written with kamadak-exif.

#![allow(dead_code)]

use std::io::Cursor;

use exif::{Field, In, Rational, Tag, Value};
use image::{ImageEncoder, RgbImage};

/// A `width` x `height` photo-like picture; the same `seed` gives the same pixels.
pub fn photo(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 25) as i32 - 12
    };
    let (cx, cy) = ((seed % 7 + 2) as f32 / 10.0, (seed % 5 + 3) as f32 / 10.0);
    RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let d = ((u - cx).powi(2) + (v - cy).powi(2)).sqrt();
        let glow = (1.0 - d * 2.0).max(0.0) * 90.0;
        let base = [
            60.0 + 120.0 * u + glow,
            80.0 + 60.0 * v + glow * 0.7,
            140.0 - 70.0 * u * v + glow * 0.4,
        ];
        image::Rgb(base.map(|c| (c as i32 + noise()).clamp(0, 255) as u8))
    })
}

pub fn jpeg(width: u32, height: u32, seed: u64) -> Vec<u8> {
    encode_jpeg(&photo(width, height, seed))
}

pub fn png(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let image = photo(width, height, seed);
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(image.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encode a PNG");
    out
}

fn encode_jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode a JPEG");
    out
}

/// A JPEG as a phone saves it: stored `width` x `height` pixels, with EXIF
/// saying how to turn it (`orientation`, 6 = turn right to view) and, when
/// `gps`, where it was taken, plus the device's serial number.
pub fn phone_jpeg(width: u32, height: u32, orientation: u16, gps: bool) -> Vec<u8> {
    let jpeg = encode_jpeg(&photo(width, height, 7));
    let r = |num, denom| Rational { num, denom };
    let mut fields = vec![
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        Field {
            tag: Tag::BodySerialNumber,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"SN-TEST-0001".to_vec()]),
        },
    ];
    if gps {
        fields.extend([
            Field {
                tag: Tag::GPSLatitudeRef,
                ifd_num: In::PRIMARY,
                value: Value::Ascii(vec![b"N".to_vec()]),
            },
            Field {
                tag: Tag::GPSLatitude,
                ifd_num: In::PRIMARY,
                value: Value::Rational(vec![r(40, 1), r(42, 1), r(4614, 100)]),
            },
            Field {
                tag: Tag::GPSLongitudeRef,
                ifd_num: In::PRIMARY,
                value: Value::Ascii(vec![b"W".to_vec()]),
            },
            Field {
                tag: Tag::GPSLongitude,
                ifd_num: In::PRIMARY,
                value: Value::Rational(vec![r(74, 1), r(0, 1), r(2160, 100)]),
            },
        ]);
    }
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("write EXIF");
    let tiff = tiff.into_inner();
    // APP1 right after the start-of-image marker, where readers look for it.
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Whether `bytes` carry any EXIF data at all.
pub fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).is_ok()
}

/// The start of a PNG that says it is `width` x `height` pixels, with no
/// pixels after it: what a decompression bomb looks like to a header reader.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&width.to_be_bytes());
    chunk.extend_from_slice(&height.to_be_bytes());
    chunk.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out
}

/// The CRC that PNG chunks end with (ISO 3309), bit by bit: a few bytes only.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
