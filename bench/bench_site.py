#!/usr/bin/env python3
"""Benchmark of the published site (not a test): build time, page size, search index, search speed.

    python bench/bench_site.py [--sizes 1000 5000] [--out bench/out/site] [--no-browser]

For each size it generates a ledger with bench/gen_ledger.py, runs `ledger build --strict` in a
child process (wall-clock and CPU time of the child: the CPU figure is the one to compare on a
shared machine), and measures the built site: incident page sizes (median, max), the largest
listing pages, the search index (raw and gzipped), the whole site. On the largest site it then
serves the HTML on localhost and times, in headless Chromium, typing an incident's title into
the search box until its result shows. Results go to stdout and OUT/results.json.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AS_OF = "2026-06-30"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(root: Path) -> dict[str, float]:
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(root / "build", ignore_errors=True)
    cpu, start = child_cpu(), time.perf_counter()
    ledger = Path(sys.executable).parent / "ledger"
    subprocess.run(
        [
            str(ledger),
            "build",
            "--root",
            str(root),
            "--as-of",
            AS_OF,
            "--site-dir",
            str(site),
            "--strict",
        ],
        check=True,
        env=_env(),
    )
    return {"wall_s": round(time.perf_counter() - start, 1), "cpu_s": round(child_cpu() - cpu, 1)}


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def sizes(site: Path) -> dict[str, Any]:
    incident = sorted(p.stat().st_size for p in (site / "incident").glob("*/index.html"))
    index = (site / "search" / "search_index.json").read_bytes()
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    listings = {
        str(p.relative_to(site)): p.stat().st_size
        for p in [
            site / "index.html",
            site / "actions" / "index.html",
            *site.glob("incidents/*/index.html"),
        ]
    }
    return {
        "incident_pages": len(incident),
        "incident_median_kb": round(statistics.median(incident) / 1024, 1),
        "incident_max_kb": round(incident[-1] / 1024, 1),
        "largest_listing_kb": round(max(listings.values()) / 1024),
        "search_index_mb": round(len(index) / 1e6, 2),
        "search_index_gzip_mb": round(len(gzip.compress(index)) / 1e6, 2),
        "site_mb": round(total / 1e6),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def search_time(site: Path, query: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/contacts/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url)
            loaded = time.perf_counter()
            box = page.locator("input.md-search__input")
            box.click()
            meta = page.locator(".md-search-result__meta")
            # Material says "Initializing search" until its worker has built the lunr index
            page.wait_for_function(
                "() => !document.querySelector('.md-search-result__meta')"
                ".textContent.includes('Initializing')",
                timeout=60_000,
            )
            ready = time.perf_counter()
            typed_at = time.perf_counter()
            box.press_sequentially(query, delay=5)
            typed = time.perf_counter()
            page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            shown = time.perf_counter()
            found = meta.inner_text()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "page_load_s": round(loaded - start, 2),
        "index_ready_s": round(ready - start, 2),
        "typing_s": round(typed - typed_at, 2),
        "results_after_typing_s": round(shown - typed, 2),
        "first_key_to_results_s": round(shown - typed_at, 2),
        "load_to_results_s": round(shown - start, 2),
        "meta": found,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "site")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for n in args.sizes:
        root = args.out / f"ledger-{n}"
        if not (root / "incidents").is_dir():
            shutil.rmtree(root, ignore_errors=True)
            subprocess.run(
                [sys.executable, str(HERE / "gen_ledger.py"), str(root), "--incidents", str(n)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        timing = build(root)
        found = {
            **timing,
            **sizes(root / "site"),
            "cpu_ms_per_incident": round(1000 * timing["cpu_s"] / n, 1),
        }
        results[str(n)] = found
        print(n, json.dumps(found), flush=True)
    small, large = (results[str(n)] for n in (min(args.sizes), max(args.sizes)))
    ratio = {
        "cpu_ratio": round(large["cpu_s"] / small["cpu_s"], 2),
        "wall_ratio": round(large["wall_s"] / small["wall_s"], 2),
        "size_ratio": max(args.sizes) / min(args.sizes),
    }
    results["ratio"] = ratio
    print("ratio", json.dumps(ratio))
    if not args.no_browser:
        largest = args.out / f"ledger-{max(args.sizes)}"
        export = json.loads((largest / "site" / "export" / "ledger.json").read_text())
        title = export["incidents"][len(export["incidents"]) // 2]["title"]
        query = title.split(": ", 1)[-1][:30]  # what someone types: words of the title
        results["search"] = {"query": query, **search_time(largest / "site", query)}
        print("search", json.dumps(results["search"]))
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
