//! Asking other sites whether an address still answers: HEAD, then GET when
//! HEAD is refused, a few requests per host at a time, `Retry-After`
//! honoured up to a cap, redirects followed up to a limit. The only code in
//! dermapress that opens a network connection, and only for `check --external`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Client, Response, StatusCode, Url};
use tokio::sync::Semaphore;

use super::verdict::Answer;
use crate::config::checks::External;

/// Redirects followed before an address counts as going nowhere.
pub(crate) const MAX_REDIRECTS: usize = 10;
/// Requests in flight at once, over all hosts.
const CONCURRENCY: usize = 16;
/// How many times one address's `Retry-After` is honoured.
const MAX_WAITS: usize = 2;

/// Who is asking: site owners can tell the check from a visitor or a crawler.
pub(crate) fn user_agent() -> String {
    format!("dermapress/{} (+link check)", env!("CARGO_PKG_VERSION"))
}

/// Asks every address and returns each one's answer, in the order given.
pub(crate) fn ask_all(urls: &[Url], settings: &External) -> Vec<Answer> {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return unreachable_all(urls, &format!("could not start the network client ({e})")),
    };
    let client = match client(settings) {
        Ok(c) => c,
        Err(e) => return unreachable_all(urls, &format!("could not start the network client ({e})")),
    };
    runtime.block_on(ask_in_parallel(client, urls, settings))
}

fn unreachable_all(urls: &[Url], reason: &str) -> Vec<Answer> {
    let answer = Answer::Unreachable {
        reason: reason.to_string(),
    };
    vec![answer; urls.len()]
}

fn client(settings: &External) -> reqwest::Result<Client> {
    // reqwest is built without a crypto provider of its own (aws-lc's C
    // build is slow); rustls's ring provider serves. Installed once per
    // process; a second call finds it there, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let timeout = Duration::from_secs(u64::from(settings.timeout_seconds.max(1)));
    Client::builder()
        .user_agent(user_agent())
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
}

async fn ask_in_parallel(client: Client, urls: &[Url], settings: &External) -> Vec<Answer> {
    let all = Arc::new(Semaphore::new(CONCURRENCY));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let per_host = usize::try_from(settings.per_host.max(1)).unwrap_or(1);
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in urls.iter().enumerate() {
        let host = url.host_str().unwrap_or("").to_string();
        let host = hosts
            .entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(per_host)))
            .clone();
        let (client, all, url, settings) = (client.clone(), all.clone(), url.clone(), settings.clone());
        tasks.spawn(async move {
            // Semaphores are never closed here, so acquiring cannot fail.
            let _host = host.acquire_owned().await.ok();
            let _all = all.acquire_owned().await.ok();
            (i, ask(&client, url, &settings).await)
        });
    }
    let mut answers = vec![None; urls.len()];
    // A task that panicked leaves its slot empty, reported below.
    while let Some(done) = tasks.join_next().await {
        if let Ok((i, answer)) = done {
            answers[i] = Some(answer);
        }
    }
    answers
        .into_iter()
        .map(|a| {
            a.unwrap_or(Answer::Unreachable {
                reason: "the check of this address stopped".to_string(),
            })
        })
        .collect()
}

/// One address, with the waits its host asks for.
async fn ask(client: &Client, url: Url, settings: &External) -> Answer {
    let mut waits = 0;
    loop {
        let (answer, retry_after) = head_then_get(client, &url, settings).await;
        let Answer::Status { status } = answer else {
            return answer;
        };
        if status != 429 && status != 503 {
            return answer;
        }
        match retry_after {
            Some(wait) if wait <= u64::from(settings.max_wait_seconds) && waits < MAX_WAITS => {
                waits += 1;
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            Some(wait) => {
                let wait_seconds = (wait > u64::from(settings.max_wait_seconds)).then_some(wait);
                return Answer::RateLimited { status, wait_seconds };
            }
            None if status == 429 => {
                return Answer::RateLimited {
                    status,
                    wait_seconds: None,
                }
            }
            None => return answer,
        }
    }
}

/// The answer to HEAD, or to GET when HEAD got anything but a success, a
/// rate limit or silence (many servers refuse HEAD with 405, 501, 403 or
/// even 404 while serving the page to browsers). Returns `Retry-After` too.
async fn head_then_get(client: &Client, url: &Url, settings: &External) -> (Answer, Option<u64>) {
    match client.head(url.clone()).send().await {
        Ok(r) if r.status().is_success() => {
            return (
                Answer::Ok {
                    status: r.status().as_u16(),
                },
                None,
            )
        }
        Ok(r) if r.status() == StatusCode::TOO_MANY_REQUESTS => return status_of(&r),
        Err(e) if e.is_timeout() || e.is_redirect() || is_no_such_host(&e) => return (failure(&e, settings), None),
        _ => {}
    }
    match client.get(url.clone()).send().await {
        // Only the status matters: the body is dropped unread.
        Ok(r) => status_of(&r),
        Err(e) => (failure(&e, settings), None),
    }
}

fn status_of(response: &Response) -> (Answer, Option<u64>) {
    let status = response.status().as_u16();
    let answer = if response.status().is_success() {
        Answer::Ok { status }
    } else {
        Answer::Status { status }
    };
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(retry_after_seconds);
    (answer, retry_after)
}

/// `Retry-After` as seconds from now: a number, or an HTTP date.
pub(crate) fn retry_after_seconds(value: &str) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?;
    let seconds = when.timestamp().as_second() - jiff::Timestamp::now().as_second();
    Some(u64::try_from(seconds).unwrap_or(0))
}

fn failure(e: &reqwest::Error, settings: &External) -> Answer {
    if e.is_timeout() {
        Answer::Timeout {
            seconds: settings.timeout_seconds.max(1),
        }
    } else if e.is_redirect() {
        Answer::TooManyRedirects
    } else if is_no_such_host(e) {
        Answer::NoSuchHost
    } else if e.is_builder() {
        Answer::BadAddress { reason: innermost(e) }
    } else {
        Answer::Unreachable { reason: innermost(e) }
    }
}

/// Whether the host name could not be looked up (reqwest says so only in
/// the text of the resolver's error).
fn is_no_such_host(e: &reqwest::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        if text.contains("failed to lookup address") || text.contains("dns error") {
            return true;
        }
        source = err.source();
    }
    false
}

/// The innermost cause, which names what actually failed ("Connection refused").
fn innermost(e: &reqwest::Error) -> String {
    let mut err: &dyn std::error::Error = e;
    while let Some(next) = err.source() {
        err = next;
    }
    let text = err.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after_seconds("7"), Some(7));
        assert_eq!(retry_after_seconds(" 0 "), Some(0));
        // A date in the past means now.
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), Some(0));
        assert_eq!(retry_after_seconds("soon"), None);
    }

    #[test]
    fn the_user_agent_names_the_tool_and_its_version() {
        assert_eq!(
            user_agent(),
            format!("dermapress/{} (+link check)", env!("CARGO_PKG_VERSION"))
        );
    }
}
