"""The trust suite's Chromium: the built extension in a persistent profile, every page served
by interception (the generated hostile pages, a control copy of them on a host the
extension does not run on, and the saved Ozon site), and every request that tried to leave
the browser caught by a local proxy that refuses it."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e.conftest import EXTENSION, launch_with_extension
from e2e.saved_site import respond
from playwright.sync_api import BrowserContext, Frame, Page, Playwright, Request, Route

from .hostile_pages import HostilePage, browser_sample, generate, make_page

CONTROL_HOST = "control.och-trust.test"  # a host the content script does not run on
# Chromium's own services, which the browser itself calls whatever the flags (component and
# extension updates, autofill, sign-in): not the extension's requests. Exact hosts only, so
# that anything new fails the tests until someone looks at it.
BROWSER_OWN = {"update.googleapis.com", "content-autofill.googleapis.com", "accounts.google.com",
               "optimizationguide-pa.googleapis.com", "clients2.google.com"}
SERVED = re.compile(r"(www\.)?ozon\.(ru|kz|by)|" + re.escape(CONTROL_HOST))


class Outside(socketserver.ThreadingTCPServer):
    """A proxy that lets nothing through: it records the first line of every request."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _OutsideHandler)

    def leaks(self, since: int = 0) -> list[str]:
        """What reached the proxy, less the browser's own services and the preconnects
        (CONNECT, no data) it opens to the hosts the tests serve by interception."""
        out = []
        for line in self.seen[since:]:
            if not line.strip():
                continue  # a connection closed before it sent a request line names no one
            parts = line.split()
            target = parts[1] if len(parts) > 1 else line
            host = (urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]) or ""
            if host in BROWSER_OWN or (parts[:1] == ["CONNECT"] and SERVED.fullmatch(host)):
                continue
            out.append(line)
        return out

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _OutsideHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(2000).decode("latin-1").strip()
        assert isinstance(self.server, Outside)
        self.server.seen.append(line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class TrustSite:
    def __init__(self) -> None:
        self.pages: dict[str, HostilePage] = {}
        self.requests: list[str] = []  # every request the pages and the panel made
        self.foreign: list[str] = []  # those no page of ours answers

    def serve(self, page: HostilePage) -> HostilePage:
        self.pages[page.url] = page
        return page

    def control_url(self, page: HostilePage) -> str:
        return f"https://{CONTROL_HOST}/{page.name}"

    def handle(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if not url.startswith(("http://", "https://")):
            route.fallback()
            return
        found = self.pages.get(url)
        if found is None and urlsplit(url).hostname == CONTROL_HOST:
            found = next((p for p in self.pages.values() if self.control_url(p) == url), None)
        if found is not None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=found.html)
            return
        answer = respond(url)
        if answer is None:
            self.foreign.append(url)
            route.abort()
            return
        route.fulfill(status=answer.status, content_type=answer.content_type, body=answer.body,
                      headers=answer.headers)


def launch(playwright: Playwright, profile: Path, outside: Outside, site: TrustSite,
           extension: Path = EXTENSION) -> BrowserContext:
    return launch_with_extension(playwright, profile, site.handle, extension,
                                 "--disable-domain-reliability", f"--proxy-server={outside.url}",
                                 "--proxy-bypass-list=<-loopback>")


def js_probe(name: str) -> str:
    """The source of ``export const <name> = ...`` in probes.mjs (the Firefox suite imports the
    same functions), for ``evaluate``."""
    text = (Path(__file__).parent / "probes.mjs").read_text(encoding="utf-8")
    found = re.search(rf"^export const {name} = (.*?)(?=^export |^//|\Z)", text,
                      re.MULTILINE | re.DOTALL)
    if not found:
        raise LookupError(f"no probe {name} in tests/trust/probes.mjs")
    return found[1].strip().removesuffix(";")


def extension_id_of(ctx: BrowserContext) -> str:
    workers = ctx.service_workers or [ctx.wait_for_event("serviceworker", timeout=30_000)]
    return workers[0].url.split("/")[2]


@pytest.fixture(scope="session")
def hostile_pages() -> list[HostilePage]:
    return generate()


@pytest.fixture(scope="session")
def sample(hostile_pages: list[HostilePage]) -> list[HostilePage]:
    return browser_sample(hostile_pages, 30)


@pytest.fixture(scope="session")
def clean_page() -> HostilePage:
    return make_page(7, clean=True)


@pytest.fixture(scope="session")
def outside() -> Iterator[Outside]:
    server = Outside()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def trust_site() -> TrustSite:
    if not (EXTENSION / "manifest.json").exists():
        pytest.fail("dist/chrome is missing: run `python build.py` first")
    return TrustSite()


@pytest.fixture(scope="session")
def trust_context(playwright: Playwright, outside: Outside, trust_site: TrustSite,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    ctx = launch(playwright, tmp_path_factory.mktemp("trust-profile"), outside, trust_site)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def ext_id(trust_context: BrowserContext) -> str:
    return extension_id_of(trust_context)


@pytest.fixture
def tab(trust_context: BrowserContext) -> Iterator[Page]:
    page = trust_context.new_page()
    yield page
    page.close()


def panel_of(page: Page, timeout: float = 30_000) -> Frame:
    """The panel's frame (the one the content script made, not one the page made)."""
    page.wait_for_selector('[data-testid="och-panel"]', state="attached", timeout=timeout)
    handle = page.query_selector('[data-testid="och-panel"]')
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_load_state("domcontentloaded")
    return frame


def extension_page(ctx: BrowserContext, ext_id: str) -> Page:
    page = ctx.new_page()
    page.goto(f"chrome-extension://{ext_id}/options/options.html")
    return page


def ask(page: Page, request: str, payload: Any = None) -> Any:
    """A runtime message from an extension page to the background; its whole answer."""
    return page.evaluate(
        "([type, payload]) => chrome.runtime.sendMessage({target: 'background', type, payload})",
        [request, payload or {}],
    )


def record_requests(ctx: BrowserContext) -> tuple[list[str], Any]:
    seen: list[str] = []

    def on_request(request: Request) -> None:
        seen.append(request.url)

    ctx.on("request", on_request)
    return seen, on_request
