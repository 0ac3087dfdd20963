//! Property tests of site.yaml: whatever it holds, reading it ends in a
//! config or in diagnostics inside the file, never in a panic.

use proptest::prelude::*;

use super::Config;
use crate::diagnostics::props::{cases, check_diagnostics};
use crate::yaml::props::{dress, keys_and_mistakes, yaml_lines};

pub(crate) fn site_config() -> Config {
    let text = "title: T\nbase_url: https://t.example.com\nreviewers:\n  - id: dr\n    name: Dr A\n";
    match super::parse(text.to_string()) {
        Ok(c) => c.config,
        Err(ds) => panic!("{ds:?}"),
    }
}

pub(crate) fn read_config(text: &str) {
    if let Err(ds) = super::parse(text.to_string()) {
        check_diagnostics("site.yaml", text, &ds);
    }
}

fn site_yaml_file() -> impl Strategy<Value = String> {
    (yaml_lines(keys_and_mistakes(super::KEYS, &["titel"])), any::<bool>()).prop_map(|(yaml, crlf)| {
        dress(
            format!("title: T\nbase_url: https://t.example.com\n{yaml}"),
            crlf,
            false,
        )
    })
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn structured_site_yaml_is_a_config_or_diagnostics(text in site_yaml_file()) {
        read_config(&text);
    }
}
