//! schema.org JSON-LD for each page: `MedicalWebPage` with its review,
//! `MedicalProcedure` for pages about a treatment, `FAQPage` for FAQs, and the
//! `MedicalClinic` from site.yaml, linked by `@id`.
//!
//! Built as JSON values, never by pasting strings, and made safe to sit inside
//! a `<script>` element (no `</script>` or `<!--` can survive).

use serde_json::{json, Map, Value};

use super::context::{origin, PageRef};
use crate::config::{Config, ProcedureType};
use crate::content::page::{Body, Data, Page};
use crate::content::sources::Source;
use crate::load::Site;

pub(crate) fn page(site: &Site, refs: &[PageRef], i: usize) -> String {
    let config = &site.config;
    let home = format!("{}{}/", origin(config), config.base_path());
    let mut graph = vec![web_page(site, refs, i, &home)];
    graph.extend(faq_page(&site.pages[i], &refs[i]));
    if let Some(clinic) = clinic(config, &home) {
        graph.push(clinic);
    }
    let mut top = Map::new();
    top.insert("@context".into(), text("https://schema.org"));
    top.insert("@graph".into(), Value::Array(graph));
    script_safe(&Value::Object(top))
}

/// The page itself: a `MedicalWebPage` when it is medical content, with its
/// dates, its review, what it is about and where it sits in the site.
fn web_page(site: &Site, refs: &[PageRef], i: usize, home: &str) -> Value {
    let page = &site.pages[i];
    let r = &refs[i];
    let config = &site.config;
    let mut web = Map::new();
    // A medical page only when it is medical content: reviewed or about a
    // procedure. About and contact pages are plain web pages.
    let medical = page.meta.reviewed_by.is_some() || page.meta.procedure.is_some();
    web.insert("@type".into(), text(if medical { "MedicalWebPage" } else { "WebPage" }));
    web.insert("@id".into(), Value::String(format!("{}#webpage", r.permalink)));
    web.insert("url".into(), text(&r.permalink));
    web.insert("name".into(), text(&r.title));
    web.insert("description".into(), text(&r.description));
    web.insert("inLanguage".into(), text(&page.lang));
    if medical {
        web.insert(
            "medicalAudience".into(),
            json!({"@type": "MedicalAudience", "audienceType": "Patient"}),
        );
        web.insert("specialty".into(), text("https://schema.org/Dermatology"));
    }
    if let Some(d) = &r.date {
        web.insert("datePublished".into(), text(d));
    }
    if let Some(d) = r.updated.as_ref().or(r.date.as_ref()) {
        web.insert("dateModified".into(), text(d));
    }
    if let Some(d) = page.meta.last_reviewed {
        web.insert("lastReviewed".into(), Value::String(d.iso()));
    }
    if let Some(person) = reviewed_by(site, page) {
        web.insert("reviewedBy".into(), person);
    }
    web.insert("about".into(), about(config, page));
    if config.clinic.is_some() {
        web.insert("publisher".into(), json!({"@id": format!("{home}#clinic")}));
    }
    web.insert("breadcrumb".into(), breadcrumb(site, refs, i));
    if !page.meta.sources.is_empty() {
        let list = page.meta.sources.iter().map(citation).collect();
        web.insert("citation".into(), Value::Array(list));
    }
    Value::Object(web)
}

/// The `Person` who reviewed the page, if it names a reviewer site.yaml has.
fn reviewed_by(site: &Site, page: &Page) -> Option<Value> {
    let id = page.meta.reviewed_by.as_deref()?;
    let reviewer = super::context::reviewer(site, id)?;
    let mut person = Map::new();
    person.insert("@type".into(), json!("Person"));
    person.insert("name".into(), json!(reviewer.name));
    if let Some(c) = reviewer.credentials {
        person.insert("jobTitle".into(), json!(c));
    }
    if let Some(u) = reviewer.url {
        person.insert("url".into(), json!(format!("{}{}", origin(&site.config), u)));
    }
    Some(Value::Object(person))
}

/// One of the page's sources: a `ScholarlyArticle` when it has a DOI (a
/// journal article), else a `CreativeWork` (a web page, a leaflet).
fn citation(source: &Source) -> Value {
    let mut m = Map::new();
    let kind = if source.doi.is_some() {
        "ScholarlyArticle"
    } else {
        "CreativeWork"
    };
    m.insert("@type".into(), text(kind));
    m.insert("name".into(), text(&source.title));
    if let Some(p) = &source.publisher {
        m.insert("publisher".into(), json!({"@type": "Organization", "name": p}));
    }
    if let Some(y) = source.year {
        m.insert("datePublished".into(), text(&y.to_string()));
    }
    if let Some(u) = &source.link {
        m.insert("url".into(), text(u));
    }
    if let Some(d) = &source.doi_url {
        m.insert("sameAs".into(), text(d));
    }
    Value::Object(m)
}

/// The `FAQPage` of an FAQ, its answers as the page shows them.
fn faq_page(page: &Page, r: &PageRef) -> Option<Value> {
    let Body::Data(Data::Faq(faq)) = &page.body else {
        return None;
    };
    let questions: Vec<Value> = faq
        .questions
        .iter()
        .map(|q| {
            json!({
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": q.answer.plain_data_text()},
            })
        })
        .collect();
    let mut faq = Map::new();
    faq.insert("@type".into(), text("FAQPage"));
    faq.insert("@id".into(), Value::String(format!("{}#faq", r.permalink)));
    faq.insert("url".into(), text(&r.permalink));
    faq.insert("name".into(), text(&r.title));
    faq.insert("mainEntity".into(), Value::Array(questions));
    Some(Value::Object(faq))
}

/// What the page is about: its procedure when it names one, else the topic.
fn about(config: &Config, page: &Page) -> Value {
    let Some(id) = page.meta.procedure.as_deref() else {
        return json!({"@type": "Thing", "name": page.meta.title});
    };
    let Some(p) = config.procedure(id) else {
        return json!({"@type": "MedicalProcedure", "name": id});
    };
    let mut m = Map::new();
    let kind = if p.adverse_outcomes.is_empty() {
        "MedicalProcedure"
    } else {
        "TherapeuticProcedure"
    };
    m.insert("@type".into(), json!(kind));
    m.insert("name".into(), json!(p.name));
    let mut put = |key: &str, v: &Option<String>| {
        if let Some(v) = v {
            m.insert(key.into(), json!(v.trim()));
        }
    };
    put("alternateName", &p.alternate_name);
    put("howPerformed", &p.how_performed);
    put("preparation", &p.preparation);
    put("followup", &p.followup);
    if let Some(loc) = &p.body_location {
        m.insert("bodyLocation".into(), json!(loc));
    }
    if let Some(t) = p.procedure_type {
        let name = match t {
            ProcedureType::Percutaneous => "PercutaneousProcedure",
            ProcedureType::Noninvasive => "NoninvasiveProcedure",
        };
        m.insert("procedureType".into(), json!(format!("https://schema.org/{name}")));
    }
    m.insert("relevantSpecialty".into(), json!("https://schema.org/Dermatology"));
    if !p.adverse_outcomes.is_empty() {
        let outcomes: Vec<Value> = p
            .adverse_outcomes
            .iter()
            .map(|o| json!({"@type": "MedicalEntity", "name": o}))
            .collect();
        m.insert("adverseOutcome".into(), Value::Array(outcomes));
    }
    Value::Object(m)
}

fn breadcrumb(site: &Site, refs: &[PageRef], i: usize) -> Value {
    let mut chain = vec![i];
    let mut at = site.section_of[i];
    while let Some(s) = at {
        chain.push(site.sections[s].page);
        at = site.sections[s].parent;
    }
    chain.reverse();
    let items: Vec<Value> = chain
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let mut item = Map::new();
            item.insert("@type".into(), text("ListItem"));
            item.insert("position".into(), Value::from(n + 1));
            item.insert("name".into(), text(&refs[*p].title));
            item.insert("item".into(), text(&refs[*p].permalink));
            Value::Object(item)
        })
        .collect();
    let mut list = Map::new();
    list.insert("@type".into(), text("BreadcrumbList"));
    list.insert("itemListElement".into(), Value::Array(items));
    Value::Object(list)
}

fn clinic(config: &Config, home: &str) -> Option<Value> {
    let c = config.clinic.as_ref()?;
    let mut m = Map::new();
    m.insert("@type".into(), json!("MedicalClinic"));
    m.insert("@id".into(), json!(format!("{home}#clinic")));
    m.insert("name".into(), json!(c.name));
    m.insert("url".into(), json!(home));
    m.insert("medicalSpecialty".into(), json!("https://schema.org/Dermatology"));
    if let Some(p) = &c.phone {
        m.insert("telephone".into(), json!(p));
    }
    if let Some(e) = &c.email {
        m.insert("email".into(), json!(e));
    }
    if let Some(a) = &c.address {
        let mut addr = Map::new();
        addr.insert("@type".into(), json!("PostalAddress"));
        for (key, v) in [
            ("streetAddress", &a.street),
            ("addressLocality", &a.city),
            ("addressRegion", &a.region),
            ("postalCode", &a.postal_code),
            ("addressCountry", &a.country),
        ] {
            if let Some(v) = v {
                addr.insert(key.into(), json!(v));
            }
        }
        m.insert("address".into(), Value::Object(addr));
    }
    if !config.procedures.is_empty() {
        let services: Vec<Value> = config
            .procedures
            .iter()
            .map(|p| json!({"@type": "MedicalProcedure", "name": p.name}))
            .collect();
        m.insert("availableService".into(), Value::Array(services));
    }
    Some(Value::Object(m))
}

/// A JSON string value.
fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

/// JSON text that cannot end its `<script>` element early: `<`, `>` and `&`
/// are written as \u escapes, which JSON readers turn back into the same text.
fn script_safe(value: &Value) -> String {
    let text = value.to_string();
    if !text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_reads_back_the_same() {
        let v = json!({"a": "</script><!-- & ]]>"});
        let text = script_safe(&v);
        assert!(!text.contains('<') && !text.contains('>'));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
