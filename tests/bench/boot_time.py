"""Benchmark: from opening an Ozon order page to the Python core having read the order.

Each run starts the browser with a fresh profile and the built extension (dist/), opens
the saved one-parcel order page at its real address, and stops the clock when the panel
shows the order number, which only Python's extract can put there. The browser's own
start is not counted. The host's own boot timings (Pyodide runtime, packages, import)
are read from the extension. Firefox runs through tests/bench/boot_time_firefox.mjs.

Run:  .venv/bin/python tests/bench/boot_time.py [--runs 5] [--browser chromium|firefox|all]
Writes tests/bench/results/boot_time.json and prints a Markdown table for README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.saved_site import fixture_index, respond

PAGE = "orderdetails_one_parcel.html"
RESULTS = ROOT / "tests" / "bench" / "results"
STATUS_JS = ("() => chrome.runtime.sendMessage({target: 'background', type: 'host/status', "
             "payload: {}}).then(a => a.result)")


def chromium_run() -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    ext = ROOT / "dist" / "chrome"
    meta = fixture_index()[PAGE]
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True,
            args=["--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-sandbox",
                  f"--disable-extensions-except={ext}", f"--load-extension={ext}"])

        def handle(route):  # type: ignore[no-untyped-def]
            if not route.request.url.startswith("http"):
                return route.fallback()
            answer = respond(route.request.url, "none")
            if answer is None:
                return route.abort()
            return route.fulfill(status=answer.status, content_type=answer.content_type,
                                 body=answer.body, headers=answer.headers)

        ctx.route("**/*", handle)
        if not ctx.service_workers:
            ctx.wait_for_event("serviceworker")
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(meta["url"], wait_until="commit")
        panel = page.frame_locator('[data-testid="och-panel"]')
        panel.get_by_test_id("och-order-number").filter(has_text=meta["expect"]["number"]).wait_for(
            timeout=120_000)
        elapsed = (time.perf_counter() - t0) * 1000
        frame = page.query_selector('[data-testid="och-panel"]').content_frame()
        status = frame.evaluate(STATUS_JS)
        ctx.close()
    return {"page_to_order_ms": elapsed, "boot_path": status.get("boot_path"), "snapshot_error": status.get("snapshot_error"), **{k: v for k, v in status["timings"].items()
                                            if k.endswith("_ms")}}


def firefox_runs(runs: int) -> list[dict[str, float]]:
    out = subprocess.run(["node", str(ROOT / "tests/bench/boot_time_firefox.mjs"), str(runs)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(samples: list[dict[str, float]]) -> dict[str, float]:
    # warm_ms is there only when the status was read after the warm-up ran.
    keys = set.intersection(*(set(s) for s in samples))
    return {k: round(statistics.median(s[k] for s in samples), 1) for k in keys}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser", choices=["chromium", "firefox", "all"], default="all")
    args = parser.parse_args()
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
        f"{__import__('os').cpu_count()} cores", "runs": args.runs, "browsers": {}}
    if args.browser in ("chromium", "all"):
        samples = [chromium_run() for _ in range(args.runs)]
        results["browsers"]["chromium"] = {"median": summarise(samples), "samples": samples}  # type: ignore[index]
    if args.browser in ("firefox", "all"):
        samples = firefox_runs(args.runs)
        results["browsers"]["firefox"] = {"median": summarise(samples), "samples": samples}  # type: ignore[index]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "boot_time.json").write_text(json.dumps(results, indent=1) + "\n")
    print("| browser | page -> order read by Python (median) | Pyodide runtime | wheels | import py_core |")
    print("|---|---|---|---|---|")
    for name, data in results["browsers"].items():  # type: ignore[attr-defined]
        m = data["median"]
        print(f"| {name} | {m['page_to_order_ms']:.0f} ms | {m.get('runtime_ms', 0):.0f} ms | "
              f"{m.get('packages_ms', 0):.0f} ms | {m.get('import_ms', 0):.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
