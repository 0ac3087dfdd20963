//! The files published as they are: the theme's `static/`, the site's
//! `static/` (which wins over the theme's), and the non-page files beside
//! the content (which win over both).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::source::{self, Asset, Found};
use crate::theme::Theme;

pub(super) fn collect(
    root: &Path,
    theme: Option<&Theme>,
    beside_content: Vec<Found>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let mut assets: BTreeMap<String, Asset> = BTreeMap::new();
    if let Some(theme) = theme {
        let dir = theme.dir.join("static");
        add_static(&mut assets, &dir, &dir, root, diagnostics);
    }
    add_static(
        &mut assets,
        &root.join("static"),
        Path::new("static"),
        root,
        diagnostics,
    );
    for f in beside_content {
        assets.insert(f.rel.clone(), Asset::new(f.rel, f.full));
    }
    assets.into_values().collect()
}

fn add_static(
    assets: &mut BTreeMap<String, Asset>,
    dir: &Path,
    report_as: &Path,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (found, problems) = source::discover(dir, report_as, root);
    diagnostics.extend(problems);
    for f in found {
        assets.insert(f.rel.clone(), Asset::new(f.rel, f.full));
    }
}
