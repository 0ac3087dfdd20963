//! End to end in a real headless Chromium, driven through chromedriver: a
//! page open in the preview shows a saved edit by itself, keeps its scroll
//! position, shows an overlay naming the file and line of a broken save (with
//! a link to the content inventory at /__dermapress/, which lists it too), and
//! drops the overlay when the file is fixed. Ctrl-C then stops `watch` cleanly.
//!
//! Skipped, with a message, where Chromium or chromedriver is not installed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::browser::*;
use crate::support::TestSite;
use serde_json::Value;

fn text_of(driver: &Driver) -> String {
    driver
        .run("return document.body ? document.body.innerText : ''")
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn an_open_page_follows_saves_and_shows_errors_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = TestSite::clinic();
    let page = "content/guides/aftercare.md";
    // A long page, so that there is a scroll position to keep.
    let filler: String = (1..=40).map(|n| format!("Paragraph {n} of filler text.\n\n")).collect();
    site.edit(page, "## The first week", &format!("{filler}## The first week"));

    let mut watch = Running(
        Command::new(env!("CARGO_BIN_EXE_dermapress"))
            .args(["watch", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dermapress watch starts"),
    );
    // The errors this test provokes on purpose are read, not shown in the
    // test run's output.
    let stderr = watch.0.stderr.take().unwrap();
    std::thread::spawn(move || std::io::copy(&mut BufReader::new(stderr), &mut std::io::sink()));
    let (tx, lines) = mpsc::channel::<String>();
    let stdout = watch.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let origin = loop {
        let line = lines.recv_timeout(PATIENCE).expect("watch prints its address");
        if let Some(rest) = line.split("serving the preview on ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };

    let driver_port = free_port();
    let _chromedriver = Running(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let driver = Driver::start(driver_port);
    driver.goto(&format!("{origin}/guides/aftercare/"));
    driver.wait_for("the page loads", "return document.readyState", |v| v == "complete");
    assert!(text_of(&driver).contains("Keep the skin clean"));
    driver.run("window.scrollTo(0, 400); return window.scrollY");
    driver.wait_for("the page scrolls", "return window.scrollY", |v| {
        v.as_f64().unwrap_or(0.0) >= 300.0
    });

    // 1. An edit shows up by itself, at the same scroll position.
    site.edit(page, "Keep the skin clean", "Keep the skin clean and cool");
    driver.wait_for("the edit shows", "return document.body.innerText", |v| {
        v.as_str().is_some_and(|t| t.contains("clean and cool"))
    });
    driver.wait_for("the scroll position is kept", "return window.scrollY", |v| {
        v.as_f64().unwrap_or(0.0) >= 300.0
    });

    // 2. Invalid YAML: an overlay names the file and line; the page stays.
    let good = site.read_source(page);
    site.write(
        page,
        &good.replace("after a session, day by day", "after a session: <b>day</b> by day"),
    );
    let (_, diagnostics) = dermapress::render(site.root(), &dermapress::LoadOptions::default());
    let expected = diagnostics
        .iter()
        .find(|d| d.is_error() && d.file == Path::new(page))
        .expect("the save is broken")
        .location();
    assert!(expected.starts_with("content/guides/aftercare.md:3:"), "{expected}");
    let overlay = driver.wait_for(
        "the overlay appears",
        "var o = document.getElementById('dermapress-overlay'); return o ? o.innerText : null",
        |v| v.is_string(),
    );
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains(&expected), "overlay names {expected}: {overlay}");
    assert!(overlay.contains("not valid YAML"), "{overlay}");
    assert!(
        overlay.contains("<b>day</b>"),
        "the excerpt is shown as written: {overlay}"
    );
    let markup = driver.run("return document.querySelectorAll('#dermapress-overlay b').length");
    assert_eq!(markup, 0, "text from the file is never read as HTML");
    assert!(
        text_of(&driver).contains("clean and cool"),
        "the last good page stays under the overlay"
    );

    // 2b. The overlay links to the content inventory, which lists the error too.
    driver.run("document.querySelector('#dermapress-overlay a.dermapress-inventory-link').click(); return null");
    let inventory = driver.wait_for(
        "the inventory opens",
        "return location.pathname === '/__dermapress/' && document.readyState === 'complete' ? document.body.innerText : null",
        |v| v.is_string(),
    );
    let inventory = inventory.as_str().unwrap();
    assert!(inventory.contains("Content inventory"), "{inventory}");
    assert!(inventory.contains("content/guides/aftercare.md"), "{inventory}");
    assert!(inventory.contains("not valid YAML"), "{inventory}");
    driver.goto(&format!("{origin}/guides/aftercare/"));

    // 3. The fix removes the overlay.
    site.save_via_rename(page, &good.replace("clean and cool", "clean, cool and calm"));
    driver.wait_for(
        "the overlay goes",
        "return document.getElementById('dermapress-overlay') === null && document.body.innerText.indexOf('cool and calm') >= 0",
        |v| v == &Value::Bool(true),
    );
    drop(driver);

    // Ctrl-C stops watch cleanly.
    let pid = watch.0.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watch.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "watch did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "watch exits 0 on Ctrl-C: {status}");
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
    assert!(!site.path("public").exists(), "the preview never writes public/");
}
