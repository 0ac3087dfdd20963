//! The intrinsic size of the site's images, so that every `<img>` can carry
//! `width` and `height`: the browser then keeps the image's place while it
//! loads, and the text does not jump (WCAG and Core Web Vitals both care).

use std::path::Path;

/// An image's width and height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Size {
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// Whether a file name is that of an image a page can show.
pub(crate) fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The size of the image at `path`, if it is an image whose size can be
/// known: raster images from their header, SVG from the root element's
/// `width` and `height` (plain or `px`) or else its `viewBox`.
pub(crate) fn size_of(path: &Path) -> Option<Size> {
    let name = path.to_string_lossy();
    if name.to_ascii_lowercase().ends_with(".svg") {
        let text = std::fs::read_to_string(path).ok()?;
        return svg_size(&text);
    }
    if !is_image(&name) {
        return None;
    }
    let size = imagesize::size(path).ok()?;
    positive(size.width as f64, size.height as f64)
}

/// The size an SVG document declares.
pub(crate) fn svg_size(text: &str) -> Option<Size> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let pixels = |name: &str| {
        let value = root.attribute(name)?.trim();
        value.strip_suffix("px").unwrap_or(value).trim().parse::<f64>().ok()
    };
    if let (Some(w), Some(h)) = (pixels("width"), pixels("height")) {
        return positive(w, h);
    }
    let view_box: Vec<f64> = root
        .attribute("viewBox")?
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match view_box[..] {
        [_, _, w, h] => positive(w, h),
        _ => None,
    }
}

/// Whole pixels, for sizes that make sense as attributes.
fn positive(width: f64, height: f64) -> Option<Size> {
    let (w, h) = (width.round(), height.round());
    (w >= 1.0 && h >= 1.0 && w <= 100_000.0 && h <= 100_000.0).then_some(Size {
        width: w as u32,
        height: h as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> Option<Size> {
        Some(Size { width, height })
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let svg = |attrs: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}></svg>");
        assert_eq!(svg_size(&svg("width=\"640\" height=\"410\"")), size(640, 410));
        assert_eq!(svg_size(&svg("width=\"64px\" height=\"41.4px\"")), size(64, 41));
        assert_eq!(svg_size(&svg("viewBox=\"0 0 320 200\"")), size(320, 200));
        assert_eq!(svg_size(&svg("width=\"100%\" viewBox=\"0,0,32,20\"")), size(32, 20));
        assert_eq!(svg_size(&svg("width=\"100%\" height=\"50%\"")), None);
        assert_eq!(svg_size(&svg("viewBox=\"0 0 0 10\"")), None);
        assert_eq!(svg_size("<svg"), None);
        assert_eq!(svg_size("<html width=\"1\" height=\"1\"/>"), None);
    }

    #[test]
    fn raster_sizes_come_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        // A 3 x 2 PNG: signature, then an IHDR chunk (the size is all that is read).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(dir.path().join("a.png"), &png).unwrap();
        assert_eq!(size_of(&dir.path().join("a.png")), size(3, 2));
        std::fs::write(dir.path().join("broken.png"), b"not a png").unwrap();
        assert_eq!(size_of(&dir.path().join("broken.png")), None);
        assert_eq!(size_of(&dir.path().join("missing.jpg")), None);
        std::fs::write(dir.path().join("notes.txt"), b"text").unwrap();
        assert_eq!(size_of(&dir.path().join("notes.txt")), None);
    }
}
