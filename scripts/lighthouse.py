#!/usr/bin/env python3
"""Lighthouse scores of the DeepSeek site, every listed page kind, both languages.

    scripts/lighthouse.py                       # prints the table
    scripts/lighthouse.py --write docs/lighthouse.md

Builds the repository's site with a `base_url` (release build), serves the
output over HTTP on 127.0.0.1 (Lighthouse's performance audits need HTTP, and
a base_url makes canonical links and feeds absolute as on a real host), and
runs Lighthouse on each page with its default settings: a mid-range phone on
a throttled network. Installs Lighthouse with npm into target/tools when it
is missing; needs Chromium (`apt-get install chromium`).

Not part of scripts/test: 18 Lighthouse runs take several minutes, and
scores are recorded in docs/lighthouse.md rather than asserted (performance
scores move with the machine's load). Accessibility is asserted in the test
suite by axe-core (tests/browser.rs), the engine Lighthouse itself uses.
"""

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

LIGHTHOUSE_VERSION = "12"
REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "target" / "tools"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# Page kind → path under a language folder. One of each kind: the pages the
# issue lists. Paths are those of the DeepSeek content.
PAGES = [
    ("home", "index.html"),
    ("section", "sections/history/index.html"),
    ("timeline", "timeline/index.html"),
    ("year", "dates/2025/index.html"),
    ("day", "dates/2025/02/06/index.html"),
    ("event", None),  # the first event page found
    ("product", None),  # the first product page found
    ("references", "references/index.html"),
    ("search", "search/index.html"),
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("scripts/lighthouse.py: Chromium is missing: apt-get install chromium")


def lighthouse() -> Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOLS}", file=sys.stderr)
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund",
             "--prefix", str(TOOLS), f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return binary


def first_page(out: Path, lang: str, folder: str) -> str:
    pages = sorted((out / lang / folder).glob("*/index.html"))
    if not pages:
        sys.exit(f"scripts/lighthouse.py: no page under {lang}/{folder}/")
    return str(pages[0].relative_to(out / lang))


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def scores(binary: Path, url: str) -> dict:
    report = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", "--output-path=stdout",
         "--only-categories=" + ",".join(CATEGORIES),
         f"--chrome-path={chromium()}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, capture_output=True, text=True,
    ).stdout
    data = json.loads(report)
    result = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = [
        audit_id
        for c in CATEGORIES
        for ref in data["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and (data["audits"][audit_id].get("score") is not None)
        and data["audits"][audit_id]["score"] < 1
    ]
    result["below_full"] = sorted(set(failed))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", type=Path, help="write the table as Markdown to this file")
    args = parser.parse_args()

    binary = lighthouse()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    annals = REPO / "target" / "release" / "annals"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        # Bind first so the base_url can name the port.
        server = serve(out)
        port = server.server_address[1]
        base = f"http://127.0.0.1:{port}/"
        subprocess.run(
            [str(annals), "--root", str(REPO), "build", "-q", "--out", str(out), "--base-url", base],
            check=True,
        )
        rows = []
        for lang in ("zh", "en"):
            for kind, path in PAGES:
                if path is None:
                    path = first_page(out, lang, "events" if kind == "event" else "products")
                url = f"{base}{lang}/{path}"
                print(f"lighthouse {url}", file=sys.stderr)
                rows.append((lang, kind, path, scores(binary, url)))
        server.shutdown()

    lines = [
        "| language | page | performance | accessibility | best practices | SEO | audits below full score |",
        "|---|---|---|---|---|---|---|",
    ]
    for lang, kind, path, s in rows:
        lines.append(
            f"| {lang} | {kind} (`{path}`) | {s['performance']} | {s['accessibility']} "
            f"| {s['best-practices']} | {s['seo']} | {', '.join(s['below_full']) or '–'} |"
        )
    table = "\n".join(lines)
    print(table)
    if args.write:
        version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
        chrome = subprocess.run([chromium(), "--version"], capture_output=True, text=True).stdout.strip()
        args.write.write_text(
            "# Lighthouse\n\n"
            "Scores of the DeepSeek site built with a `base_url` and served over HTTP on\n"
            "127.0.0.1, one page of each kind in both languages, with Lighthouse's default\n"
            "settings (a mid-range phone on a throttled network).\n\n"
            f"Command: `scripts/lighthouse.py --write docs/lighthouse.md`  \n"
            f"Lighthouse {version}, {chrome}, {os.cpu_count()} cores.\n\n"
            f"{table}\n"
        )


if __name__ == "__main__":
    main()
