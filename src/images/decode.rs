//! Reading a source image: what it is (from its bytes, not its name), how
//! big it says it is (before anything is decoded, so that a decompression
//! bomb costs nothing), its pixels turned upright, and whether it carries a
//! location.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// Images over this many pixels are refused: decoding one takes 4 bytes a
/// pixel, and a 100-megapixel photo is already 400 MB.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// The source formats that are resized and re-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
    Webp,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpeg",
            Kind::Png => "png",
            Kind::Webp => "webp",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        [Kind::Jpeg, Kind::Png, Kind::Webp]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// Why an image cannot be published, in words for whoever added it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) rule: &'static str,
    pub(crate) message: String,
    pub(crate) help: String,
}

fn problem(rule: &'static str, message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem {
        rule,
        message: message.into(),
        help: help.into(),
    }
}

/// A decoded image, upright, with what the page needs to know of its source.
pub(crate) struct Decoded {
    pub(crate) kind: Kind,
    pub(crate) pixels: DynamicImage,
}

/// The format of `bytes`, or why it is not an image the site can publish.
pub(crate) fn kind_of(bytes: &[u8]) -> Result<Kind, Problem> {
    if is_heif(bytes) {
        return Err(problem(
            "image-unsupported",
            "this is a HEIC/HEIF photo, which most browsers cannot show",
            "export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible; \
             on a Mac: open it in Preview, File > Export, Format: JPEG) and link the .jpg",
        ));
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Kind::Jpeg),
        Ok(ImageFormat::Png) => Ok(Kind::Png),
        Ok(ImageFormat::WebP) => Ok(Kind::Webp),
        Ok(other) => Err(problem(
            "image-unsupported",
            format!("this is a {other:?} image, which dermapress cannot resize"),
            "save it as JPEG (photos) or PNG (drawings, screenshots) and link that file",
        )),
        Err(_) => Err(problem(
            "not-an-image",
            "this file is not an image (its contents are not JPEG, PNG or WebP)",
            "open it in an image editor and save it as JPEG or PNG; a renamed file is not converted",
        )),
    }
}

/// HEIC and HEIF (and AVIF) share the ISO box layout: `ftyp` at byte 4.
fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"]
            .contains(&&bytes[8..12].try_into().unwrap_or([0; 4]))
}

/// Decodes `bytes` (of `kind`) upright, refusing sizes over `MAX_PIXELS`
/// from the header alone.
pub(crate) fn decode(bytes: &[u8], kind: Kind) -> Result<Decoded, Problem> {
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        Kind::Webp => ImageFormat::WebP,
    };
    // The header's word alone, before any decoder allocates for it.
    let (w, h) = match imagesize::blob_size(bytes) {
        Ok(size) => (size.width as u32, size.height as u32),
        Err(_) => (0, 0),
    };
    if let Some(p) = too_large(w, h) {
        return Err(p);
    }
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder = reader.into_decoder().map_err(|e| broken(&e))?;
    let (w, h) = decoder.dimensions();
    if let Some(p) = too_large(w, h) {
        return Err(p);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(|e| broken(&e))?;
    pixels.apply_orientation(orientation);
    Ok(Decoded { kind, pixels })
}

fn too_large(w: u32, h: u32) -> Option<Problem> {
    let pixels = u64::from(w) * u64::from(h);
    (pixels > MAX_PIXELS).then(|| {
        problem(
            "image-too-large",
            format!(
                "this image is {w} x {h} pixels ({} megapixels); dermapress refuses images over {} megapixels",
                pixels / 1_000_000,
                MAX_PIXELS / 1_000_000
            ),
            "scale it down in an image editor (3000 pixels wide is plenty for a web page) and save it again",
        )
    })
}

fn broken(err: &image::ImageError) -> Problem {
    let truncated = matches!(err, image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof)
        || err.to_string().to_ascii_lowercase().contains("eof")
        || err.to_string().to_ascii_lowercase().contains("end of")
        || err.to_string().to_ascii_lowercase().contains("not enough bytes");
    if truncated {
        problem(
            "image-broken",
            "this image is cut short: the file ends before the picture does",
            "copy or export the image again (an upload or download was probably interrupted)",
        )
    } else {
        problem(
            "image-broken",
            format!("this image cannot be read: {err}"),
            "open it in an image editor and save it again as JPEG or PNG",
        )
    }
}

/// Whether the image is stored the way up it is shown: its EXIF data has no
/// orientation, or the normal one.
pub(crate) fn is_upright(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return true;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .is_none_or(|o| o == 1)
}

/// Whether the image's EXIF data records where it was taken.
pub(crate) fn has_location(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return false;
    };
    let located = exif
        .fields()
        .any(|f| matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude));
    located
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_bytes() {
        assert_eq!(kind_of(b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap(), Kind::Jpeg);
        assert_eq!(
            kind_of(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap_err().rule,
            "image-unsupported"
        );
        assert!(kind_of(b"\0\0\0\x18ftypheic\0\0\0\0")
            .unwrap_err()
            .help
            .contains("JPEG"));
        assert_eq!(kind_of(b"<html>hello</html>").unwrap_err().rule, "not-an-image");
        assert_eq!(kind_of(b"GIF89a\x01\0\x01\0").unwrap_err().rule, "image-unsupported");
    }
}
