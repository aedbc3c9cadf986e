"""The Chromium half of the benchmark (M1-M4, M6), driven by Playwright.

Every run starts Chromium with a fresh profile and the extension under test (a copy of
dist/chrome with the benchmark's bare page added, see run.py), serving the saved Ozon
pages at their real addresses.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DRAFT_PICKS_JS,
    EARLY_PICKS,
    FIRST_PAGE,
    FIRST_PICK_JS,
    FRAME_TIMELINE_JS,
    IN_FRAME_WAIT_JS,
    ORDER_SHOWN_JS,
    PAGE_TIMELINE_JS,
    SECOND_PAGE,
    SETTLE_S,
    WARM_WAIT_S,
    chromium_path,
    fixture_index,
    pick_codes,
    respond,
    rss_of_profile,
    timeline,
    wait_for_release,
)

ARGS = ["--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-sandbox", "--disable-gpu"]
# Chromium 156 builds its omnibox popup (a WebUI page in a renderer of its own) as it
# starts: that renderer took 660 ms of CPU in the first 1.5 s on these 2-core machines,
# and the browser process 130 ms more than without it (one launch each way, session 16),
# while a page opened at once is loading. A buyer's Chromium does the same, so M1 is
# measured with the popup on; this switch turns off its three features for one
# diagnostic row, which shows how much of M1 at once is that part of Chromium's start.
OMNIBOX_WEBUI_OFF = "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"
STATUS_JS = ("() => chrome.runtime.sendMessage({target: 'background', type: 'host/status', "
             "payload: {}}).then(a => a?.result ?? null, () => null)")
MEMORY_JS = ("() => chrome.runtime.sendMessage({target: 'python-host', type: 'python/memory', "
             "payload: {}}).then(a => a?.result ?? null, () => null)")
CLOSE_JS = ("() => chrome.runtime.sendMessage({target: 'python-host-admin', type: 'host/close', "
            "payload: {}}).then(a => a?.result ?? null, () => null)")
CONTEXTS_JS = ("() => chrome.runtime.getContexts({contextTypes: ['OFFSCREEN_DOCUMENT']})"
               ".then(c => c.length)")


def _launch(p: Any, ext: Path, profile: str, *, devtools: bool = False, browser_args: Sequence[str] = ()) -> Any:
    """devtools: also open a remote-debugging port (any free one, written to the profile's
    DevToolsActivePort), for the Python worker's heap (worker_heap). browser_args: more
    command-line switches (benchmarks.ab --browser-arg)."""
    extra = ["--remote-debugging-port=0"] if devtools else []
    extra += browser_args
    ctx = p.chromium.launch_persistent_context(
        profile, executable_path=chromium_path(), headless=True,
        args=[*ARGS, *extra, f"--disable-extensions-except={ext}", f"--load-extension={ext}"])

    def handle(route: Any) -> Any:
        if not route.request.url.startswith("http"):
            return route.fallback()
        answer = respond(route.request.url, "none")
        if answer is None:
            return route.abort()
        return route.fulfill(status=answer.status, content_type=answer.content_type,
                             body=answer.body, headers=answer.headers)

    ctx.route("**/*", handle)
    if not ctx.service_workers:
        ctx.wait_for_event("serviceworker", timeout=60_000)
    return ctx


WORKER_HEAP_JS = Path(__file__).resolve().parent / "js" / "worker_heap.mjs"


def worker_heap(profile: str) -> dict[str, Any]:
    """The Python worker's JS heap ({used_bytes, total_bytes}; {} if it cannot be read),
    through the DevTools port of a browser launched with devtools=True."""
    try:
        port = (Path(profile) / "DevToolsActivePort").read_text().split()[0]
        done = subprocess.run(["node", str(WORKER_HEAP_JS), port], capture_output=True, text=True,
                              timeout=60, cwd=WORKER_HEAP_JS.parents[2], check=True)
        heap: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return heap
    except (OSError, IndexError, ValueError, subprocess.SubprocessError) as err:
        print(f"  (the Python worker's heap could not be read: {err})", flush=True)
        return {}


def _extension_id(ctx: Any) -> str:
    return str(ctx.service_workers[0].url.split("/")[2])


# How often the benchmark looks for the panel's frame from outside, before the check
# runs inside it (see _panel_poll and benchmarks/js/in_frame_wait.js).
FRAME_LOOK_S = 0.05


def _panel_frame(page: Any) -> Any:
    """The panel's frame, from the frame tree Playwright keeps from the browser's events.
    Not page.query_selector: the first query in a tab injects Playwright's selector engine
    into the page's renderer, ~40 ms of script on a core the new tab's panel needs (a trace
    of M3: 43 ms, while the panel's document was being committed; see BENCHMARKS.md, session 11).
    None if it is not there yet."""
    for frame in page.frames:
        if frame.url.startswith("chrome-extension://") and "/panel/panel.html" in frame.url:
            return frame
    return None


def _panel_poll(page: Any, js: str, arg: Any = None, timeout_s: float = 120) -> tuple[Any, Any]:
    """Wait until js answers in the panel; (the panel frame, its answer).

    The check runs inside the panel (every 4 ms, with the panel's own clock), and the
    frame is looked for from outside every 50 ms. The first version of this benchmark
    asked the frame from outside every 5 ms: three DevTools calls each time, through the
    browser process to the extension's renderer, which on two cores took CPU from the
    start being measured (the page opened at once: order read 1011 -> 931 ms median
    with a 100 ms poll, same build; see BENCHMARKS.md, session 10). Playwright's own
    waiting re-checks an out-of-process frame at growing intervals (up to 500 ms)."""
    waiter = f"([arg, ms]) => ({IN_FRAME_WAIT_JS})({js}, arg, ms)"
    end = time.monotonic() + timeout_s
    while True:
        try:
            frame = _panel_frame(page)
            left_ms = max(0.0, (end - time.monotonic()) * 1000)
            # In slices of 2 s: a frame that navigates meanwhile is looked for again.
            value = frame.evaluate(waiter, [arg, min(2000.0, left_ms)]) if frame else None
        except Exception:  # noqa: BLE001 - the frame is still loading or navigating
            value = None
        if value:
            return frame, value
        if time.monotonic() > end:
            raise TimeoutError(f"the panel never answered {js[:60]}")
        # Not time.sleep: Playwright's sync API handles the browser's events, and so
        # updates page.frames, only while one of its calls is running.
        page.wait_for_timeout(FRAME_LOOK_S * 1000)


def _wait_warm(frame: Any, timeout_s: float = WARM_WAIT_S) -> float | None:
    """Wait until the host says its warm-up after the first order read is done; how long
    that took (ms), or None if it did not finish within timeout_s (then M2 goes on)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        status = frame.evaluate(STATUS_JS) or {}
        if "warm_drafts_ms" in (status.get("timings") or {}):
            return round((time.monotonic() - t0) * 1000, 1)
        time.sleep(0.1)
    return None


def cold_run(ext: Path, *, full: bool, settle: bool = False, browser_args: Sequence[str] = ()) -> dict[str, Any]:
    """M1 (and, when full, M2, M3 and M6) in one fresh browser; settle: the page opened
    SETTLE_S after the browser started, not at once; browser_args: more switches for it."""
    from playwright.sync_api import sync_playwright

    index = fixture_index()
    meta = index[FIRST_PAGE]
    out: dict[str, Any] = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="och-bench-") as profile:
        # (Only a full run reads the Python worker's heap, M6, through a DevTools port.)
        ctx = _launch(p, ext, profile, devtools=full, browser_args=browser_args)
        try:
            if settle:
                time.sleep(SETTLE_S)
            page = ctx.new_page()
            page.goto(meta["url"], wait_until="commit")
            # Nothing is run in the page until its order is shown: every call into the page
            # takes CPU from the start being measured. Its clock origin is read afterwards,
            # which is safe because it never changes.
            frame, shown = _panel_poll(page, ORDER_SHOWN_JS, meta["expect"]["number"], timeout_s=30)
            nav = page.evaluate("() => performance.timeOrigin")
            out["order_read_ms"] = shown["at"] - nav
            out["order_seen_ms"] = shown["seen"] - nav
            # The first pick, clicked and timed inside the panel, as in Firefox. (Until
            # session 20: Playwright's click, then polling for the draft from outside the
            # panel, which together added ~200-250 ms.)
            clicked, drafted = frame.evaluate(FIRST_PICK_JS, "damaged")
            out["first_draft_ms"] = drafted - nav
            out["first_pick_ms"] = drafted - clicked
            status = frame.evaluate(STATUS_JS) or {}
            out["boot_path"] = status.get("boot_path") or "normal (before issue 9)"
            out["snapshot_error"] = status.get("snapshot_error")
            timings = status.get("timings", {})
            if "started_at" in timings and "total_ms" in timings:
                out["core_ready_ms"] = timings["started_at"] + timings["total_ms"] - nav
            out["host"] = {k: round(v, 1) for k, v in timings.items() if k.endswith("_ms")}
            if "first_extract_at" in timings:
                out["host"]["first_extract_at_ms"] = round(timings["first_extract_at"] - nav, 1)
            out["timeline"] = timeline(page.evaluate(PAGE_TIMELINE_JS), frame.evaluate(FRAME_TIMELINE_JS),
                                       status.get("marks") or {}, out["order_read_ms"])
            if not full:
                return out
            # M2: picks, each timed inside the panel from the click to the new draft. First
            # EARLY_PICKS right after the first draft, while the host's warm-up still runs;
            # then, once the warm-up is done (as a buyer who read the panel meets it), 50.
            out["pick_early_ms"] = frame.evaluate(DRAFT_PICKS_JS, pick_codes(EARLY_PICKS))
            out["warm_wait_ms"] = _wait_warm(frame)
            line_before = (frame.evaluate(STATUS_JS) or {}).get("panel_line_calls") or 0
            out["pick_ms"] = frame.evaluate(DRAFT_PICKS_JS, pick_codes(50))
            # How many of py_core's requests during the 50 picks came over the panel's own
            # line to Python (none before session 12; in Firefox none before session 13).
            line_after = (frame.evaluate(STATUS_JS) or {}).get("panel_line_calls") or 0
            out["panel_line_calls"] = line_after - line_before
            # M6: after those drafts (>= 20), the host's own figures and the browser's RSS.
            out["memory"] = frame.evaluate(MEMORY_JS) or {}  # builds before issue 9: none
            if out["memory"].get("js_heap_bytes") is None:
                out["memory"]["js_heap_bytes"] = worker_heap(profile).get("used_bytes")
            out["memory"]["browser_rss_bytes"] = rss_of_profile(profile)
            out["memory"]["extension_rss_bytes"] = rss_of_profile(profile, extension_only=True)
            # M3: another order page in a new tab of the running browser.
            meta2 = index[SECOND_PAGE]
            tab = ctx.new_page()
            tab.goto(meta2["url"], wait_until="commit")
            frame2, shown2 = _panel_poll(tab, ORDER_SHOWN_JS, meta2["expect"]["number"], timeout_s=60)
            nav2 = tab.evaluate("() => performance.timeOrigin")
            out["second_tab_ms"] = shown2["at"] - nav2
            out["second_tab_seen_ms"] = shown2["seen"] - nav2
            out["second_tab_timeline"] = timeline(
                tab.evaluate(PAGE_TIMELINE_JS), frame2.evaluate(FRAME_TIMELINE_JS), {}, out["second_tab_ms"])
            tab.close()
            # M6 after the host closes (what the idle check does after 10 minutes).
            # (Read before the close: the memory can go within the moment the close takes.)
            up = rss_of_profile(profile, extension_only=True) or 0
            closed = frame.evaluate(CLOSE_JS) or {}
            out["memory"]["returned_after_s"] = wait_for_release(
                lambda: rss_of_profile(profile, extension_only=True) or 0, up)
            out["memory"]["closed"] = bool(closed.get("closed"))
            out["memory"]["offscreen_documents_after_close"] = frame.evaluate(CONTEXTS_JS)
            out["memory"]["browser_rss_after_close_bytes"] = rss_of_profile(profile)
            out["memory"]["extension_rss_after_close_bytes"] = rss_of_profile(
                profile, extension_only=True)
            return out
        finally:
            ctx.close()


def bare_run(ext: Path, page_name: str, *, settle: bool = False) -> dict[str, Any]:
    """M4: bare loadPyodide() in a plain extension page, fresh profile; settle: the page
    opened SETTLE_S after the browser started (as for M1 settled), not at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="och-bench-") as profile:
        ctx = _launch(p, ext, profile)
        try:
            if settle:
                time.sleep(SETTLE_S)
            page = ctx.new_page()
            page.goto(f"chrome-extension://{_extension_id(ctx)}/bench/{page_name}",
                      wait_until="commit")
            page.wait_for_function("() => window.benchDone", timeout=120_000, polling=20)
            result: dict[str, Any] = page.evaluate("() => window.benchDone")
            if result.get("error"):
                raise RuntimeError(f"bare loadPyodide failed: {result['error']}")
            return result
        finally:
            ctx.close()
