//! The theme's and the site's stylesheets and scripts, published a second
//! time under a name made from their content (`css/style.3f9a1c0b2e.css`)
//! so that hosts may keep them for a year: a changed file is a new name,
//! and no visitor is left with stale CSS. Stylesheets are minified first
//! (lightningcss); scripts are published as written. Templates ask for the
//! name with `asset(path="css/style.css")`.
//!
//! The file under its plain name is still published, for templates that
//! link it directly.

use std::path::Path;

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::source::Asset;

/// A stylesheet or script under its content-named path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprinted {
    /// The plain output path: `css/style.css`.
    pub(crate) path: String,
    /// The content-named one: `css/style.3f9a1c0b2e.css` (in the preview,
    /// the plain one, and `bytes` is empty).
    pub(crate) published: String,
    pub(crate) bytes: Vec<u8>,
}

/// How many hex digits of the SHA-256 go into a name: enough that two
/// versions of one file never share one.
const HASH_DIGITS: usize = 10;

/// Whether an asset is given a content name.
pub(crate) fn is_fingerprinted(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js")
}

pub(super) fn fingerprint(root: &Path, assets: &[Asset], diagnostics: &mut Vec<Diagnostic>) -> Vec<Fingerprinted> {
    let mut out = Vec::new();
    for asset in assets.iter().filter(|a| is_fingerprinted(&a.path)) {
        let shown = asset.source.strip_prefix(root).unwrap_or(&asset.source);
        let bytes = match std::fs::read(&asset.source) {
            Ok(b) => b,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(shown, "unreadable-file", format!("the file could not be read: {e}"))
                        .with_help("check that the file exists and that you may read it"),
                );
                continue;
            }
        };
        let bytes = if asset.path.ends_with(".css") {
            match minify(&String::from_utf8_lossy(&bytes), shown) {
                Ok(css) => css.into_bytes(),
                Err(d) => {
                    diagnostics.push(*d);
                    continue;
                }
            }
        } else {
            bytes
        };
        out.push(Fingerprinted {
            published: content_name(&asset.path, &bytes),
            path: asset.path.clone(),
            bytes,
        });
    }
    out
}

/// The preview's list: each file under its own name, not read here (it is
/// published as it is, like any static file).
pub(super) fn plain(assets: &[Asset]) -> Vec<Fingerprinted> {
    let plain = assets.iter().filter(|a| is_fingerprinted(&a.path));
    plain
        .map(|a| Fingerprinted {
            path: a.path.clone(),
            published: a.path.clone(),
            bytes: Vec::new(),
        })
        .collect()
}

/// `css/style.css` with bytes hashing to 3f9a1c0b2e... -> `css/style.3f9a1c0b2e.css`.
pub(crate) fn content_name(path: &str, bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let hash = &hex[..HASH_DIGITS];
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// The stylesheet minified, or the first place lightningcss could not read.
fn minify(css: &str, shown: &Path) -> Result<String, Box<Diagnostic>> {
    let problem = |message: String, loc: Option<(u32, u32)>| {
        let d = Diagnostic::error(shown, "css-syntax", format!("the stylesheet cannot be read: {message}"))
            .with_help("fix the CSS here; browsers would skip the broken rule, but the minifier stops at it");
        Box::new(match loc {
            Some((line, column)) => {
                let source = SourceFile::new(shown, css.to_string());
                d.at(&source, Pos::new(line as usize + 1, column as usize, 1))
            }
            None => d,
        })
    };
    let options = ParserOptions {
        filename: shown.display().to_string(),
        ..ParserOptions::default()
    };
    let mut sheet =
        StyleSheet::parse(css, options).map_err(|e| problem(e.kind.to_string(), e.loc.map(|l| (l.line, l.column))))?;
    sheet
        .minify(MinifyOptions::default())
        .map_err(|e| problem(e.kind.to_string(), e.loc.map(|l| (l.line, l.column))))?;
    let printed = sheet.to_css(PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    });
    printed
        .map(|p| p.code)
        .map_err(|e| problem(e.kind.to_string(), e.loc.map(|l| (l.line, l.column))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_content() {
        let a = content_name("css/style.css", b"a{color:red}");
        assert!(
            a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style..css".len() + 10,
            "{a}"
        );
        assert_eq!(a, content_name("css/style.css", b"a{color:red}"));
        assert_ne!(a, content_name("css/style.css", b"a{color:blue}"));
        assert!(content_name("app.js", b"x").starts_with("app."));
    }

    #[test]
    fn stylesheets_are_minified_and_broken_ones_are_placed() {
        let css = minify("a {\n  color: #ff0000;\n}\n\n/* note */\n", Path::new("s.css")).unwrap();
        assert_eq!(css, "a{color:red}");
        let d = minify("a {\n  color: red;\n}\n}\n", Path::new("static/s.css")).unwrap_err();
        assert_eq!(d.file, Path::new("static/s.css"));
        assert!(d.line > 0, "{d:?}");
    }
}
