"""The extension's contract module, generated from py_core's one definition of each constant.

What both languages know is written once, on the Python side, and this module writes the
JavaScript copy, ``extension/shared/contract.js``:

- the bridge requests (`py_core.registry.ENDPOINTS`) with a JSDoc typedef of every payload
  and result, from their pydantic JSON schemas;
- the problem and channel codes (`py_core.models.ProblemCode`, `ChannelCode`);
- the Ozon hosts and the match patterns of the manifest (``py_core/data/page.json``
  ``hosts``; `manifest_matches` fills ``manifest.json`` at build time);
- the order- and parcel-number patterns (`py_core.models.ORDER_NUMBER_RE`,
  ``POSTING_NUMBER_RE``), as JavaScript regular expressions;
- the snapshot limits (``page.json`` ``snapshot.limits``);
- the held draft's lifetime (``py_core/data/extension.json``);

and, in the extension's ``_locales``, each problem's button label ``problem_<code>`` from
``py_core/data/problems.json`` ``short_label`` (the one catalogue of problem labels).

``build.py`` calls `write_contract` for every tree it builds (the module and the labels);
the module's copy in ``extension/`` is committed so that editors, ``tsc`` and the node tests see it, and
``tests/unit/test_one_source.py`` fails when it is stale. Refresh it with
``python -m py_core.devtools.contract_js``.

A developer tool: the build leaves ``py_core/devtools/`` out of the extension.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._data import load_data
from ..models import ORDER_NUMBER_RE, POSTING_NUMBER_RE, ChannelCode, ProblemCode

__all__ = [
    "CONTRACT_PATH",
    "contract_module",
    "fill_manifest_matches",
    "js_regex",
    "manifest_matches",
    "ozon_hosts",
    "problem_messages",
    "write_contract",
]

ROOT = Path(__file__).resolve().parents[2]
#: Where the module sits in a tree of the extension (and, committed, in ``extension/``).
CONTRACT_PATH = Path("shared") / "contract.js"
#: The extension's locale folders, by py_core's language code.
LOCALE_FOLDERS = {"en": "en", "ru": "ru", "zh": "zh_CN"}
#: The value ``manifest.json`` gives a ``matches`` list that the build fills with the hosts.
MATCHES_MARKER = "$ozon_hosts"

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# What py_core's number patterns may use so that JavaScript reads them the same way:
# digits, counted repeats, a dash and look-arounds (JavaScript has both since ES2018).
_PORTABLE_REGEX = re.compile(r"(?:\\d|\{\d+(?:,\d+)?\}|-|\(\?<?[!=]|\))+")


def ozon_hosts() -> list[str]:
    """Every host name the extension runs on: each Ozon site with and without ``www.``."""
    return [host for site in load_data("page")["hosts"] for host in (f"www.{site}", site)]


def manifest_matches() -> list[str]:
    """The manifest's match patterns for those hosts (top-level pages over https only)."""
    return [f"https://{host}/*" for host in ozon_hosts()]


def fill_manifest_matches(manifest: Any) -> Any:
    """The manifest with every ``"matches": "$ozon_hosts"`` replaced by `manifest_matches`.

    Raises:
        ValueError: a ``matches`` is neither the marker nor absent: the root manifest must
            not list hosts of its own.
    """
    if isinstance(manifest, list):
        return [fill_manifest_matches(item) for item in manifest]
    if not isinstance(manifest, dict):
        return manifest
    filled = {key: fill_manifest_matches(value) for key, value in manifest.items()}
    if "matches" in manifest:
        if manifest["matches"] != MATCHES_MARKER:
            raise ValueError(
                f'manifest.json lists its own hosts ({manifest["matches"]!r}); write '
                f'"matches": "{MATCHES_MARKER}" and keep the hosts in py_core/data/page.json'
            )
        filled["matches"] = manifest_matches()
    return filled


def js_regex(pattern: re.Pattern[str]) -> str:
    """A JavaScript regular-expression literal that matches what ``pattern`` matches.

    Raises:
        ValueError: the pattern uses syntax outside the small portable subset.
    """
    if pattern.flags & ~re.UNICODE or not _PORTABLE_REGEX.fullmatch(pattern.pattern):
        raise ValueError(f"{pattern.pattern!r} is not in the subset JavaScript reads alike")
    return f"/{pattern.pattern}/"


# --- JSDoc types from JSON schemas ---------------------------------------------------------


def _type_name(ref: str) -> str:
    """``#/$defs/Case-Input`` -> ``Case_Input``; ``py_core__tips__Tip`` -> ``tips_Tip``."""
    name = ref.rsplit("/", 1)[-1].removeprefix("py_core__")
    return re.sub(r"\W+|__", "_", name)


def _union(parts: Iterable[str]) -> str:
    unique = list(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else "(" + " | ".join(unique) + ")"


def _js_type(schema: Any) -> str:
    """The JSDoc (TypeScript) type of a JSON schema."""
    if not isinstance(schema, dict) or not schema:
        return "any"
    if "$ref" in schema:
        return _type_name(schema["$ref"])
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    if "enum" in schema:
        return _union(json.dumps(value, ensure_ascii=False) for value in schema["enum"])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            parts = [_js_type(part) for part in schema[key]]
            return _union(parts) if key != "allOf" else " & ".join(parts)
    kind = schema.get("type")
    if isinstance(kind, list):
        return _union(_js_type({**schema, "type": one}) for one in kind)
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(_js_type(item) for item in schema["prefixItems"]) + "]"
        return f"Array<{_js_type(schema.get('items'))}>"
    if kind == "object":
        if schema.get("properties"):
            return _inline_object(schema)
        extra = schema.get("additionalProperties")
        return f"Record<string, {_js_type(extra) if isinstance(extra, dict) else 'any'}>"
    simple = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean",
              "null": "null"}
    return simple.get(str(kind), "any")


def _fields(schema: dict[str, Any], skip: frozenset[str]) -> list[tuple[str, str, bool, str]]:
    """(name, type, optional, description) of each property."""
    required = set(schema.get("required", []))
    return [
        (name, _js_type(spec), name not in required, _one_line(spec.get("description", "")))
        for name, spec in schema.get("properties", {}).items()
        if name not in skip
    ]


def _inline_object(schema: dict[str, Any], skip: frozenset[str] = frozenset()) -> str:
    parts = [
        f"{name if _IDENTIFIER.fullmatch(name) else json.dumps(name)}{'?' if optional else ''}: {kind}"
        for name, kind, optional, _doc in _fields(schema, skip)
    ]
    return "{" + ", ".join(parts) + "}"


def _one_line(text: str) -> str:
    line = " ".join(str(text).split()).replace("``", "`")
    return line.replace("*/", "*\u2215")[:200]


def _typedef(name: str, schema: dict[str, Any], skip: frozenset[str]) -> list[str]:
    lines = ["/**"]
    if schema.get("description"):
        lines.append(f" * {_one_line(schema['description'])}")
    fields = _fields(schema, skip)
    if schema.get("type") == "object" and fields and all(
        _IDENTIFIER.fullmatch(field) for field, *_ in fields
    ):
        lines.append(f" * @typedef {{Object}} {name}")
        for field, kind, optional, doc in fields:
            label = f"[{field}]" if optional else field
            lines.append(f" * @property {{{kind}}} {label}" + (f" {doc}" if doc else ""))
    else:
        shown = _inline_object(schema, skip) if fields else _js_type(schema)
        lines.append(f" * @typedef {{{shown}}} {name}")
    return [*lines, " */"]


# --- the module ----------------------------------------------------------------------------


def _const(doc: str, name: str, value: str) -> list[str]:
    return [f"/** {doc} */", f"export const {name} = {value};", ""]


def _frozen(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 90 and isinstance(value, dict):  # a list stays on one line
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return f"Object.freeze({text})"


def contract_module() -> str:
    """The text of ``extension/shared/contract.js``."""
    from ..registry import ENDPOINTS
    from ..schema import bridge_schema, request_summary

    schema = bridge_schema()
    requests: dict[str, dict[str, Any]] = schema["requests"]
    payload_models = {
        _type_name(spec["payload"]["$ref"]) for spec in requests.values() if "$ref" in spec["payload"]
    }
    limits = {
        key: value
        for key, value in load_data("page")["snapshot"]["limits"].items()
        if isinstance(value, int)
    }
    held_ms = int(load_data("extension")["held_draft"]["minutes"]) * 60_000
    sites = load_data("page")["hosts"]
    host_re = "/^(?:www\\.)?(?:" + "|".join(re.escape(site) for site in sites) + ")$/"
    lines = [
        "// @ts-check",
        "// GENERATED from py_core by build.py (py_core/devtools/contract_js.py): do not edit.",
        "// Change the source named beside each constant, then run",
        "// `python -m py_core.devtools.contract_js` (tests/unit/test_one_source.py fails while",
        "// this file is stale, and when a hand-written file defines one of these itself).",
        "",
        *_const('Ozon sites the extension runs on (py_core/data/page.json "hosts").',
                "OZON_SITES", _frozen(sites)),
        *_const("Their host names, with and without www.", "OZON_HOSTS", _frozen(ozon_hosts())),
        *_const("Match patterns for those hosts (the manifest's, filled in by build.py).",
                "OZON_MATCHES", _frozen(manifest_matches())),
        *_const("A host name of one of those sites.", "OZON_HOST_RE", host_re),
        *_const("An order number, e.g. 46206571-0591 (py_core.models.ORDER_NUMBER_RE).",
                "ORDER_NUMBER_RE", js_regex(ORDER_NUMBER_RE)),
        *_const("A parcel number, e.g. 46206571-0591-1 (py_core.models.POSTING_NUMBER_RE).",
                "POSTING_NUMBER_RE", js_regex(POSTING_NUMBER_RE)),
        *_const("What went wrong, in the panel's order (py_core.models.ProblemCode).",
                "PROBLEM_CODES", _frozen([code.value for code in ProblemCode])),
        *_const("Where a message can go (py_core.models.ChannelCode).",
                "CHANNEL_CODES", _frozen([code.value for code in ChannelCode])),
        *_const('How much of a page a snapshot carries (page.json "snapshot.limits").',
                "SNAPSHOT_LIMITS", _frozen(limits)),
        *_const("How long a held draft waits for a chat box, in ms (data/extension.json).",
                "HELD_DRAFT_MS", str(held_ms)),
        *_const("The errors py_core answers with, by code (py_core.exceptions).",
                "ERROR_CODES", _frozen(schema["codes"]["errors"])),
        *_const("Every request py_core.bridge answers, with what it answers "
                "(py_core.registry.ENDPOINTS).", "BRIDGE_REQUESTS",
                _frozen({name: request_summary(ENDPOINTS[name].answer) for name in requests})),
        "// ----- JSDoc types of the bridge's payloads and results (pydantic JSON schemas)",
        "",
        "/**",
        " * Each bridge request's payload (what the extension sends, without `type`) and result.",
        " * @typedef {Object} BridgeContract",
        *(
            f" * @property {{{{payload: {_js_type(spec['payload'])}, result: "
            f"{_js_type(spec['result'])}}}}} {name}"
            for name, spec in requests.items()
        ),
        " */",
        "",
    ]
    for name, definition in schema["$defs"].items():
        js_name = _type_name(name)
        skip = frozenset({"type"}) if js_name in payload_models else frozenset()
        lines += [*_typedef(js_name, definition, skip), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def problem_messages(lang: str) -> dict[str, dict[str, str]]:
    """The ``_locales`` entries ``problem_<code>`` of one language (``ru``, ``en``, ``zh``)."""
    problems = load_data("problems")["problems"]
    return {
        f"problem_{code.value}": {"message": problems[code.value]["short_label"][lang]}
        for code in ProblemCode
    }


def _add_problem_messages(extension_tree: Path) -> None:
    """Adds the problem labels to each ``_locales/<folder>/messages.json`` of a built tree.

    Raises:
        ValueError: a catalogue has a problem label of its own (a second source).
    """
    for lang, folder in LOCALE_FOLDERS.items():
        path = extension_tree / "_locales" / folder / "messages.json"
        messages = json.loads(path.read_text(encoding="utf-8"))
        own = sorted(key for key in messages if key.startswith("problem_"))
        if own:
            raise ValueError(
                f"{path} labels problems itself ({own}): the labels live in "
                "py_core/data/problems.json short_label"
            )
        messages.update(problem_messages(lang))
        path.write_text(json.dumps(messages, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_contract(extension_tree: Path) -> Path:
    """Writes the contract module and the problem labels into a built tree of the
    extension (a copy of ``extension/``, never the source); returns the module's path."""
    if extension_tree.resolve() == (ROOT / "extension").resolve():
        raise ValueError("write_contract writes a built tree; refresh the source with main()")
    _add_problem_messages(extension_tree)
    target = extension_tree / CONTRACT_PATH
    target.write_text(contract_module(), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m py_core.devtools.contract_js``: refresh ``extension/shared/contract.js``."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m py_core.devtools.contract_js [--check]", file=sys.stderr)
        return 2
    committed = ROOT / "extension" / CONTRACT_PATH
    if args == ["--check"]:
        current = committed.exists() and committed.read_text(encoding="utf-8") == contract_module()
        print(f"{committed.relative_to(ROOT)} is {'current' if current else 'STALE'}")
        return 0 if current else 1
    committed.write_text(contract_module(), encoding="utf-8")
    print(f"wrote {committed.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
