#!/usr/bin/env python3
"""Lighthouse over a built site: every page, every category at least LH_MIN.

Usage: lighthouse.py SITE_DIR TOOLS_DIR   (env LH_MIN, default 0.95)

The performance score comes from a simulated slow phone, and on a shared
2-core machine it moves from run to run: a page with no script at all once
scored 92 for 350 ms of "blocking time" that was the machine's, not the
page's. Lighthouse's own advice on variability is to judge the median of
several runs, so a page whose performance alone falls short is measured twice
more and judged on the median of its three runs. Accessibility, best
practices and SEO do not depend on timing: they are judged on the first run,
and any shortfall there fails at once.

Lighthouse itself sometimes fails to report on a page (its Chrome is
killed or stalls on a busy machine; CI once lost one page of seven this way
with no score at all). Such a page is run again, up to twice, and the tail
of each failed run's log is printed; a page that never reports fails the
check, and one that does is judged like the others.
"""

import glob
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

site, tools = sys.argv[1], sys.argv[2]
minimum = float(os.environ.get("LH_MIN", "0.95"))
script = os.path.join(tools, "lighthouse.sh")


FAILED = re.compile(r"^ERROR lighthouse failed on (\S+) \(see (\S+)\)")


def run(target):
    """Runs the tool on a folder or a URL; returns its exit code, its reports
    and the pages it could not report on."""
    out = tempfile.mkdtemp(prefix="lh-ci-")
    env = dict(os.environ, QT_OUT=out, LH_MIN=str(minimum))
    tool = subprocess.Popen([script, target], env=env, stdout=subprocess.PIPE, text=True)
    lost = []
    for line in tool.stdout:
        print(line, end="", flush=True)
        m = FAILED.match(line)
        if m:
            lost.append(page_of_url(m.group(1)))
            show_tail(m.group(2))
    code = tool.wait()
    reports = []
    for path in sorted(glob.glob(os.path.join(out, "lighthouse", "*.json"))):
        with open(path) as f:
            reports.append(json.load(f))
    return code, reports, lost


def show_tail(log):
    try:
        with open(log, errors="replace") as f:
            tail = f.read().splitlines()[-15:]
    except OSError:
        return
    for line in tail:
        print("    |", line)


def scores(report):
    c = report["categories"]
    return {k: c[k]["score"] for k in ("performance", "accessibility", "best-practices", "seo")}


def page_of_url(url):
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"


def page_of(report):
    return page_of_url(report["requestedUrl"])


code, reports, lost = run(site)
if code == 0:
    sys.exit(0)
if code == 2 or not (reports or lost):
    print("lighthouse could not run", file=sys.stderr)
    sys.exit(1)

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen(
    [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", site],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
failed = False
try:
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)

    for page in lost:
        for attempt in range(2):
            print(f"lighthouse gave no report on {page}: running it again ({attempt + 2} of 3)")
            _, again, _ = run(f"http://127.0.0.1:{port}{page}")
            if again:
                reports.extend(again)
                break
        else:
            print(f"FAIL: lighthouse gave no report on {page} in three runs")
            failed = True

    pages = len(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
    if len(reports) < min(pages, int(os.environ.get("QT_MAX_PAGES", "50"))):
        print(f"lighthouse reported on {len(reports)} page(s) of {pages}: it failed on the others")
        sys.exit(1)

    retry = []
    for report in reports:
        if report.get("runtimeError"):
            print("lighthouse failed on", page_of(report), report["runtimeError"].get("message"))
            failed = True
            continue
        s = scores(report)
        if page_of(report).endswith("404.html"):
            s["seo"] = None  # kept out of search indexes on purpose (see lighthouse.sh)
        steady = [k for k in ("accessibility", "best-practices", "seo") if s[k] is not None and s[k] < minimum]
        if steady:
            print(f"{page_of(report)}: {', '.join(steady)} below {minimum}")
            failed = True
        elif s["performance"] is None or s["performance"] < minimum:
            retry.append((page_of(report), s["performance"] or 0.0))
    if failed:
        sys.exit(1)

    for page, first in retry:
        runs = [first]
        for _ in range(2):
            _, again, _ = run(f"http://127.0.0.1:{port}{page}")
            runs.append((scores(again[0])["performance"] or 0.0) if again else 0.0)
        median = statistics.median(runs)
        verdict = "ok" if median >= minimum else "FAIL"
        print(f"{verdict}: {page} performance over three runs {[round(r * 100) for r in runs]}, median {round(median * 100)}")
        failed |= median < minimum
finally:
    server.terminate()
    server.wait()
print("lighthouse (performance judged on the median of three runs where one fell short) ->", "FAIL" if failed else "PASS")
sys.exit(1 if failed else 0)
