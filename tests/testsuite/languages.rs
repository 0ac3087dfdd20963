//! Sites in two languages (`languages:` in site.yaml, translations named
//! `risks.es.md`), on the `languages` fixture with the real clinic theme:
//! URLs and files, `lang` and `hreflang` in heads and the sitemap, links that
//! follow the language, the switcher, theme strings per language, outdated
//! translations, Spanish claims, `new --lang --from` and the mistakes.

use crate::support::*;
use dermapress::{Diagnostic, LoadOptions};

/// The two-language fixture with the repository's clinic theme.
fn two_languages() -> TestSite {
    let site = TestSite::fixture("languages");
    std::fs::remove_dir_all(site.path("themes/clinic")).expect("remove the test theme");
    copy_dir(&repo().join("themes/clinic"), &site.path("themes/clinic"));
    site
}

fn check(site: &TestSite) -> Vec<Diagnostic> {
    dermapress::check(site.root(), &LoadOptions::default())
}

fn rules<'a>(found: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    found.iter().filter(|d| d.rule == rule).collect()
}

#[test]
fn each_language_has_its_urls_files_feed_and_404() {
    let site = two_languages();
    site.build_ok();
    for (file, title) in [
        ("index.html", "Microneedling at our clinic"),
        ("es/index.html", "Microagujas en nuestra clínica"),
        ("risks/index.html", "Risks of microneedling"),
        // The translation's own slug, and its section's, make its URL.
        ("es/riesgos/index.html", "Riesgos de las microagujas"),
        ("es/guias/index.html", "Guías"),
        ("es/guias/cuidados/index.html", "Cuidados después de las microagujas"),
    ] {
        assert_eq!(text(one(&site.html(file), "h1")), title, "{file}");
    }
    for missing in ["risks.es", "es/risks", "es/faq", "es/guides"] {
        assert!(!site.exists(missing), "{missing} should not be written");
    }
    let feed = site.read("es/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the Spanish feed is XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
        .collect();
    assert_eq!(titles, ["Riesgos de las microagujas"]);
    assert_eq!(
        doc.root_element()
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("es")
    );
    let not_found = site.html("es/404.html");
    assert_eq!(attr(one(&not_found, "html"), "lang"), "es");
    assert_eq!(text(one(&not_found, "h1")), "Página no encontrada");
    assert_eq!(text(one(&site.html("404.html"), "h1")), "Page not found");
}

#[test]
fn heads_say_the_language_and_list_every_version() {
    let site = two_languages();
    site.build_ok();
    let es = site.html("es/riesgos/index.html");
    assert_eq!(attr(one(&es, "html"), "lang"), "es");
    assert_eq!(attr(one(&es, "meta[property='og:locale']"), "content"), "es_US");
    assert_eq!(attr(one(&es, "meta[property='og:locale:alternate']"), "content"), "en");
    let alternates: Vec<(String, String)> = select(&es, "link[rel=alternate][hreflang]")
        .into_iter()
        .map(|l| (attr(l, "hreflang").to_string(), attr(l, "href").to_string()))
        .collect();
    let expected = [
        ("en", "https://clinic.example.com/risks/"),
        ("es", "https://clinic.example.com/es/riesgos/"),
        ("x-default", "https://clinic.example.com/risks/"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(alternates, expected);
    let en = site.html("risks/index.html");
    assert_eq!(attr(one(&en, "html"), "lang"), "en");
    assert_eq!(select(&en, "link[rel=alternate][hreflang]").len(), 3);
    // A page without a translation lists no alternates.
    assert!(select(&site.html("faq/index.html"), "link[hreflang]").is_empty());
    let jsonld = attr_text(&es, "script[type='application/ld+json']");
    assert!(jsonld.contains(r#""inLanguage":"es""#), "{jsonld}");
}

fn built(site: &TestSite, file: &str) -> scraper::Html {
    site.build_ok();
    site.html(file)
}

fn attr_text(html: &scraper::Html, css: &str) -> String {
    one(html, css).inner_html()
}

#[test]
fn the_sitemap_links_each_page_to_its_versions() {
    let site = two_languages();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let links_of = |loc: &str| -> Vec<(String, String)> {
        let url = doc
            .descendants()
            .filter(|n| n.has_tag_name("url"))
            .find(|u| u.children().any(|c| c.has_tag_name("loc") && c.text() == Some(loc)))
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap"));
        url.children()
            .filter(|c| c.has_tag_name((xhtml, "link")))
            .map(|l| {
                (
                    l.attribute("hreflang").unwrap_or("").to_string(),
                    l.attribute("href").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let both = vec![
        (
            "en".to_string(),
            "https://clinic.example.com/guides/aftercare/".to_string(),
        ),
        (
            "es".to_string(),
            "https://clinic.example.com/es/guias/cuidados/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://clinic.example.com/guides/aftercare/".to_string(),
        ),
    ];
    assert_eq!(links_of("https://clinic.example.com/guides/aftercare/"), both);
    assert_eq!(links_of("https://clinic.example.com/es/guias/cuidados/"), both);
    assert!(links_of("https://clinic.example.com/faq/").is_empty());
}

#[test]
fn links_follow_the_language_and_fall_back_with_a_warning() {
    let site = two_languages();
    site.build_ok();
    let es = site.html("es/riesgos/index.html");
    let links = hrefs(&es, ".prose");
    assert_eq!(links, ["/es/guias/cuidados/#primeros-d%C3%ADas", "/faq/"]);
    assert_eq!(hrefs(&site.html("es/index.html"), ".prose"), ["/es/riesgos/"]);
    assert_eq!(hrefs(&site.html("index.html"), ".prose"), ["/risks/"]);
    let menu = hrefs(&es, ".site-nav");
    assert_eq!(menu, ["/es/riesgos/", "/es/guias/"]);
    assert_eq!(text(select(&es, ".site-nav a")[0]), "Riesgos");
    let found = check(&site);
    let untranslated = rules(&found, "untranslated-link");
    assert_eq!(untranslated.len(), 1, "{}", report(&found));
    assert_eq!(
        at(untranslated[0]),
        (
            "content/risks.es.md".to_string(),
            15,
            19,
            "there is no Español (es) translation of faq.yaml, so this link goes to the English page".to_string()
        )
    );
}

#[test]
fn an_anchor_is_checked_against_the_translation_it_goes_to() {
    let site = two_languages();
    let text = site
        .read_source("content/risks.es.md")
        .replace("#primeros-días", "#first-days");
    let errors = site.break_with("content/risks.es.md", &text);
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/risks.es.md".to_string(),
            14,
            75,
            "`guides/aftercare.md#first-days`: content/guides/aftercare.es.md has no heading or question with the anchor #first-days".to_string()
        )
    );
}

#[test]
fn the_switcher_goes_to_the_same_page_or_the_section_of_the_other_language() {
    let site = two_languages();
    site.build_ok();
    let switch = |file: &str| -> Vec<(String, String, String)> {
        let html = site.html(file);
        select(&html, "nav.language-switcher a")
            .into_iter()
            .map(|a| {
                (
                    attr(a, "href").to_string(),
                    attr(a, "hreflang").to_string(),
                    attr(a, "lang").to_string(),
                )
            })
            .collect()
    };
    let t = |a: &str, b: &str| vec![(a.to_string(), b.to_string(), b.to_string())];
    assert_eq!(switch("es/riesgos/index.html"), t("/risks/", "en"));
    assert_eq!(switch("risks/index.html"), t("/es/riesgos/", "es"));
    // Not translated: the Spanish section it would be in, or the Spanish home page.
    assert_eq!(switch("guides/sessions/index.html"), t("/es/guias/", "es"));
    assert_eq!(switch("faq/index.html"), t("/es/", "es"));
    let es = site.html("es/riesgos/index.html");
    let current = one(&es, "nav.language-switcher [aria-current]");
    assert_eq!(current.value().attr("lang"), Some("es"));
}

#[test]
fn theme_strings_and_dates_come_in_the_page_language() {
    let site = two_languages();
    site.build_ok();
    let es = site.html("es/riesgos/index.html");
    assert_eq!(
        text(one(&es, ".reviewed span")),
        "Revisión médica a cargo de Reviewer Name, MD (placeholder), el 2 de octubre de 2026"
    );
    assert_eq!(text(one(&es, ".skip-link")), "Saltar al contenido principal");
    assert!(text(one(&es, ".disclaimer")).starts_with("Tenga en cuenta: Esta página es información general"));
    let en = site.html("risks/index.html");
    assert_eq!(
        text(one(&en, ".reviewed span")),
        "Medically reviewed by Reviewer Name, MD (placeholder), on October 1, 2026"
    );
    // The site's own i18n file changes one text of one language.
    site.write("i18n/es.yaml", "skip: Ir al contenido\n");
    site.build_ok();
    assert_eq!(
        text(one(&site.html("es/riesgos/index.html"), ".skip-link")),
        "Ir al contenido"
    );
    assert_eq!(
        text(one(&site.html("risks/index.html"), ".skip-link")),
        "Skip to main content"
    );
}

#[test]
fn a_missing_or_unknown_theme_string_is_an_error_naming_the_file_to_fix() {
    let site = two_languages();
    let errors = site.break_with("i18n/es.yaml", "skip: Ir al contenido\nsorces: Fuentes\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "i18n/es.yaml".to_string(),
            2,
            1,
            "the theme has no text `sorces`".to_string()
        )
    );
    assert_eq!(help(d), "did you mean `sources`?");

    let site = two_languages();
    let theme_es = site
        .read_source("themes/clinic/i18n/es.yaml")
        .replace("on_this_page: En esta página\n", "");
    let errors = site.break_with("themes/clinic/i18n/es.yaml", &theme_es);
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "themes/clinic/i18n/es.yaml".to_string(),
            1,
            1,
            "the theme's text `on_this_page` has no Español (`es`) version".to_string()
        )
    );
    assert_eq!(help(d), "add a line `on_this_page: ...` to themes/clinic/i18n/es.yaml");
}

/// The `source_hash: ...` line a warning's help says to write.
fn hash_line(d: &Diagnostic) -> String {
    let help = help(d);
    let start = help.find("source_hash: ").expect("the help gives the line to write");
    help[start..]
        .trim_end_matches(['`', '.', ' '])
        .split('`')
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_translation_is_outdated_when_its_original_changes_until_it_is_rereviewed() {
    let site = two_languages();
    assert!(rules(&check(&site), "translation-outdated").is_empty());
    assert!(select(&built(&site, "es/riesgos/index.html"), ".original-updated").is_empty());

    site.edit(
        "content/risks.md",
        "People with an active skin infection",
        "People with an active skin or cold sore infection",
    );
    let found = check(&site);
    let outdated = rules(&found, "translation-outdated");
    assert_eq!(outdated.len(), 1, "{}", report(&found));
    let d = outdated[0];
    assert_eq!(
        (d.file.display().to_string(), d.line),
        ("content/risks.es.md".to_string(), 8)
    );
    assert!(d.message.contains("content/risks.md changed"), "{}", d.message);
    assert!(!d.is_error(), "an outdated translation is a warning");
    // `status` lists it among what needs attention.
    let outdated_in_status = |site: &TestSite| {
        let inventory = dermapress::status(site.root(), &LoadOptions::default(), 30);
        inventory
            .outdated_translations
            .into_iter()
            .map(|l| l.file)
            .collect::<Vec<_>>()
    };
    assert_eq!(outdated_in_status(&site), ["content/risks.es.md"]);
    // The page may say so: the theme shows the original's update date.
    let note = text(one(&built(&site, "es/riesgos/index.html"), ".original-updated"));
    assert!(
        note.starts_with("La versión en English de esta página se actualizó el 1 de febrero de 2026"),
        "{note}"
    );

    // Re-reviewed: the one line the help gives, and the warning is gone.
    let line = hash_line(d);
    let text = site
        .read_source("content/risks.es.md")
        .replace("source_hash: 22f44b0f", &line);
    site.write("content/risks.es.md", &text);
    assert!(rules(&check(&site), "translation-outdated").is_empty());
    assert!(outdated_in_status(&site).is_empty());
    // A new review of the original alone changes none of its words.
    site.edit(
        "content/risks.md",
        "last_reviewed: 2026-10-01",
        "last_reviewed: 2026-11-01",
    );
    assert!(rules(&check(&site), "translation-outdated").is_empty());
}

#[test]
fn a_translation_without_source_hash_is_warned_with_the_line_to_write() {
    let site = two_languages();
    site.edit("content/guides/aftercare.es.md", "source_hash: 4e8bffe1\n", "");
    let found = check(&site);
    let d = rules(&found, "translation-outdated");
    assert_eq!(d.len(), 1, "{}", report(&found));
    assert!(d[0]
        .message
        .contains("does not record which version of content/guides/aftercare.md"));
    assert_eq!(hash_line(d[0]), "source_hash: 4e8bffe1");
}

#[test]
fn spanish_claims_are_flagged_on_spanish_pages_and_their_negations_pass() {
    let site = two_languages();
    site.edit(
        "content/guides/aftercare.es.md",
        "Mantenga la piel limpia",
        "Resultados garantizados y sin dolor. Mantenga la piel limpia",
    );
    site.edit(
        "content/guides/aftercare.md",
        "Keep the skin clean",
        "Resultados garantizados. Keep the skin clean",
    );
    let found = check(&site);
    let claims: Vec<(String, usize, &str)> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.file.display().to_string(), d.line, d.rule))
        .collect();
    assert_eq!(
        claims,
        [
            ("content/guides/aftercare.es.md".to_string(), 10, "guarantee"),
            ("content/guides/aftercare.es.md".to_string(), 10, "painless"),
        ],
        "{}",
        report(&found)
    );
    // "No garantizamos resultados." in risks.es.md is not flagged (above).
}

#[test]
fn a_clinic_rule_may_be_for_one_language() {
    let site = two_languages();
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}checks:\n  rules:\n    - {{ id: oferta, pattern: oferta especial, lang: es }}\n"),
    );
    site.edit(
        "content/guides/aftercare.es.md",
        "Mantenga",
        "Una oferta especial. Mantenga",
    );
    site.edit("content/guides/aftercare.md", "Keep", "Una oferta especial. Keep");
    let found = check(&site);
    let hits: Vec<String> = rules(&found, "oferta")
        .iter()
        .map(|d| d.file.display().to_string())
        .collect();
    assert_eq!(hits, ["content/guides/aftercare.es.md"]);
    site.write(
        "site.yaml",
        &format!("{yaml}checks:\n  rules:\n    - {{ id: oferta, pattern: oferta especial, lang: fr }}\n"),
    );
    let found = check(&site);
    let bad = rules(&found, "bad-language");
    assert_eq!(bad.len(), 1, "{}", report(&found));
    assert_eq!(bad[0].file.display().to_string(), "site.yaml");
}

#[test]
fn new_writes_a_translation_skeleton_with_its_bookkeeping() {
    let site = two_languages();
    let run = site.run(&["new", "page", "--lang", "es", "--from", "guides/sessions.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("content/guides/sessions.es.md"), "{}", run.stdout);
    let text = site.read_source("content/guides/sessions.es.md");
    assert!(text.contains("## How many"), "the original's structure is kept: {text}");
    assert!(text.contains("draft: true"), "{text}");
    let found = dermapress::check(
        site.root(),
        &LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    );
    let mine: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.file.display().to_string() == "content/guides/sessions.es.md")
        .collect();
    assert!(
        mine.iter().all(|d| d.rule != "translation-outdated"),
        "{}",
        report(&found)
    );
    assert!(
        mine.iter().any(|d| d.rule == "placeholder"),
        "the text is still to translate"
    );
    let again = site.run(&["new", "page", "--lang", "es", "--from", "guides/sessions.md"]);
    assert_eq!(again.code, Some(2));
    let wrong = site.run(&["new", "page", "--lang", "fr", "--from", "guides/sessions.md"]);
    assert_eq!(wrong.code, Some(2));
    assert!(
        wrong.stderr.contains("`fr` is not one of the languages"),
        "{}",
        wrong.stderr
    );
}

/// A file, line and column.
type Place<'a> = (&'a str, usize, usize);

#[test]
fn mistakes_with_languages_are_errors_at_their_place_and_publish_nothing() {
    let cases: &[(&str, &str, Place, &str)] = &[
        (
            "content/risks.fr.md",
            "---\ntitle: Risques\ndescription: Les risques.\n---\n",
            ("content/risks.fr.md", 1, 1),
            "`fr` in the file name is not one of the site's languages",
        ),
        (
            "content/nothing.es.md",
            "---\ntitle: Nada\ndescription: Una traducción sin original.\n---\n",
            ("content/nothing.es.md", 1, 1),
            "this translates content/nothing.md, which does not exist",
        ),
        (
            // Served at /es/riesgos/, like the translation of risks.md.
            "content/es/riesgos.md",
            "---\ntitle: Risks again\ndescription: A page in a folder named like a language.\n---\n",
            ("content/risks.es.md", 4, 7),
            "this page would have the URL /es/riesgos/, like content/es/riesgos.md",
        ),
    ];
    for (file, text, place, message) in cases {
        let site = two_languages();
        let errors = site.break_with(file, text);
        let d = only(&errors);
        assert_eq!(
            (d.file.display().to_string().as_str(), d.line, d.column),
            *place,
            "{file}"
        );
        assert!(d.message.starts_with(message), "{file}: {}", d.message);
    }
}

#[test]
fn mistakes_in_site_yaml_and_drafts_are_errors_at_their_line() {
    let site = two_languages();
    let yaml = site.read_source("site.yaml");
    let cases = [
        (
            yaml.replace("code: es,", "code: \"spanish!\","),
            5,
            "`spanish!` is not a language code",
        ),
        (
            yaml.replace("page: risks.md }", "page: risks.es.md }"),
            13,
            "the menu names `risks.es.md`, a Español page",
        ),
        (
            yaml.replace("{ en: Risks, es: Riesgos }", "Risks"),
            13,
            "`menu.0.label` is one text, but the site has 2 languages",
        ),
        (
            yaml.replace("es: Riesgos", "fr: Risques"),
            13,
            "`fr` is not one of the site's languages",
        ),
    ];
    for (text, line, message) in cases {
        let errors = site.break_with("site.yaml", &text);
        let d = errors
            .iter()
            .find(|d| d.message.starts_with(message))
            .unwrap_or_else(|| panic!("{message}: {}", report(&errors)));
        assert_eq!(
            (d.file.display().to_string(), d.line),
            ("site.yaml".to_string(), line),
            "{message}"
        );
        site.write("site.yaml", &yaml);
    }
    site.edit("content/guides/sessions.md", "weight: 2\n", "weight: 2\ndraft: true\n");
    site.write(
        "content/guides/sessions.es.md",
        "---\ntitle: Sesiones\ndescription: Cuántas sesiones suele necesitar.\n---\n",
    );
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(d.file.display().to_string(), "content/guides/sessions.es.md");
    assert!(d.message.contains("which is a draft"), "{}", d.message);
}

#[test]
fn check_reports_the_language_warnings_in_plain_words() {
    let site = two_languages();
    site.edit("content/_index.md", "Read about", "Please read about");
    insta::assert_snapshot!(terminal_check(&site));
}

fn terminal_check(site: &TestSite) -> String {
    let run = site.run(&["check"]);
    format!("exit code: {:?}\n{}{}", run.code, run.stdout, run.stderr)
}

#[test]
fn an_alias_stays_in_its_own_languages_folder() {
    let site = two_languages();
    // An English page cannot keep an old address in the Spanish folder...
    let text = site
        .read_source("content/risks.md")
        .replace("date: 2026-01-10", "date: 2026-01-10\naliases: [/es/riesgos-viejos/]");
    let errors = site.break_with("content/risks.md", &text);
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/risks.md".to_string(),
            5,
            11,
            "the alias \"/es/riesgos-viejos/\" is in the folder /es/ of another language".to_string()
        )
    );
    assert_eq!(d.rule, "bad-alias");
    // ...and a Spanish page keeps its own there.
    site.edit("content/risks.md", "aliases: [/es/riesgos-viejos/]\n", "");
    let spanish = site
        .read_source("content/risks.es.md")
        .replacen("---\n", "---\naliases: [/es/riesgos-viejos/]\n", 1);
    site.write("content/risks.es.md", &spanish);
    site.build_ok();
    assert!(site.exists("es/riesgos-viejos/index.html"));
}
