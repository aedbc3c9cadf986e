"""What both browsers' halves of the benchmark share."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.saved_site import fixture_index, respond

__all__ = ["fixture_index", "respond"]

FIRST_PAGE = "orderdetails_one_parcel.html"
SECOND_PAGE = "orderdetails_several_parcels.html"
# Problems picked in turn for M2; neighbours always give different drafts.
PICK_CODES = ["damaged", "not_delivered", "late_delivery", "complaint", "product_question"]

# Runs inside the panel: click each problem, time click -> the draft box holds the new draft.
DRAFT_PICKS_JS = """async (codes) => {
  const draft = document.querySelector('[data-testid="och-draft"]');
  const times = [];
  for (const code of codes) {
    const before = draft.value;
    const t0 = performance.now();
    document.querySelector(`[data-testid="och-problem-${code}"]`).click();
    await new Promise((resolve, reject) => {
      const check = () => {
        if (draft.value && draft.value !== before) resolve();
        else if (performance.now() - t0 > 15000) reject(new Error(`no draft for ${code}`));
        else setTimeout(check, 0);
      };
      check();
    });
    times.push(performance.now() - t0);
  }
  return times;
}"""


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
