//! The whole-site tests, in one binary: each module is one feature, tested
//! through the library's public face or the `dermapress` binary on a site in a
//! temporary folder. The fixture sites are in `fixtures/`, the shared helpers
//! in `support/`, and the reviewed terminal output in `snapshots/`.
//!
//! Tests of the crate's internals (parsers, the preview server, incremental
//! rebuilds) are unit tests beside the code in `src/`.

mod support;

mod alerts;
mod build_markdown;
mod build_sections;
mod build_static;
mod build_urls;
mod check;
mod check_external;
mod check_settings;
mod cli;
mod compat_urls_ids;
mod data_comparison;
mod data_faq;
mod data_gallery;
mod errors_config;
mod errors_content;
mod errors_links;
mod errors_templates;
mod fuzz_seeds;
mod hardening_escaping;
mod hardening_input;
mod hardening_output;
mod hardening_urls;
mod host_headers;
mod host_headers_browser;
mod images;
mod import;
mod languages;
mod layout_browser;
mod new_init;
mod publishing;
mod readability_es;
mod rename;
mod review_dates;
mod search;
mod search_browser;
mod social_cards;
mod sources;
mod status;
mod terminal;
mod theme_settings;
mod watch_browser;
mod watch_cli;
mod watch_stress;
