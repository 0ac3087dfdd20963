//! `dermapress mv OLD NEW`: the file moves, its old address becomes an alias
//! (and so a redirect), the links to it in other pages and in site.yaml are
//! rewritten, and nothing else in any file changes.

use crate::support::*;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}menu:\n  - {{ label: Aftercare, page: aftercare.md }}\n  - {{ label: FAQ, page: faq.yaml }}\n"
        ),
    );
    site.write(
        "content/_index.md",
        &page(
            "Home",
            "",
            "Read the [aftercare](aftercare.md#first-days) guide, or [by URL](/aftercare/).\n\n[ref]: aftercare.md\n\nA [reference][ref] link.\n",
        ),
    );
    site.write(
        "content/aftercare.md",
        &page(
            "Aftercare",
            "# a comment that must survive\nweight: 2\n",
            "## First days\n\nSee the [FAQ](faq.yaml#does-it-hurt) and the [risks](risks.md). Back to [the top](#first-days).\n",
        ),
    );
    site.write(
        "content/risks.md",
        &page("Risks", "", "After it, read [aftercare](./aftercare.md).\n"),
    );
    site.write(
        "content/faq.yaml",
        "kind: faq\ntitle: Questions\ndescription: Answers to common questions.\nquestions:\n  - q: Does it hurt?\n    a: See [aftercare](aftercare.md).\n",
    );
    site
}

#[test]
fn mv_moves_the_page_keeps_its_old_address_and_rewrites_the_links() {
    let site = site();
    site.build_ok();
    let faq_before = site.read_source("content/faq.yaml");
    let run = site.run(&["mv", "aftercare.md", "guides/after-your-treatment.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "moved content/aftercare.md to content/guides/after-your-treatment.md; its old address /aftercare/ now redirects to /guides/after-your-treatment/\n\
         rewrote the links in content/_index.md\n\
         rewrote the links in content/faq.yaml\n\
         rewrote the links in content/risks.md\n\
         rewrote the links in site.yaml\n"
    );
    assert!(!site.path("content/aftercare.md").exists());
    assert_eq!(
        site.read_source("content/guides/after-your-treatment.md"),
        "---\ntitle: Aftercare\ndescription: About Aftercare.\n# a comment that must survive\nweight: 2\naliases:\n  - /aftercare/\n---\n## First days\n\nSee the [FAQ](../faq.yaml#does-it-hurt) and the [risks](../risks.md). Back to [the top](#first-days).\n"
    );
    assert_eq!(
        site.read_source("content/_index.md"),
        page(
            "Home",
            "",
            "Read the [aftercare](guides/after-your-treatment.md#first-days) guide, or [by URL](/guides/after-your-treatment/).\n\n[ref]: guides/after-your-treatment.md\n\nA [reference][ref] link.\n",
        )
    );
    assert_eq!(
        site.read_source("content/risks.md"),
        page(
            "Risks",
            "",
            "After it, read [aftercare](guides/after-your-treatment.md).\n"
        )
    );
    assert_eq!(
        site.read_source("content/faq.yaml"),
        faq_before.replace("(aftercare.md)", "(guides/after-your-treatment.md)")
    );
    assert!(site
        .read_source("site.yaml")
        .contains("  - { label: Aftercare, page: guides/after-your-treatment.md }\n"));
    // The site builds, the old address redirects, the menu leads to the new one.
    site.build_ok();
    let old = site.html("aftercare/index.html");
    assert_eq!(
        attr(one(&old, r#"meta[http-equiv="refresh"]"#), "content"),
        "0; url=/guides/after-your-treatment/"
    );
    assert_eq!(
        hrefs(&site.html("index.html"), "#menu"),
        ["/guides/after-your-treatment/", "/faq/"]
    );
    assert_eq!(
        site.read("_redirects"),
        "/aftercare/ /guides/after-your-treatment/ 301\n"
    );
}

#[test]
fn a_second_move_adds_to_the_aliases() {
    let site = site();
    assert_eq!(site.run(&["mv", "aftercare.md", "care.md"]).code, Some(0));
    let run = site.run(&["mv", "content/care.md", "content/after-care.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = site.read_source("content/after-care.md");
    assert!(text.contains("aliases:\n  - /aftercare/\n  - /care/\n---\n"), "{text}");
    site.build_ok();
    assert!(site.exists("aftercare/index.html") && site.exists("care/index.html"));
}

#[test]
fn mv_refuses_a_missing_page_an_existing_target_and_a_site_with_errors() {
    let site = site();
    let before = site.read_source("content/_index.md");
    let run = site.run(&["mv", "aftercar.md", "new.md"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("error: there is no content/aftercar.md"),
        "{}",
        run.stderr
    );
    let run = site.run(&["mv", "aftercare.md", "risks.md"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("error: content/risks.md already exists; nothing was changed"),
        "{}",
        run.stderr
    );
    let run = site.run(&["mv", "aftercare.md", "aftercare.yaml"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("are not the same kind of file"), "{}", run.stderr);
    site.write("content/broken.md", "---\ntitle: [\n---\n");
    let run = site.run(&["mv", "aftercare.md", "care.md"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains(
            "content/broken.md has errors, so the links in it cannot be rewritten safely; nothing was changed"
        ),
        "{}",
        run.stderr
    );
    assert!(site.path("content/aftercare.md").exists());
    assert!(!site.path("content/care.md").exists());
    assert_eq!(site.read_source("content/_index.md"), before);
}

#[test]
fn mv_adds_to_a_flow_list_and_moves_data_pages() {
    let site = site();
    site.edit(
        "content/aftercare.md",
        "weight: 2\n",
        "weight: 2\naliases: [/after-care/]\n",
    );
    let run = site.run(&["mv", "aftercare.md", "care.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = site.read_source("content/care.md");
    assert!(text.contains("\naliases: [/after-care/, /aftercare/]\n---\n"), "{text}");
    let run = site.run(&["mv", "faq.yaml", "help/questions.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let faq = site.read_source("content/help/questions.yaml");
    assert!(
        faq.ends_with("    a: See [aftercare](../care.md).\naliases:\n  - /faq/\n"),
        "{faq}"
    );
    assert!(site
        .read_source("site.yaml")
        .contains("{ label: FAQ, page: help/questions.yaml }"));
    assert!(site
        .read_source("content/care.md")
        .contains("[FAQ](help/questions.yaml#does-it-hurt)"));
    site.build_ok();
    assert_eq!(
        site.read("_redirects"),
        "/after-care/ /care/ 301\n/aftercare/ /care/ 301\n/faq/ /help/questions/ 301\n"
    );
}
