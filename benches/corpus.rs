//! The generated sites the benchmarks build: the same site for the same N,
//! always, written for dermapress and, with equivalent minimal layouts and
//! the same Markdown, for Hugo and Zola. Shared by the benches through
//! `#[path = "corpus.rs"] mod corpus;`.
//!
//! `CORPORA` is the table of generators: a new corpus is one function that
//! says what its pages are (`PageSpec`) and one row; the three sites, their
//! configurations and templates are written from that by `write_sites`.
#![allow(dead_code)] // each bench uses the parts it needs

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
/// A small deterministic generator: the same site for the same N, always.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const WORDS: &[&str] = &[
    "skin",
    "collagen",
    "treatment",
    "session",
    "redness",
    "healing",
    "needle",
    "depth",
    "clinic",
    "patient",
    "results",
    "weeks",
    "texture",
    "tone",
    "scars",
    "pores",
    "gentle",
    "care",
    "sunscreen",
    "review",
    "layer",
    "dermis",
    "epidermis",
    "numbing",
    "cream",
    "serum",
    "recovery",
    "swelling",
    "mild",
    "common",
    "rare",
    "infection",
    "advice",
    "consultation",
    "device",
    "sterile",
    "routine",
    "evidence",
    "change",
    "gradual",
];
const TAGS: &[&str] = &[
    "collagen",
    "acne-scars",
    "aftercare",
    "risks",
    "results",
    "texture",
    "pigmentation",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// The three versions of one generated site.
pub struct Site {
    pub dermapress: PathBuf,
    pub hugo: PathBuf,
    pub zola: PathBuf,
}

/// A corpus: its name, what it is for, and how its pages are made.
pub struct Corpus {
    pub name: &'static str,
    pub about: &'static str,
    /// The pages of a site of `n` pages, section pages included.
    pub pages: fn(usize) -> Vec<PageSpec>,
    /// Lines added to dermapress's site.yaml.
    pub site_yaml: &'static str,
}

/// The generators the benches can run, by `--corpus NAME`.
pub const CORPORA: &[Corpus] = &[
    Corpus {
        name: "uniform",
        about: "600-1,200 words a page, sections of about 100 pages, links, lists, tables",
        pages: uniform,
        site_yaml: "",
    },
    Corpus {
        name: "chain",
        about: "a clinic chain: ~950 words a page, 10 sections of very different sizes nested 3 deep, \
                2-4 tags from 50, code blocks, footnotes, 28 links a page, repeated titles",
        pages: chain,
        // Repeated titles are what this corpus is about: they must not stop the build.
        site_yaml: "checks:\n  severity: { duplicate-title: warning }\n",
    },
];

pub fn corpus(name: &str) -> Option<&'static Corpus> {
    CORPORA.iter().find(|c| c.name == name)
}

/// One page of a generated site: where it is, its front matter and its
/// body, with links written as `[[target index]]` for each tool to spell.
pub struct PageSpec {
    /// Below content/, e.g. "s3/a/p17.md" or "s3/_index.md".
    pub path: String,
    pub title: String,
    pub description: String,
    pub date: Option<String>,
    pub weight: usize,
    pub tags: Vec<String>,
    pub body: String,
}

impl Corpus {
    pub fn generate(&self, dir: &Path, n: usize, nav: bool) -> Site {
        write_sites(dir, &(self.pages)(n), nav, self.site_yaml)
    }
}

/// The old entry point: the uniform corpus.
pub fn generate(dir: &Path, n: usize, nav: bool) -> Site {
    CORPORA[0].generate(dir, n, nav)
}

fn section_of(i: usize, sections: usize) -> usize {
    i % sections
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create bench folder");
    }
    std::fs::write(path, text).expect("write bench file");
}

fn section_page(path: String, title: String, weight: usize) -> PageSpec {
    PageSpec {
        description: format!("The generated pages of {title}, a section of the benchmark site, in weight order."),
        path,
        title,
        date: None,
        weight,
        tags: Vec::new(),
        body: "Pages of this section.\n".to_string(),
    }
}

fn home() -> PageSpec {
    PageSpec {
        path: "_index.md".to_string(),
        title: "Home of the bench site".to_string(),
        description: "A generated site for measuring how fast a site of many pages builds.".to_string(),
        date: None,
        weight: 0,
        tags: Vec::new(),
        body: "Welcome.\n".to_string(),
    }
}

/// The first corpus: every page alike, in sections of about 100.
fn uniform(n: usize) -> Vec<PageSpec> {
    let sections = (n / 100).clamp(1, 100);
    let mut pages = vec![home()];
    for s in 0..sections {
        pages.push(section_page(format!("s{s}/_index.md"), format!("Section {s}"), s));
    }
    let mut rng = Lcg(42);
    for i in 0..n {
        let seed = rng.next();
        let mut r = Lcg(seed);
        pages.push(PageSpec {
            path: format!("s{}/p{i}.md", section_of(i, sections)),
            title: format!("Page {i} about {}", WORDS[(seed % WORDS.len() as u64) as usize]),
            description: format!(
                "A generated page number {i} for the benchmark, long enough to pass the metadata checks."
            ),
            date: Some(format!("2025-{:02}-{:02}", 1 + seed % 12, 1 + seed % 28)),
            weight: i,
            tags: vec![
                TAGS[(seed % 7) as usize].to_string(),
                TAGS[((seed / 7) % 7) as usize].to_string(),
            ],
            body: body(&mut r, i, n),
        });
    }
    pages
}

/// Shares of the pages in the chain's ten sections: from 30% to 1%.
const SHARES: [usize; 10] = [30, 20, 14, 10, 8, 6, 5, 4, 2, 1];
const CITIES: &[&str] = &[
    "Leeds", "Porto", "Austin", "Lyon", "Graz", "Turku", "Cork", "Ghent", "Bergen", "Split", "Utrecht", "Malmo",
];
const TOPICS: &[&str] = &[
    "Microneedling aftercare",
    "What to expect at your first session",
    "Acne scar treatment",
    "Preparing for your appointment",
    "Risks and side effects",
    "Skin texture and tone",
    "Our treatment rooms",
    "Frequently asked questions",
];

/// The second corpus: a clinic chain's site. Titles repeat across cities
/// (the same topic for each clinic), sections differ a lot in size and nest
/// three deep, pages link to many others and carry code and footnotes.
fn chain(n: usize) -> Vec<PageSpec> {
    let mut pages = vec![home()];
    let mut paths = Vec::with_capacity(n);
    let mut sections = std::collections::BTreeSet::new();
    let total: usize = SHARES.iter().sum();
    for i in 0..n {
        // Page i falls in the section whose cumulative share covers it.
        let at = (i * total) / n.max(1);
        let (mut s, mut acc) = (0, 0);
        while acc + SHARES[s] <= at {
            acc += SHARES[s];
            s += 1;
        }
        let mut folder = format!("s{s}");
        sections.insert(folder.clone());
        for level in 0..(i % 4) {
            folder.push_str(&format!("/d{level}-{}", (i / 7) % 3));
            sections.insert(folder.clone());
        }
        paths.push(format!("{folder}/p{i}.md"));
    }
    for (w, folder) in sections.iter().enumerate() {
        pages.push(section_page(
            format!("{folder}/_index.md"),
            format!("Section {folder}"),
            w,
        ));
    }
    let mut rng = Lcg(7);
    for (i, path) in paths.into_iter().enumerate() {
        let seed = rng.next();
        let mut r = Lcg(seed);
        let tags = (0..2 + seed % 3)
            .map(|k| format!("tag-{}", (seed / 3 + k * 17) % 50))
            .collect();
        pages.push(PageSpec {
            path,
            title: format!(
                "{} in {}",
                TOPICS[(seed % TOPICS.len() as u64) as usize],
                CITIES[((seed / 11) % CITIES.len() as u64) as usize]
            ),
            description: format!(
                "What patients of our clinics ask about this topic, page {i} of the chain's generated site."
            ),
            date: Some(format!("2025-{:02}-{:02}", 1 + seed % 12, 1 + seed % 28)),
            weight: i,
            tags,
            body: chain_body(&mut r, i, n),
        });
    }
    pages
}

/// ~950 words: headings, paragraphs with links to other pages and footnote
/// references, a list, a table, a code block and the footnotes.
fn chain_body(rng: &mut Lcg, i: usize, n: usize) -> String {
    let mut b = String::new();
    for h in 0..7 {
        let heading = sentence(rng, 4);
        let _ = writeln!(b, "## {} {h}\n", heading.trim_end_matches('.'));
        for k in 0..2 {
            let mut para = String::new();
            for _ in 0..4 {
                let words = 9 + (rng.next() % 5) as usize;
                para.push_str(&sentence(rng, words));
                para.push(' ');
            }
            let mut target = || (i + 1 + (rng.next() as usize) % (n.max(2) - 1)) % n;
            let (a, b2) = (target(), target());
            let _ = writeln!(
                b,
                "{para}Compare [[[{a}]]] with [[[{b2}]]], and see the note.[^n{h}{k}]\n"
            );
        }
        if h % 3 == 0 {
            for _ in 0..3 {
                let _ = writeln!(b, "- {}", sentence(rng, 7));
            }
            b.push('\n');
        }
        if h == 2 {
            b.push_str("| Week | What happens |\n|---|---|\n");
            for s in 0..3 {
                let _ = writeln!(b, "| {s} | {} |", sentence(rng, 5));
            }
            b.push('\n');
        }
        if h == 4 {
            let _ = writeln!(
                b,
                "```text\nbooking: {i}\nroom: {}\nnotes: {}\n```\n",
                rng.next() % 40,
                sentence(rng, 6)
            );
        }
    }
    for h in 0..7 {
        for k in 0..2 {
            let _ = writeln!(b, "[^n{h}{k}]: {}", sentence(rng, 8));
        }
    }
    b
}

/// The Markdown body of page `i` of `n`, ~600–1,200 words, with links to
/// other pages as `[[[target]]]`.
fn body(rng: &mut Lcg, i: usize, n: usize) -> String {
    let mut b = String::new();
    let blocks = 6 + (rng.next() % 5) as usize;
    for h in 0..blocks {
        let heading = sentence(rng, 3);
        let _ = writeln!(b, "## {} {h}\n", heading.trim_end_matches('.'));
        for _ in 0..2 {
            let mut para = String::new();
            for _ in 0..4 {
                let words = 10 + (rng.next() % 6) as usize;
                para.push_str(&sentence(rng, words));
                para.push(' ');
            }
            let target = (i + 1 + (rng.next() as usize) % (n.max(2) - 1)) % n;
            let _ = writeln!(b, "{para}See [[[{target}]]].\n");
        }
        if h % 3 == 1 {
            for _ in 0..4 {
                let _ = writeln!(b, "- {}", sentence(rng, 6));
            }
            b.push('\n');
        }
        if h % 4 == 2 {
            b.push_str("| Step | What happens |\n|---|---|\n");
            for s in 0..3 {
                let _ = writeln!(b, "| {s} | {} |", sentence(rng, 5));
            }
            b.push('\n');
        }
    }
    b
}

/// How each tool spells a link to a page: its path below content/ and the
/// linking page's path.
fn link(tool: Tool, target: &str, from: &str) -> String {
    match tool {
        Tool::Dermapress => {
            let depth = from.matches('/').count();
            format!("{}{target}", "../".repeat(depth))
        }
        Tool::Hugo => format!("/{}/", target.trim_end_matches(".md")),
        Tool::Zola => format!("@/{target}"),
    }
}

#[derive(Clone, Copy)]
enum Tool {
    Dermapress,
    Hugo,
    Zola,
}

/// `body` with every `[[[i]]]` written as a link to page `i`, as `tool`
/// spells it.
fn spell_links(tool: Tool, body: &str, from: &str, targets: &[&str]) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(at) = rest.find("[[[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find("]]]").expect("a closed link");
        let i: usize = after[..end].parse().expect("a page number");
        let _ = write!(out, "[page {i}]({})", link(tool, targets[i], from));
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

fn yaml_front(p: &PageSpec) -> String {
    let mut f = format!("---\ntitle: {}\ndescription: {}\n", p.title, p.description);
    if let Some(d) = &p.date {
        let _ = writeln!(f, "date: {d}");
    }
    let _ = writeln!(f, "weight: {}", p.weight);
    if !p.tags.is_empty() {
        let _ = writeln!(f, "tags: [{}]", p.tags.join(", "));
    }
    f.push_str("---\n");
    f
}

/// Zola reads TOML front matter; tags go to `extra` as Hugo's taxonomies
/// are off (see `write_sites`), so no tool writes tag pages.
fn toml_front(p: &PageSpec, section: bool) -> String {
    let mut f = format!("+++\ntitle = \"{}\"\ndescription = \"{}\"\n", p.title, p.description);
    if let Some(d) = &p.date {
        let _ = writeln!(f, "date = {d}");
    }
    if section {
        f.push_str("sort_by = \"weight\"\n");
    }
    let _ = writeln!(f, "weight = {}", p.weight);
    if !p.tags.is_empty() {
        let tags: Vec<String> = p.tags.iter().map(|t| format!("\"{t}\"")).collect();
        let _ = writeln!(f, "[extra]\ntags = [{}]", tags.join(", "));
    }
    f.push_str("+++\n");
    f
}

/// Writes the three sites of `pages` under `dir`.
fn write_sites(dir: &Path, pages: &[PageSpec], nav: bool, site_yaml: &str) -> Site {
    let d = dir.join("dermapress");
    let h = dir.join("hugo");
    let z = dir.join("zola");
    write_templates(&d, &h, &z, nav, site_yaml);
    // Links name pages by their number among the regular pages.
    let targets: Vec<&str> = pages
        .iter()
        .filter(|p| !p.path.ends_with("_index.md"))
        .map(|p| p.path.as_str())
        .collect();
    for p in pages {
        let section = p.path.ends_with("_index.md");
        let body = |tool| spell_links(tool, &p.body, &p.path, &targets);
        write(
            &d.join("content").join(&p.path),
            &(yaml_front(p) + &body(Tool::Dermapress)),
        );
        write(&h.join("content").join(&p.path), &(yaml_front(p) + &body(Tool::Hugo)));
        write(
            &z.join("content").join(&p.path),
            &(toml_front(p, section) + &body(Tool::Zola)),
        );
    }
    Site {
        dermapress: d,
        hugo: h,
        zola: z,
    }
}

fn write_templates(d: &Path, h: &Path, z: &Path, nav: bool, site_yaml: &str) {
    write(
        &d.join("site.yaml"),
        &format!("title: Bench\nbase_url: https://bench.example.com\n{site_yaml}"),
    );
    let list = if nav {
        "<nav><ul>{% for p in page.siblings %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></nav>"
    } else {
        ""
    };
    let page_tpl = |title: &str, desc: &str, content: &str, list: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{title}</title>\
             <meta name=\"description\" content=\"{desc}\"></head><body><main><h1>{title}</h1>\
             {content}</main>{list}</body></html>\n"
        )
    };
    let tera_page = page_tpl(
        "{{ page.title }}",
        "{{ page.description }}",
        "{{ page.content | safe }}",
        list,
    );
    write(&d.join("themes/clinic/templates/page.html"), &tera_page);
    let tera_section = "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>\
         {{ page.content | safe }}<ul>{% for p in page.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n";
    write(&d.join("themes/clinic/templates/section.html"), tera_section);
    let not_found = "<!doctype html><title>Not found</title>\n";
    write(&d.join("themes/clinic/templates/404.html"), not_found);

    // Hugo: no taxonomy pages or feeds (dermapress writes neither), and no
    // syntax highlighting (neither of the others highlights by default).
    write(
        &h.join("config.toml"),
        "baseURL = 'https://bench.example.com/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n\
         [markup.highlight]\ncodeFences = false\n",
    );
    let hugo_list = if nav {
        "<nav><ul>{{ range .CurrentSection.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>"
    } else {
        ""
    };
    write(
        &h.join("layouts/_default/single.html"),
        &page_tpl("{{ .Title }}", "{{ .Description }}", "{{ .Content }}", hugo_list),
    );
    write(
        &h.join("layouts/_default/list.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>\
         {{ .Content }}<ul>{{ range .RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    );
    write(&h.join("layouts/404.html"), not_found);

    // Zola: no feeds, no search index, no Sass; the home page is a section.
    write(
        &z.join("config.toml"),
        "base_url = \"https://bench.example.com\"\ntitle = \"Bench\"\ncompile_sass = false\n\
         build_search_index = false\ngenerate_feeds = false\n",
    );
    let zola_list = if nav {
        "{% set section = get_section(path=page.ancestors | last) %}<nav><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></nav>"
    } else {
        ""
    };
    write(
        &z.join("templates/page.html"),
        &page_tpl(
            "{{ page.title }}",
            "{{ page.description }}",
            "{{ page.content | safe }}",
            zola_list,
        ),
    );
    let zola_section = "<!doctype html><html lang=\"en\"><head><title>{{ section.title }}</title></head><body><h1>{{ section.title }}</h1>\
         {{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n";
    write(&z.join("templates/section.html"), zola_section);
    write(&z.join("templates/index.html"), zola_section);
    write(&z.join("templates/404.html"), not_found);
}

/// Makes the dermapress site one of `languages` languages: every page gets a
/// translation into each of the others (`p1.es.md`), with the same text, so
/// a site generated with n / languages pages has n pages. Links follow the
/// language, as on a real translated site. The translations record no
/// `source_hash`, so that rule is off (its check still runs on every page).
pub fn translate(dermapress: &Path, languages: usize) {
    const CODES: [&str; 4] = ["es", "fr", "de", "it"];
    let codes = &CODES[..(languages - 1).min(CODES.len())];
    let mut yaml = String::from("languages:\n  - { code: en, name: English }\n");
    for code in codes {
        yaml.push_str(&format!("  - {{ code: {code}, name: {code} }}\n"));
    }
    yaml.push_str("checks: { disable: [translation-outdated] }\n");
    let site_yaml = dermapress.join("site.yaml");
    let config = std::fs::read_to_string(&site_yaml).expect("read bench site.yaml");
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(dermapress.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("read bench page");
        for code in codes {
            let stem = page.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
            // Titles differ per language, as translated ones do.
            write(
                &page.with_file_name(format!("{stem}.{code}.md")),
                &text.replacen("title: ", &format!("title: ({code}) "), 1),
            );
        }
    }
    write(&site_yaml, &format!("{config}{yaml}"));
}
