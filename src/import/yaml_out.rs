//! Front matter written out as YAML, by hand: strings that could be read as
//! something else (`yes`, `1.0`, `a: b`) are double-quoted, and a JSON
//! string is a valid YAML double-quoted scalar, so quoting cannot go wrong.

use serde_json::{Map, Value};

/// The keys a reader looks for first, in the order the README shows them.
const FIRST: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "weight",
    "draft",
    "tags",
];

/// `map` as YAML lines: the usual keys first, then the others (`extra` last).
pub(super) fn write(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    let rest = map.keys().filter(|k| !FIRST.contains(&k.as_str()) && *k != "extra");
    for key in FIRST.iter().copied().chain(rest.map(String::as_str)).chain(["extra"]) {
        if let Some(value) = map.get(key) {
            entry(&mut out, 0, key, value);
        }
    }
    out
}

fn entry(out: &mut String, indent: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push_str(&format!("{pad}{}:\n", scalar_key(key)));
            for (k, v) in m {
                entry(out, indent + 2, k, v);
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(is_scalar) => {
            let list: Vec<String> = items.iter().map(scalar).collect();
            out.push_str(&format!("{pad}{}: [{}]\n", scalar_key(key), list.join(", ")));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str(&format!("{pad}{}:\n", scalar_key(key)));
            for item in items {
                out.push_str(&format!(
                    "{pad}  - {}\n",
                    serde_json::to_string(item).unwrap_or_default()
                ));
            }
        }
        other => out.push_str(&format!("{pad}{}: {}\n", scalar_key(key), scalar(other))),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn scalar_key(key: &str) -> String {
    if plain(key) {
        key.to_string()
    } else {
        quoted(key)
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) if plain(s) => s.clone(),
        Value::String(s) => quoted(s),
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Whether `s` reads back as the same string when written bare.
fn plain(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let word = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(&lower.as_str());
    let numeric = s.parse::<f64>().is_ok() || s.starts_with(['0', '+', '.']) && s.len() > 1 && !is_date(s);
    !s.is_empty()
        && !word
        && !numeric
        && s.chars().next().is_some_and(|c| c.is_alphanumeric())
        && s.chars().all(|c| c.is_alphanumeric() || " -_./,()".contains(c))
        && !s.ends_with(' ')
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_that_would_change_meaning_are_quoted() {
        let v: serde_json::Value = serde_json::json!({
            "title": "Risks: what to know", "slug": "risks", "draft": true, "weight": 3,
            "date": "2024-01-05", "tags": ["a b", "yes"], "extra": {"old": "1.0"}
        });
        let yaml = super::write(v.as_object().unwrap());
        assert!(yaml.contains("title: \"Risks: what to know\"\n"), "{yaml}");
        assert!(yaml.contains("date: 2024-01-05\n"), "{yaml}");
        assert!(yaml.contains("tags: [a b, \"yes\"]\n"), "{yaml}");
        assert!(yaml.contains("extra:\n  old: \"1.0\"\n"), "{yaml}");
    }
}
