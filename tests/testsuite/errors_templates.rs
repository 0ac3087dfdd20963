//! Template mistakes: named by the template file and line, with the page
//! being rendered where there is one; the previous output stays.

use crate::support::*;

fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write("content/page.md", &page("Page", "", "Text.\n"));
    site
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let site = good_site();
    let errors = site.break_with(
        "themes/clinic/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    let d = only(&errors);
    assert_eq!(d.file.display().to_string(), "themes/clinic/templates/page.html");
    assert_eq!(d.line, 3);
    assert!(d.column >= 1, "{d}");
    assert_eq!(d.excerpt.as_deref(), Some("<h1>{{ page.title }</h1>"));
}

#[test]
fn site_template_overrides_are_named_by_their_own_path() {
    let site = good_site();
    let errors = site.break_with(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if section.title %}\n<h1>x</h1>\n{% endblock main %}\n",
    );
    let d = errors.first().unwrap();
    assert_eq!(d.file.display().to_string(), "templates/section.html", "{d}");
    assert!(d.line >= 3, "{d}");
}

#[test]
fn rendering_error_names_the_template_and_the_page() {
    let site = good_site();
    let errors = site.break_with(
        "themes/clinic/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.nope.deeper }}</h1>\n{% endblock main %}\n",
    );
    let d = only(&errors);
    assert_eq!(
        (d.file.display().to_string(), d.line, d.column),
        ("themes/clinic/templates/page.html".to_string(), 3, 13)
    );
    assert!(d.message.contains("`nope`"), "{d}");
    assert!(d.message.ends_with("(while rendering content/page.md)"), "{d}");
}

#[test]
fn missing_default_template_is_reported() {
    let site = good_site();
    site.build_ok();
    let before = site.tree();
    std::fs::remove_file(site.root().join("themes/clinic/templates/page.html")).unwrap();
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/page.md".to_string(),
            2,
            1,
            "the template `page.html` does not exist in themes/clinic/templates or templates/".to_string()
        )
    );
    assert_eq!(site.tree(), before);
}

#[test]
fn unknown_filter_is_placed_at_the_filter() {
    let site = good_site();
    let errors = site.break_with(
        "themes/clinic/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title | shout }}</h1>\n{% endblock main %}\n",
    );
    let d = only(&errors);
    assert_eq!(
        (d.file.display().to_string(), d.line, d.column, d.message.as_str()),
        (
            "themes/clinic/templates/page.html".to_string(),
            3,
            21,
            "Unknown filter `shout`"
        )
    );
    assert_eq!(d.width, 5);
}

#[test]
fn an_unclosed_tag_says_so() {
    let site = good_site();
    let errors = site.break_with(
        "themes/clinic/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}<h1>x</h1>\n",
    );
    let d = only(&errors);
    assert_eq!(d.file.display().to_string(), "themes/clinic/templates/page.html");
    assert_eq!(d.message, "the template ends while a tag is still open");
    assert!(d.help.as_deref().unwrap_or("").contains("{% endif %}"), "{d}");
}
