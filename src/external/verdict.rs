//! What an answer means for a reader following the link, in plain words.
//! Pure: a status or a failure in, a finding's wording and severity out.

use serde::{Deserialize, Serialize};

use super::collect::Cited;

/// How asking an address ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub(crate) enum Answer {
    /// A 2xx status, after any redirects.
    Ok { status: u16 },
    /// Any other final status.
    Status { status: u16 },
    /// The host asked to wait longer than `max_wait_seconds` (429 or 503
    /// with `Retry-After`), or kept asking after the waits honoured.
    RateLimited { status: u16, wait_seconds: Option<u64> },
    /// Nothing came back within `timeout_seconds`.
    Timeout { seconds: u32 },
    /// More redirects than `MAX_REDIRECTS`.
    TooManyRedirects,
    /// The host name has no address.
    NoSuchHost,
    /// The connection failed (refused, reset, TLS).
    Unreachable { reason: String },
    /// The address cannot be requested as written.
    BadAddress { reason: String },
}

/// A finding's words and its rule: `dead-external-link` when the answer is
/// certain (an error unless `checks:` says otherwise), else
/// `unchecked-external-link` (a warning).
pub(crate) struct Verdict {
    pub(crate) rule: &'static str,
    pub(crate) message: String,
    pub(crate) help: String,
}

impl Answer {
    /// Whether a second run may reuse the answer: a definite one. A timeout
    /// or a rate limit says nothing about the page and is asked again.
    pub(crate) fn keeps(&self) -> bool {
        !matches!(
            self,
            Answer::RateLimited { .. } | Answer::Timeout { .. } | Answer::Unreachable { .. }
        ) && !matches!(self, Answer::Status { status } if *status >= 500)
    }

    /// The finding for a reference that got this answer, if it is one.
    pub(crate) fn verdict(&self, url: &str, cited: Cited) -> Option<Verdict> {
        let what = match cited {
            Cited::Link => format!("the link {url}"),
            Cited::Source => format!("the source {url}"),
        };
        let replace = match cited {
            Cited::Link => "link to where it moved, or remove the link",
            Cited::Source => "find where it moved or cite another source",
        };
        Some(match self {
            Answer::Ok { .. } => return None,
            Answer::Status { status } => status_verdict(&what, *status, replace),
            Answer::RateLimited { status, wait_seconds } => unsure(
                match wait_seconds {
                    Some(w) => format!(
                        "{what} answered {} and asked to wait {}: not checked",
                        status_words(*status),
                        seconds_words(*w)
                    ),
                    None => format!("{what} kept answering {}: not checked", status_words(*status)),
                },
                "run the check again later, or raise `checks: external: max_wait_seconds:`",
            ),
            Answer::Timeout { seconds } => unsure(
                format!("{what} did not answer within {}", seconds_words(u64::from(*seconds))),
                "open it in a browser; a slow site may need a larger `checks: external: timeout_seconds:`",
            ),
            Answer::TooManyRedirects => dead(
                format!(
                    "{what} redirects more than {} times: readers never reach a page",
                    super::fetch::MAX_REDIRECTS
                ),
                format!("open it in a browser and write the address it ends at; else {replace}"),
            ),
            Answer::NoSuchHost => dead(
                format!("{what} names a host that does not exist"),
                format!("check the spelling of the address; else {replace}"),
            ),
            Answer::Unreachable { reason } => unsure(format!("{what} could not be reached: {reason}"), AGAIN),
            Answer::BadAddress { reason } => dead(
                format!("{what} cannot be opened: {reason}"),
                "write the full address as the browser shows it".to_string(),
            ),
        })
    }
}

const AGAIN: &str = "open it in a browser; if it works there, run the check again later";

fn dead(message: String, help: String) -> Verdict {
    Verdict {
        rule: "dead-external-link",
        message,
        help,
    }
}

fn unsure(message: String, help: &str) -> Verdict {
    Verdict {
        rule: "unchecked-external-link",
        message,
        help: help.to_string(),
    }
}

/// A final status other than a success or a rate limit.
fn status_verdict(what: &str, status: u16, replace: &str) -> Verdict {
    let words = status_words(status);
    match status {
        404 | 410 => dead(format!("{what} answered {words}: the page is gone"), replace.to_string()),
        401 | 403 => unsure(
            format!("{what} answered {words}: the site refuses automatic checks or needs a login"),
            "open it in a browser; if readers need a login to see it, cite a page they can open, or add the host to `checks: external: skip:`",
        ),
        500.. => unsure(format!("{what} answered {words}: the site has a problem of its own right now"), AGAIN),
        _ => dead(format!("{what} answered {words}: readers get an error page"), replace.to_string()),
    }
}

fn seconds_words(n: u64) -> String {
    if n == 1 {
        "1 second".to_string()
    } else {
        format!("{n} seconds")
    }
}

/// `404 Not Found`, `429 Too Many Requests`: the status with its name.
pub(crate) fn status_words(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gone_pages_are_errors_and_refusals_are_warnings() {
        let gone = Answer::Status { status: 404 }
            .verdict("https://x.test/a", Cited::Source)
            .unwrap();
        assert_eq!(gone.rule, "dead-external-link");
        assert_eq!(
            gone.message,
            "the source https://x.test/a answered 404 Not Found: the page is gone"
        );
        let refused = Answer::Status { status: 403 }
            .verdict("https://x.test/a", Cited::Link)
            .unwrap();
        assert_eq!(refused.rule, "unchecked-external-link");
        assert!(Answer::Ok { status: 200 }
            .verdict("https://x.test/", Cited::Link)
            .is_none());
    }

    #[test]
    fn only_definite_answers_are_kept() {
        assert!(Answer::Status { status: 404 }.keeps());
        assert!(Answer::Ok { status: 200 }.keeps());
        assert!(!Answer::Status { status: 503 }.keeps());
        assert!(!Answer::Timeout { seconds: 3 }.keeps());
    }
}
