//! The theme declares the `extra` settings it reads and their types
//! (themes/clinic/theme.yaml); site.yaml's values are checked against them
//! before anything is rendered, because some are pasted into `<style>`.

use crate::support::*;

fn site_with_extra(extra: &str) -> TestSite {
    let site = TestSite::new();
    copy_dir(&repo().join("themes/clinic"), &site.root().join("themes/clinic"));
    site.write(
        "site.yaml",
        &format!("title: Clinic\nbase_url: https://clinic.example.com\nextra:\n{extra}"),
    );
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site
}

#[test]
fn a_colour_that_breaks_out_of_the_style_element_is_refused_with_the_accepted_forms() {
    let site = site_with_extra(
        "  brand_color: teal\n  accent_color: \"red;} body{background:url(https://evil.example/x)} :root{\"\n",
    );
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(
        (at(d).0, d.line, d.column, d.rule),
        ("site.yaml".to_string(), 5, 17, "bad-setting")
    );
    assert!(d.message.starts_with("`extra.accent_color` is not a CSS colour"), "{d}");
    for form in ["#0d5c63", "rgb(13 92 99)", "teal"] {
        assert!(help(d).contains(form), "{d}");
    }
    assert!(!site.out().exists());
}

#[test]
fn each_setting_type_is_checked_and_valid_values_build() {
    let site = site_with_extra(
        "  brand_color: \"#0d5c63\"\n  accent_color: rgb(156 61 28)\n  brand_color_dark: hsl(184 50% 60%)\n  logo_width: 40\n  logo_height: \"40\"\n  logo_includes_name: false\n  footer_links:\n    - { label: Privacy, url: privacy/ }\n  labels: { book: Book now }\n",
    );
    site.build_ok();
    let html = site.read("index.html");
    assert!(
        html.contains("<link rel=\"stylesheet\" href=\"/css/brand.css\">"),
        "{html}"
    );
    let css = site.read("css/brand.css");
    assert!(css.contains("--custom-brand:#0d5c63;"), "{css}");
    let site = site_with_extra(
        "  logo_width: wide\n  logo_includes_name: \"yes\"\n  footer_links: Privacy\n  labels: { book: [a, b] }\n  brand_text_color: 0d5c63\n",
    );
    let errors = site.build_errors();
    let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.rule)).collect();
    assert_eq!(
        found,
        [
            (4, "bad-setting"),
            (5, "bad-setting"),
            (6, "bad-setting"),
            (7, "bad-setting"),
            (8, "bad-setting")
        ],
        "{}",
        report(&errors)
    );
}

#[test]
fn a_misspelt_type_in_theme_yaml_is_reported_there() {
    let site = site_with_extra("  brand_color: teal\n");
    site.write(
        "themes/clinic/theme.yaml",
        "name: clinic\nsettings:\n  brand_color: colour\n",
    );
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(d.file.display().to_string(), "themes/clinic/theme.yaml");
    assert_eq!(d.line, 3, "{d}");
}
