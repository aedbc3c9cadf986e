"""What both languages know, each defined in one hand-written place.

For each shared constant this test names its source and every hand-written copy it finds,
and fails when a copy disagrees with the source: the Ozon hosts, the order-number pattern,
the snapshot limits and the held draft's lifetime. (The build cannot write these copies
yet; until it does, this test is what keeps them from drifting.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"

#: Copies we may not edit here, each with why and when it goes. The test fails when one of
#: them agrees again (so the exception is removed), or when any other copy disagrees.
KNOWN_DISAGREEMENTS = {
    ("order number", "extension/panel/panel.js"): (
        "2026-11-28: the panel (being rebuilt by another helper) scans free text for "
        r"\d{6,12}-\d{4}; to follow py_core's pattern at the next merge"
    ),
}


def _text(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def _js_number(relative: str, name: str) -> int:
    """The value of ``const NAME = 10 * 60 * 1000;`` (digits, ``_`` and ``*`` only)."""
    match = re.search(rf"\b{name}\s*=\s*([\d_ *]+);", _text(relative))
    assert match, f"{relative} no longer defines {name}"
    value = 1
    for factor in match.group(1).split("*"):
        value *= int(factor.strip().replace("_", ""))
    return value


def _py_number(relative: str, name: str) -> int:
    match = re.search(rf"^{name}\s*=\s*([\d_]+)\s*$", _text(relative), re.MULTILINE)
    assert match, f"{relative} no longer defines {name}"
    return int(match.group(1).replace("_", ""))


def _hosts_of_matches(patterns: list[str]) -> list[str]:
    return [re.fullmatch(r"https://([^/]+)/\*", p).group(1) for p in patterns]  # type: ignore[union-attr]


def _copies() -> dict[str, tuple[tuple[str, object], dict[str, object]]]:
    """For each constant: (source file, value) and {copy file: value}."""
    manifest = json.loads(_text("manifest.json"))
    hosts = sorted(_hosts_of_matches(manifest["content_scripts"][0]["matches"]))
    bare = sorted({host.removeprefix("www.") for host in hosts})
    selectors = re.search(r"OZON_HOSTS\s*=\s*(\[[^\]]*\])", _text("extension/content/selectors.js"))
    menu = re.search(
        r"OZON_PAGES\s*=\s*(\[[^\]]*\])", _text("extension/background/context_menu.js")
    )
    assert selectors and menu
    host_copies: dict[str, object] = {
        "extension/content/selectors.js": sorted(json.loads(selectors.group(1))),
        "extension/background/context_menu.js": sorted(
            _hosts_of_matches(json.loads(menu.group(1)))
        ),
        "py_core/data/page.json": sorted(
            f"{www}{host}"
            for host in json.loads(_text("py_core/data/page.json"))["hosts"]
            for www in ("", "www.")
        ),
    }
    for index, block in enumerate(manifest["web_accessible_resources"]):
        host_copies[f"manifest.json web_accessible_resources[{index}]"] = sorted(
            _hosts_of_matches(block["matches"])
        )
    assert bare, "the manifest matches no Ozon host"

    source_pattern = re.search(
        r'ORDER_NUMBER_RE = re\.compile\(r"([^"]+)"\)', _text("py_core/models.py")
    )
    assert source_pattern
    core = re.search(r"\\d\{[\d,]+\}-\\d\{4\}", source_pattern.group(1))
    assert core
    number_copies: dict[str, object] = {}
    for path in sorted(EXTENSION.rglob("*.js")):
        for found in re.findall(r"\\d\{[\d,]+\}-\\d\{4\}", path.read_text(encoding="utf-8")):
            number_copies[str(path.relative_to(ROOT))] = found

    limits = ("MAX_TEXT", "MAX_STATE", "MAX_WIDGETS", "MAX_PARCELS")
    snapshot = "extension/content/snapshot.js"
    return {
        "hosts": (("manifest.json content_scripts", hosts), host_copies),
        "order number": (("py_core/models.py ORDER_NUMBER_RE", core.group(0)), number_copies),
        **{
            f"snapshot {name}": (
                (snapshot, _js_number(snapshot, name)),
                {"py_core/extract.py": _py_number("py_core/extract.py", f"_{name}")},
            )
            for name in limits
        },
        "held draft lifetime": (
            (
                "extension/background/router.js",
                _js_number("extension/background/router.js", "HELD_DRAFT_MS"),
            ),
            {
                "extension/content/held_draft.js": _js_number(
                    "extension/content/held_draft.js", "HOLD_MS"
                )
            },
        ),
    }


COPIES = _copies()


@pytest.mark.parametrize("constant", sorted(COPIES))
def test_every_copy_agrees_with_its_source(constant: str) -> None:
    (source, value), copies = COPIES[constant]
    assert copies or constant == "order number", (
        f"{constant}: no copy found; is the test still looking?"
    )
    disagree = {where: copy for where, copy in copies.items() if copy != value}
    known = {where for (name, where) in KNOWN_DISAGREEMENTS if name == constant}
    assert set(disagree) == known, (
        f"{constant} is defined in {source} as {value!r}; copies that disagree: {disagree} "
        f"(known: {sorted(known)})"
    )
