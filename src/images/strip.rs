//! A JPEG's metadata taken out without decoding it: the full-size copy of
//! an upright JPEG keeps its picture byte for byte (no second loss of
//! quality, and no encoder run over millions of pixels), only without the
//! segments that say where, when and with what it was taken.

/// APP1 to APP15 (EXIF, XMP, ICC, IPTC, MPF and makers' own) and COM.
fn is_metadata(marker: u8) -> bool {
    (0xE1..=0xEF).contains(&marker) || marker == 0xFE
}

/// `bytes` without their metadata segments, or `None` when the file is not
/// laid out as a JPEG normally is (it is then encoded again instead).
pub(crate) fn jpeg_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // A marker may be padded with extra 0xFF bytes.
        while bytes.get(at)? == &0xFF && bytes.get(at + 1)? == &0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Markers without a length (a restart, a second start, the end)
        // have no place before the first scan.
        if matches!(marker, 0x01 | 0xD0..=0xD9) {
            return None;
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
        let end = at + 2 + length;
        if length < 2 || end > bytes.len() {
            return None;
        }
        if marker == 0xDA {
            // The scans are the picture. In them a 0xFF byte is followed by
            // 0x00 or a restart marker; between the scans of a progressive
            // JPEG only tables may come, so a metadata marker here is one
            // this does not take apart.
            let rest = &bytes[at..];
            if rest.windows(2).any(|w| w[0] == 0xFF && is_metadata(w[1])) {
                return None;
            }
            out.extend_from_slice(rest);
            return Some(out);
        }
        if !is_metadata(marker) {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small JPEG as `image` writes it: SOI, APP0 (JFIF), tables, scan.
    fn plain_jpeg() -> Vec<u8> {
        let image = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([(x * 8) as u8, (y * 10) as u8, 90]));
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80)
            .encode_image(&image)
            .unwrap();
        bytes
    }

    /// `jpeg` with `segment` (marker and payload) put right after SOI.
    fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn exif_xmp_and_comments_go_and_the_picture_stays_byte_for_byte() {
        let plain = plain_jpeg();
        let exif = with_segment(&plain, 0xE1, b"Exif\0\0GPS 48.85N 2.35E serial 12345");
        let tagged = with_segment(&exif, 0xFE, b"taken at the clinic");
        let stripped = jpeg_without_metadata(&tagged).unwrap();
        assert_eq!(stripped, plain);
        assert_eq!(jpeg_without_metadata(&plain).unwrap(), plain);
        let back = image::load_from_memory(&stripped).unwrap();
        assert_eq!((back.width(), back.height()), (32, 24));
    }

    #[test]
    fn what_it_does_not_understand_is_left_to_the_encoder() {
        let plain = plain_jpeg();
        assert_eq!(jpeg_without_metadata(b"not a jpeg"), None);
        assert_eq!(jpeg_without_metadata(&plain[..20]), None, "cut short");
        let mut late = plain.clone();
        let eoi = late.len() - 2;
        late.splice(eoi..eoi, [0xFF, 0xFE, 0, 4, b'h', b'i']);
        assert_eq!(jpeg_without_metadata(&late), None, "a comment after the scan");
        let mut bad_length = with_segment(&plain, 0xE1, b"Exif");
        bad_length[4..6].copy_from_slice(&[0xFF, 0xF0]);
        assert_eq!(jpeg_without_metadata(&bad_length), None);
    }
}
