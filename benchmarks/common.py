"""What both browsers' halves of the benchmark share."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.saved_site import fixture_index, respond

__all__ = ["fixture_index", "respond"]

FIRST_PAGE = "orderdetails_one_parcel.html"
SECOND_PAGE = "orderdetails_several_parcels.html"
# Problems picked in turn for M2; neighbours always give different drafts.
PICK_CODES = ["damaged", "not_delivered", "late_delivery", "complaint", "product_question"]
# M2's picks right after the first draft (the host's warm-up still running), before the 50.
EARLY_PICKS = 10
# How long M2 waits at most for the host's warm-up to finish.
WARM_WAIT_S = 15
# M1 settled: the first order page opened this long after the browser (and the extension)
# started, as a buyer's first click comes; plain M1 opens it the moment the extension runs,
# while the browser itself is still starting (the worst case: a restored Ozon tab).
SETTLE_S = 2.0


def pick_codes(n: int) -> list[str]:
    """The problems M2 picks, in turn (the first draft's "damaged" comes last in a round)."""
    return [PICK_CODES[i % len(PICK_CODES)] for i in range(1, n + 1)]

# Run inside the panel or the page (both browsers' halves read the same files).
JS = ROOT / "benchmarks" / "js"
# Clicks each problem, times click -> the draft box holds the new draft: (codes) => [ms].
DRAFT_PICKS_JS = (JS / "draft_picks.js").read_text()
# Clicks the first problem inside the panel and waits until the draft box holds a draft:
# (code) => [clicked, drafted], both wall-clock ms.
FIRST_PICK_JS = (JS / "first_pick.js").read_text()
# The page's navigation timing and the content script's marks; the panel frame's clock.
PAGE_TIMELINE_JS = (JS / "page_timeline.js").read_text()
FRAME_TIMELINE_JS = (JS / "frame_timeline.js").read_text()
# In the panel: (number) => null, or {at, seen}: when the order number was shown, when seen.
ORDER_SHOWN_JS = (JS / "order_shown.js").read_text()
# In the panel: (check, arg, ms) => check(arg) run every 4 ms until it answers or ms pass.
IN_FRAME_WAIT_JS = (JS / "in_frame_wait.js").read_text().strip()

# The timeline of M1, in the order things happen: (label, where it comes from).
TIMELINE = [
    ("content script started", "mark:och-content-start"),
    ("boot asked by the content script", "host:content_asked"),
    ("boot relayed by the service worker (Chrome)", "host:relayed"),
    ("host's home opened (offscreen document, Chrome)", "host:home_opened"),
    ("Python and fetch workers started (Chrome)", "host:workers_started"),
    ("host created (Python worker / background page)", "host:host_created"),
    ("host prepared, before any ask (Chrome: as its home opens; Firefox: as the browser starts)", "host:prepared"),
    ("host boot started", "host:boot_started"),
    ("the boot's files asked for (Chrome: by the fetch worker)", "host:fetch_started"),
    ("boot asked at the host", "host:boot_asked"),
    ("held files asked for, at the ask (python_stdlib.zip, snapshot.bin)", "host:fetch_released"),
    ("runtime wasm compiled", "host:wasm_compiled"),
    ("site.bin fetched", "host:site_fetched"),
    ("pydantic-core .so compiled", "host:so_compiled"),
    ("python_stdlib.zip fetched", "host:stdlib_fetched"),
    ("runtime script imported", "host:runtime_script_loaded"),
    ("restore: loadPyodide started (the snapshot's header and the runtime's script here)", "host:load_started"),
    ("restore: site files here (awaited in the runtime's preRun)", "host:site_ready"),
    ("normal boot: its files and the runtime's script here (loadPyodide starts)", "host:fetched"),
    ("runtime module factory called", "host:module_factory"),
    ("runtime ready to be instantiated (waits for the compiled wasm)", "host:instantiate_asked"),
    ("runtime instantiated (preRun)", "host:instantiated"),
    ("pydantic-core .so instantiated", "host:so_loaded"),
    ("snapshot.bin fetched", "host:snapshot_fetched"),
    ("heap written into the wasm memory", "host:heap_written"),
    ("snapshot restored (loadPyodide done)", "host:restored"),
    ("core ready (smoke call done)", "host:core_ready"),
    ("page DOMContentLoaded", "page:dom_content_loaded"),
    ("panel frame created", "frame:origin"),
    ("panel: its script started (asks the background for the nonce)", "frame-mark:och-panel-script"),
    ("panel DOMContentLoaded", "frame:dom_content_loaded"),
    ("panel: nonce received from the background", "frame-mark:och-panel-nonce"),
    ("panel: the content script's port accepted", "frame-mark:och-panel-port"),
    ("panel loaded", "frame:load"),
    ("page snapshot sent to the background to be read ahead", "mark:och-prefetch-sent"),
    ("page snapshot sent to the panel", "mark:och-snapshot-sent"),
    ("page load event", "page:load"),
    ("panel: settings and texts ready", "frame-mark:och-panel-started"),
    ("panel: host answered boot", "frame-mark:och-panel-engine"),
    ("panel: the order read ahead shown, before the port (a new tab)", "frame-mark:och-panel-read-ahead"),
    ("panel: snapshot received", "frame-mark:och-panel-snapshot"),
    ("panel: ready to ask for the extract", "frame-mark:och-panel-waited"),
    ("extract asked at the host", "host:extract_asked"),
    ("extract done at the host", "host:extract_done"),
    ("panel: extract answered", "frame-mark:och-panel-extracted"),
    ("panel: order number put in", "frame-mark:och-panel-shown"),
    ("panel: next frame painting", "frame-mark:och-panel-painting"),
    ("order visible in the panel (M1)", "order_read_ms"),
]

# Stages renamed after results were saved: those figures are shown under the new name.
RENAMED_STAGES = {
    "host prepared: the runtime set up before any ask (Chrome)": "host prepared, before any ask (Chrome: as its home opens; Firefox: as the browser starts)",
    "held files asked for, at the ask (Firefox only: python_stdlib.zip, snapshot.bin)": "held files asked for, at the ask (python_stdlib.zip, snapshot.bin)",
}


def timeline(page: dict[str, Any], frame: dict[str, Any], host_marks: dict[str, float],
             order_read_ms: float) -> dict[str, float]:
    """Each TIMELINE stage in ms since navigation start (the page's timeOrigin)."""
    nav = float(page["origin"])
    frame_origin = float(frame.get("origin") or 0)
    out: dict[str, float] = {}
    for label, source in TIMELINE:
        kind, _, key = source.partition(":")
        value: float | None = None
        if kind == "mark":
            value = page.get("marks", {}).get(key)
        elif kind == "host" and host_marks.get(key):
            value = host_marks[key] - nav
        elif kind == "page":
            value = page.get(key) or None
        elif kind == "frame" and frame_origin:
            value = frame_origin - nav + (0 if key == "origin" else frame.get(key) or 0)
        elif kind == "frame-mark" and frame_origin and key in frame.get("marks", {}):
            value = frame_origin - nav + frame["marks"][key]
        elif kind == "order_read_ms":
            value = order_read_ms
        if value is not None:
            out[label] = round(float(value), 1)
    return out


# After the host closes, its memory goes back once the browser collects it: wait until the
# extension's process has given back at least this much, or RELEASE_WAIT_S have passed.
RELEASE_MB = 80
RELEASE_WAIT_S = 30


def wait_for_release(rss: Callable[[], int], up: int) -> float | None:
    """Seconds until rss() fell RELEASE_MB below `up`; None if it did not within the wait."""
    start = time.monotonic()
    while time.monotonic() - start < RELEASE_WAIT_S:
        time.sleep(1)
        if up - rss() >= RELEASE_MB * 1e6:
            return round(time.monotonic() - start, 1)
    return None


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("Chromium is not installed: apt-get install -y chromium")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
    except OSError:
        pass
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().split(b"\0")
    except OSError:
        return []


def _is_extension_process(cmd: list[bytes]) -> bool:
    # Chromium's extension renderer; Firefox's content process of remote type "extension".
    # (Zygote and fork-server children rewrite their command line as one spaced string.)
    words = b" ".join(cmd).split()
    return b"--extension-process" in words or (b"-contentproc" in words and words[-1:] == [b"extension"])


def rss_of_tree(pid: int, *, extension_only: bool = False) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in bytes;
    with extension_only, of the browser's extension processes among them only."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if not extension_only or _is_extension_process(_cmdline(current)):
            total += _rss(current)
        todo += _children(current)
    return total


def browser_pid(profile: str) -> int | None:
    """The main process of the browser started with this profile folder."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        cmd = _cmdline(int(entry))
        if any(profile.encode() in part for part in cmd) and not any(
                b"--type=" in part for part in cmd):
            return int(entry)
    return None


def rss_of_profile(profile: str, *, extension_only: bool = False) -> int | None:
    """The RSS of the browser started with this profile folder (and its children)."""
    pid = browser_pid(profile)
    return None if pid is None else rss_of_tree(pid, extension_only=extension_only)
