"""What both languages know, each defined in one hand-written place; the rest generated.

The one source of each shared constant:

- the Ozon hosts: ``py_core/data/page.json`` ``hosts``;
- the order- and parcel-number patterns: ``py_core/models.py`` ``ORDER_NUMBER_RE``,
  ``POSTING_NUMBER_RE``;
- the problem and channel codes: ``py_core/models.py`` ``ProblemCode``, ``ChannelCode``
  (the data files are keyed by them);
- the snapshot limits: ``page.json`` ``snapshot.limits``;
- the held draft's lifetime: ``py_core/data/extension.json``;
- the bridge's requests: ``py_core/registry.py`` ``ENDPOINTS``;
- the problem labels: ``py_core/data/problems.json`` (``label``, and ``short_label`` that
  the build writes into the extension's ``_locales`` as ``problem_<code>``).

``extension/shared/contract.js`` and the manifest's ``matches`` are generated from them
(``py_core/devtools/contract_js.py``, called by build.py). These tests fail when the
committed contract is stale, and when a hand-written file defines one of the constants
itself: a list of Ozon hosts, an order-number regex, a limit number, a list of codes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from py_core._data import load_data
from py_core.devtools.contract_js import (
    CONTRACT_PATH,
    LOCALE_FOLDERS,
    MATCHES_MARKER,
    contract_module,
    fill_manifest_matches,
    manifest_matches,
    problem_messages,
    write_contract,
)
from py_core.models import ORDER_NUMBER_RE, POSTING_NUMBER_RE, ChannelCode, ProblemCode

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
CONTRACT = EXTENSION / CONTRACT_PATH
DIST = ROOT / "dist"


def _hand_written() -> dict[str, str]:
    """Every hand-written source file that could hold a copy, by path: the extension's JS
    and HTML (not the generated contract) and py_core's Python."""
    files = [
        *EXTENSION.rglob("*.js"),
        *EXTENSION.rglob("*.mjs"),
        *EXTENSION.rglob("*.html"),
        *(ROOT / "py_core").rglob("*.py"),
    ]
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted(files)
        if path != CONTRACT
    }


def _code_lines(text: str) -> str:
    """The text without whole-line comments (``//``, ``*``, ``#``): comments may give examples."""
    return "\n".join(
        line for line in text.splitlines() if not re.match(r"\s*(//|/?\*|#)", line)
    )


HAND_WRITTEN = _hand_written()
SITES: list[str] = load_data("page")["hosts"]
_HOST = r"(?:www\.)?(?:" + "|".join(re.escape(site) for site in SITES) + r")"


def test_the_committed_contract_is_current() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == contract_module(), (
        f"{CONTRACT.relative_to(ROOT)} is stale: run `python -m py_core.devtools.contract_js`"
    )


def test_the_files_are_seen() -> None:
    """The scan below reads the files that used to hold copies (it is still looking)."""
    for path in ("extension/content/selectors.js", "extension/background/router.js",
                 "extension/content/snapshot.js", "extension/panel/problem.js",
                 "py_core/extract.py", "py_core/models.py"):
        assert path in HAND_WRITTEN, path


def test_no_hand_written_host_list() -> None:
    """A string naming two Ozon sites, two quoted Ozon hosts on one line, or a regex of Ozon
    hosts: a list of hosts. One default site ("ozon.ru") is not a list."""
    offenders = []
    for path, text in HAND_WRITTEN.items():
        for line in _code_lines(text).splitlines():
            quoted = re.findall(rf"""["'`](?:https://)?{_HOST}(?:/[^"'`]*)?["'`]""", line)
            if len(quoted) > 1 or re.search(r"ozon\\\.\(", line):
                offenders.append(f"{path}: {line.strip()}")
    assert not offenders, "Ozon hosts listed by hand (use contract.js OZON_HOSTS):\n" + "\n".join(
        offenders
    )


def test_the_manifest_lists_no_hosts_and_the_build_fills_them() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    blocks = [*manifest["content_scripts"], *manifest["web_accessible_resources"]]
    assert blocks and all(block["matches"] == MATCHES_MARKER for block in blocks)
    filled = fill_manifest_matches(manifest)
    assert all(
        block["matches"] == manifest_matches()
        for block in [*filled["content_scripts"], *filled["web_accessible_resources"]]
    )
    with pytest.raises(ValueError, match="lists its own hosts"):
        fill_manifest_matches({"content_scripts": [{"matches": ["https://ozon.ru/*"]}]})


def _built(flavour: str) -> Path:
    """dist/<flavour>. A developer running the unit tests before a build gets a skip;
    under CI (run-tests.sh builds first) a missing build is a failure, never a skip."""
    tree = DIST / flavour
    if not (tree / "manifest.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"dist/{flavour} is not built, and CI builds before testing")
        pytest.skip(f"dist/{flavour} is not built (./setup.sh or build.py)")
    return tree


@pytest.mark.parametrize("flavour", ["chrome", "firefox"])
def test_the_built_extension_carries_the_generated_constants(flavour: str) -> None:
    tree = _built(flavour)
    manifest = json.loads((tree / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["content_scripts"][0]["matches"] == manifest_matches()
    assert (tree / CONTRACT_PATH).read_text(encoding="utf-8") == contract_module()
    for lang, folder in LOCALE_FOLDERS.items():
        messages = json.loads((tree / "_locales" / folder / "messages.json").read_text("utf-8"))
        built = {key: value for key, value in messages.items() if key.startswith("problem_")}
        assert built == problem_messages(lang), folder


def test_problem_labels_come_from_one_catalogue() -> None:
    """The extension's _locales label no problem: the build adds problems.json's labels,
    and refuses a catalogue that has its own."""
    for folder in LOCALE_FOLDERS.values():
        messages = json.loads((EXTENSION / "_locales" / folder / "messages.json").read_text("utf-8"))
        assert not [key for key in messages if key.startswith("problem_")], folder
    for lang in LOCALE_FOLDERS:
        labels = problem_messages(lang)
        assert len(labels) == len(ProblemCode) and all(v["message"] for v in labels.values())
    with pytest.raises(ValueError, match="writes a built tree"):
        write_contract(EXTENSION)


def test_the_build_refuses_a_second_label_source(tmp_path: Path) -> None:
    for folder in LOCALE_FOLDERS.values():
        (tmp_path / "_locales" / folder).mkdir(parents=True)
        (tmp_path / "_locales" / folder / "messages.json").write_text(
            json.dumps({"problem_damaged": {"message": "Broken"}}), encoding="utf-8"
        )
    (tmp_path / "shared").mkdir()
    with pytest.raises(ValueError, match="labels problems itself"):
        write_contract(tmp_path)


def test_no_hand_written_order_number_pattern() -> None:
    number = re.compile(r"\\d\{[\d,]+\}-\\d\{4\}")
    offenders = [
        path for path, text in HAND_WRITTEN.items()
        if path != "py_core/models.py" and number.search(_code_lines(text))
    ]
    assert not offenders, f"order-number patterns outside py_core/models.py: {offenders}"


def test_no_hand_written_limit_or_lifetime() -> None:
    limits = load_data("page")["snapshot"]["limits"]
    numbers = {value for value in limits.values() if isinstance(value, int) and value >= 1000}
    minutes = load_data("extension")["held_draft"]["minutes"]
    spelled = {rf"\b{n // 1000}_000\b|\b{n}\b" for n in numbers}
    held = rf"\b{minutes}\s*\*\s*60\s*\*\s*1000\b|\b{minutes * 60_000}\b|\b{minutes * 60}_000\b"
    named = r"\b_?(MAX_(TEXT|STATE|WIDGETS|LINKS|PARCELS)|HOLD_MS|HELD_DRAFT_MS)\s*=\s*\d"
    offenders = []
    for path, text in HAND_WRITTEN.items():
        code = _code_lines(text)
        for pattern in [*spelled, held, named]:
            for match in re.finditer(pattern, code):
                line = code[: match.start()].count("\n")
                offenders.append(f"{path}: {code.splitlines()[line].strip()}")
    assert not offenders, "limits or the held-draft lifetime written by hand:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize(
    ("kind", "codes"),
    [("problem", [c.value for c in ProblemCode]), ("channel", [c.value for c in ChannelCode])],
)
def test_no_hand_written_code_list(kind: str, codes: list[str]) -> None:
    """Three or more quoted codes in one list, outside the enum that defines them."""
    quoted = "|".join(re.escape(code) for code in codes)
    listing = re.compile(rf"""["']({quoted})["']\s*,\s*["']({quoted})["']\s*,\s*["']({quoted})["']""")
    offenders = [
        path for path, text in HAND_WRITTEN.items()
        if path != "py_core/models.py" and listing.search(_code_lines(text))
    ]
    assert not offenders, f"{kind} codes listed by hand: {offenders}"


def test_the_data_files_are_keyed_by_the_codes() -> None:
    """The data files look the codes up; they name exactly the codes of the enums."""
    assert set(load_data("problems")["problems"]) == {c.value for c in ProblemCode}
    assert set(load_data("channels")["channels"]) == {c.value for c in ChannelCode}


def test_javascript_reads_the_number_patterns_as_python_does() -> None:
    samples = [
        "46206571-0591", "Заказ 46206571-0591 от 5 мая", "46206571-0591-1", "0123456789-0001",
        "46206571-059", "x46206571-05912", "1-0001", "123456789012345678901-0001", "4620-6571",
        "посылка 46206571-0591-12 и 77-0001",
    ]
    script = (
        f"import('{CONTRACT.as_uri()}').then((c) => console.log(JSON.stringify("
        f"{json.dumps(samples)}.map((s) => [s.match(c.ORDER_NUMBER_RE)?.[0] ?? null, "
        "s.match(c.POSTING_NUMBER_RE)?.[0] ?? null]))))"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    expected = [
        [
            (m.group(0) if (m := ORDER_NUMBER_RE.search(s)) else None),
            (m.group(0) if (m := POSTING_NUMBER_RE.search(s)) else None),
        ]
        for s in samples
    ]
    assert found == expected


def test_the_extension_forwards_every_registry_request() -> None:
    """messages.js builds core/<name> from the generated list: nothing to keep in step."""
    from py_core.registry import REQUEST_TYPES

    messages = HAND_WRITTEN["extension/shared/messages.js"]
    assert not re.search(r'"core/\w+"\s*:', messages), "core/ requests written by hand"
    listed = re.search(r"export const BRIDGE_REQUESTS = Object\.freeze\((\{.*?\})\);",
                       CONTRACT.read_text(encoding="utf-8"), re.DOTALL)
    assert listed and list(json.loads(listed.group(1))) == list(REQUEST_TYPES)


@pytest.mark.parametrize("flavour", ["chrome", "firefox"])
def test_the_shipped_bundle_leaves_the_developer_modules_out(flavour: str) -> None:
    site = _built(flavour) / "pyodide" / "site.json"
    shipped = {path for path, _size in json.loads(site.read_text())["files"]}
    modules = {path.removesuffix("c") for path in shipped if path.startswith("py_core/")}
    assert "py_core/bridge.py" in modules
    for module in ("cli.py", "schema.py", "__main__.py", "_html_snapshot.py",
                   "devtools/contract_js.py", "devtools/__init__.py"):
        assert f"py_core/{module}" not in modules, module


def test_the_developer_modules_still_run_from_the_repo() -> None:
    import sys

    run = subprocess.run([sys.executable, "-m", "py_core.devtools.contract_js", "--check"],
                         check=False, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and "is current" in run.stdout, run.stdout + run.stderr
    schema = subprocess.run([sys.executable, "-m", "py_core", "schema"], check=False,
                            cwd=ROOT, capture_output=True, text=True)
    assert schema.returncode == 0 and '"requests"' in schema.stdout, schema.stderr
