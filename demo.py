#!/usr/bin/env python3
"""Try the helper without an Ozon order: ``.venv/bin/python demo.py`` (after ./setup.sh).

Opens Chromium (headed) with the built extension (dist/chrome) and serves a saved order
page at its real address (https://www.ozon.ru/my/orderdetails/?order=...), with a test
chat box on it: the panel reads the order, you pick a problem, it drafts, and Insert puts
the draft into the chat box. Nothing leaves this machine: every other address is refused,
and the page's Send button does nothing. Close the browser window to end the demo.

Without a display (no $DISPLAY or $WAYLAND_DISPLAY), it says so and prints the
command-line draft for the same page instead.

Options: --page NAME (a file in tests/fixtures/pages, default orderdetails_one_parcel.html),
--problem CODE (for the printed draft, default damaged), --lang en|zh|ru (the language beside it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from tests.e2e.saved_site import PAGES, SITE_BUILD, fixture_index, respond


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_cli_draft(page: str, problem: str, lang: str) -> int:
    command = [sys.executable, "-m", "py_core", "draft", str(PAGES / page), "--problem", problem, "--lang", lang]
    print("$ " + " ".join(["python", "-m", "py_core", "draft", f"tests/fixtures/pages/{page}",
                           "--problem", problem, "--lang", lang]), flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def open_browser(page: str, *, smoke: bool = False) -> int:
    from playwright.sync_api import Route, sync_playwright

    extension = ROOT / "dist" / "chrome"
    if not (extension / "manifest.json").exists():
        print("demo: dist/chrome is missing: run ./setup.sh (or python build.py) first", file=sys.stderr)
        return 1
    browser = chromium()
    if not browser:
        print("demo: Chromium is not installed: apt-get install -y chromium", file=sys.stderr)
        return 1
    # The test chat box the saved page gets (a small React app, built once).
    subprocess.run(["node", str(ROOT / "tests/e2e/site/build_site.mjs")], check=True, cwd=ROOT)
    assert (SITE_BUILD / "react-chat.js").exists()
    url = fixture_index()[page]["url"]

    def handle(route: Route) -> None:
        target = route.request.url
        if not target.startswith(("http://", "https://")):
            route.fallback()
            return
        answer = respond(target)
        if answer is None:
            route.abort()  # nothing leaves this machine
            return
        route.fulfill(status=answer.status, content_type=answer.content_type, body=answer.body,
                      headers=answer.headers)

    with tempfile.TemporaryDirectory(prefix="och-demo-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=browser, headless=smoke, no_viewport=not smoke,
            args=["--no-first-run", "--disable-background-networking", "--disable-sync",
                  "--window-size=1366,768",
                  f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        context.route("**/*", handle)
        tab = context.pages[0] if context.pages else context.new_page()
        tab.goto(url)
        if smoke:
            # A check that the demo works (tests/e2e/test_demo.py): the panel reads the order.
            number = fixture_index()[page]["expect"]["number"]
            panel = tab.frame_locator('[data-testid="och-panel"]')
            panel.get_by_test_id("och-order-number").filter(has_text=number).wait_for(timeout=90_000)
            print(f"demo: the panel read order {number}", flush=True)
            context.close()
            return 0
        print(f"demo: the saved order page is open at {url}\n"
              "      pick a problem in the panel, read the draft, press Insert. Close the window to end.",
              flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            context.wait_for_event("close", timeout=0)
        with contextlib.suppress(Exception):  # already closed by the user
            context.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="orderdetails_one_parcel.html",
                        choices=sorted(n for n in fixture_index() if n.startswith("orderdetails")))
    parser.add_argument("--problem", default="damaged")
    parser.add_argument("--lang", default="en", choices=["en", "zh", "ru"])
    parser.add_argument("--print", dest="print_only", action="store_true",
                        help="print the command-line draft even where a display exists")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        return open_browser(args.page, smoke=True)
    if args.print_only or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if not args.print_only:
            print("demo: no display here ($DISPLAY and $WAYLAND_DISPLAY are unset), so no browser window.\n"
                  "      This is the draft the panel would show for the same saved page:\n", flush=True)
        return print_cli_draft(args.page, args.problem, args.lang)
    return open_browser(args.page)


if __name__ == "__main__":
    sys.exit(main())
