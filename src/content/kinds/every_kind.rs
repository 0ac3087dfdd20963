//! Every row of `DATA_KINDS` is a whole kind: the clinic theme has its
//! template, and the page `dermapress new` writes for it reads back as a
//! page of that kind.

use super::DATA_KINDS;
use crate::config;
use crate::content::page;
use crate::scaffold::skeleton::{self, Made, PageKind};
use crate::testing::repo;

const SITE: &str = "title: T\nbase_url: https://t.example.com\nreviewers:\n  - id: dr\n    name: Dr A\n";

#[test]
fn every_kind_has_a_template_in_the_clinic_theme() {
    for kind in DATA_KINDS {
        let template = repo().join("themes/clinic/templates").join(kind.template);
        assert!(template.is_file(), "kind `{}`: no {}", kind.name, template.display());
    }
}

#[test]
fn every_kinds_new_skeleton_reads_back_as_a_page_of_that_kind() {
    let config = match config::parse(SITE.to_string()) {
        Ok(c) => c.config,
        Err(ds) => panic!("{ds:?}"),
    };
    for kind in DATA_KINDS {
        assert!(
            matches!(PageKind::named(kind.name), Some(PageKind(Made::Data(k))) if k.name == kind.name),
            "`new {}` names the kind",
            kind.name
        );
        let text = skeleton::write(
            PageKind(Made::Data(kind)),
            "Questions",
            "questions",
            &config,
            jiff::civil::date(2026, 3, 4),
        );
        let path = format!("questions.{}", PageKind(Made::Data(kind)).extension());
        match page::parse_data(&path, text.clone(), &config) {
            Ok(p) => {
                assert_eq!(p.kind(), kind.name, "{text}");
                assert_eq!(p.default_template(), kind.template);
            }
            Err(ds) => panic!("the `{}` skeleton does not read back: {ds:?}\n{text}", kind.name),
        }
    }
}
