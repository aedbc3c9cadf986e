"""Chromium end-to-end fixtures: one persistent browser with the built extension for the
whole session (browsers start slowly on these machines), the saved Ozon site routed at its
real addresses, and a record of every request that left the page or the extension."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from .saved_site import ROOT, SITE_BUILD, fixture_index, respond

EXTENSION = Path(os.environ.get("OCH_DIST") or ROOT / "dist").resolve() / "chrome"


# Never Send, for every Chromium suite: in every frame of every page, a click on the test
# chat's Send button or Enter in its chat box is reported to Python, even from a page the
# test has closed since; the `never_send` fixture fails any test that saw one.
SEND_WATCH = """(() => {
  const report = (what) => { try { window.__ochSendWatch(what, location.href); } catch (e) {} };
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="page-send"]')) report('send');
  }, true);
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target instanceof Element
        && e.target.closest('[data-testid="page-composer"], #chat-root')) report('enter');
  }, true);
})();"""


class Site:
    """Routing state the tests may change between pages."""

    def __init__(self) -> None:
        self.chat_mode = "open"
        self.chat = "react"  # which test chat box the pages get (saved_site.CHATS)
        self.foreign_requests: list[str] = []
        self.sends: list[tuple[str, str]] = []  # (send|enter, page address), see SEND_WATCH

    def handle(self, route: Route) -> None:
        url = route.request.url
        if not url.startswith(("http://", "https://")):
            # The extension's own files (chrome-extension://) pass through untouched.
            route.fallback()
            return
        answer = respond(url, self.chat_mode, self.chat)
        if answer is None:
            # Nothing leaves this machine: unknown addresses are recorded and refused.
            self.foreign_requests.append(url)
            route.abort()
            return
        route.fulfill(status=answer.status, content_type=answer.content_type,
                      body=answer.body, headers=answer.headers)


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: apt-get install -y chromium")


def launch_with_extension(playwright: Playwright, profile: Path, handle: Any,
                          extension: Path = EXTENSION, *flags: str) -> BrowserContext:
    """Chromium with the built extension in a fresh persistent profile (headless, no
    first-run, background services or sync), every request routed to ``handle``; ``flags``
    go on its command line too."""
    ctx = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path(),
        headless=True,
        args=[
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-sandbox", "--disable-gpu", *flags,
            f"--disable-extensions-except={extension}", f"--load-extension={extension}",
        ],
    )
    ctx.route("**/*", handle)
    return ctx


@pytest.fixture(scope="session")
def site() -> Site:
    if not (EXTENSION / "manifest.json").exists():
        pytest.fail("dist/chrome is missing: run `python build.py` first")
    subprocess.run(["node", str(ROOT / "tests/e2e/site/build_site.mjs")], check=True, cwd=ROOT)
    assert (SITE_BUILD / "react-chat.js").exists()
    return Site()


@pytest.fixture(scope="session")
def extension_context(playwright: Playwright, site: Site,
                      tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    ctx = launch_with_extension(playwright, tmp_path_factory.mktemp("chromium-profile"),
                                site.handle)
    ctx.expose_binding("__ochSendWatch", lambda _source, what, url: site.sends.append((what, url)))
    ctx.add_init_script(SEND_WATCH)
    yield ctx
    ctx.close()


@pytest.fixture(autouse=True)
def never_send(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that used the browser: its Send button was never clicked, Enter never
    pressed in its chat box."""
    yield
    if "site" in request.fixturenames:
        site: Site = request.getfixturevalue("site")
        sends, site.sends = site.sends, []
        assert sends == [], f"Send was pressed: {sends}"


@pytest.fixture
def context(extension_context: BrowserContext, site: Site) -> Iterator[BrowserContext]:
    """pytest-playwright's `context`, replaced by the shared extension browser."""
    site.chat_mode = "open"
    site.chat = "react"
    yield extension_context


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def extension_id(extension_context: BrowserContext) -> str:
    workers = extension_context.service_workers or [extension_context.wait_for_event("serviceworker")]
    return workers[0].url.split("/")[2]


def panel_frame(page: Page) -> Any:
    """The panel's frame (an extension page inside the Ozon page)."""
    page.wait_for_selector('[data-testid="och-panel"]', state="attached", timeout=15_000)
    return page.frame_locator('[data-testid="och-panel"]')


def panel_frame_object(page: Page) -> Any:
    """The panel's Frame (to evaluate script in it), found in the page's frame tree."""
    for frame in page.frames:
        if "/panel/panel.html" in frame.url:
            return frame
    raise AssertionError("no panel frame")


def open_order(page: Page, name: str = "orderdetails_one_parcel.html") -> tuple[Any, dict[str, Any]]:
    """Open a saved order page; the panel once it shows the order number, and the page's
    index entry."""
    meta = fixture_index()[name]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number")).to_have_text(
        meta["expect"]["number"], timeout=60_000)
    return panel, meta


def react_state(page: Page) -> dict[str, object]:
    """What the test React chat's own state holds (site/react_chat.jsx)."""
    raw = page.get_by_test_id("page-react-state").text_content() or "{}"
    return dict(json.loads(raw))
