"""The data files: complete, sourced, dated, consistent with the code's fixed codes."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from py_core._data import DATA_DIR, TEMPLATES_DIR, load_data
from py_core.models import ChannelCode, ProblemCode

LANGS = {"ru", "en", "zh"}
PROBLEMS = {code.value for code in ProblemCode}
CHANNELS = {code.value for code in ChannelCode}
FILES = sorted(p.stem for p in DATA_DIR.glob("*.json"))


def _labels(node: Any) -> list[dict[str, str]]:
    """Every {ru, en, zh} dictionary inside a data structure."""
    found = []
    if isinstance(node, dict):
        if (
            set(node) & LANGS
            and all(isinstance(v, str) for v in node.values())
            and "url" not in node
        ):
            found.append(node)
        for value in node.values():
            found += _labels(value)
    elif isinstance(node, list):
        for value in node:
            found += _labels(value)
    return found


@pytest.mark.parametrize("name", FILES)
def test_every_file_has_source_and_checked_date(name: str) -> None:
    data = load_data(name)
    assert data["source"]
    checked = date.fromisoformat(data["checked"])
    assert date(2025, 1, 1) <= checked <= date(2027, 1, 1)


@pytest.mark.parametrize("name", FILES)
def test_every_label_has_three_languages(name: str) -> None:
    for label in _labels(load_data(name)):
        if set(label) & LANGS == set(label) or "severity" in label:
            assert LANGS <= set(label), label
            for lang in LANGS:
                assert label[lang].strip() == label[lang] and label[lang], label


@pytest.mark.parametrize("name", FILES)
def test_no_unverified_phone_or_email_is_shipped(name: str) -> None:
    text = (DATA_DIR / f"{name}.json").read_text(encoding="utf-8")
    assert not re.search(r"8[ -]?800|\+7[ (]?\d{3}", text)
    assert not re.search(r"[\w.]+@[\w-]+\.(ru|com|kz)", text)


def test_problems_cover_the_contract() -> None:
    data = load_data("problems")
    assert set(data["problems"]) == PROBLEMS
    for code, spec in data["problems"].items():
        assert spec["default_remedy"] in spec["remedies"], code
        assert set(spec["remedies"]) <= set(data["remedy_labels"])
        assert spec["evidence"] and set(spec["evidence"]) <= set(data["evidence"]), code
        assert spec["help_links"] and set(spec["help_links"]) <= set(data["help_links"]), code
        assert spec["closing"] and set(spec["closing"]) <= set(data["closing"]), code
        for question in spec["questions"]:
            if isinstance(question, str):
                assert question == "remedy" or question in data["shared_questions"], question


def test_question_fields_are_problem_details() -> None:
    from py_core.models import _PROBLEM_FIELDS

    data = load_data("problems")
    for code, spec in data["problems"].items():
        for question in spec["questions"]:
            field = question if isinstance(question, str) else question["field"]
            field = data["shared_questions"].get(field, {}).get("field", field)
            assert field in _PROBLEM_FIELDS[code], (code, field)


def test_help_links_are_ozon_https_pages_with_dates() -> None:
    for code, link in load_data("problems")["help_links"].items():
        assert re.match(r"^https://docs\.ozon\.(ru|com)/", link["url"]), code
        assert link["source"]
        date.fromisoformat(link["checked"])


def test_channel_rules_cover_every_problem_and_reference_known_reasons() -> None:
    data = load_data("channels")
    assert set(data["channels"]) == CHANNELS
    assert set(data["problems"]) == PROBLEMS
    for code, rules in data["problems"].items():
        assert rules, code
        for rule in rules:
            assert rule["channel"] in CHANNELS
            assert rule["reason"] in data["reasons"], rule
            for key in rule.get("when", {}):
                assert key in ("scheme", "complaint_about", "account_kind"), key
    for rule in data["escalation"].values():
        assert rule["reason"] in data["reasons"]
    for spec in data["channels"].values():
        assert spec["max_length"] > 0 and spec["reply_hours"] > 0
        assert spec["reply_source"] and spec["max_length_source"]


def test_every_channel_form_has_templates_in_every_language() -> None:
    forms = {spec["form"] for spec in load_data("channels")["channels"].values()}
    for lang in LANGS:
        for form in forms | {"blocks", "subject"}:
            assert (TEMPLATES_DIR / lang / f"{form}.j2").is_file(), (lang, form)


def test_deadline_rules_are_sourced_and_dated() -> None:
    data = load_data("deadlines")
    anchors = set(data["anchors"])
    categories = {k for k in data["categories"] if k != "about"}
    for rule in data["rules"]:
        assert rule["anchor"] in anchors
        assert rule["cautious"] in ("earliest", "latest")
        assert set(rule["problems"]) <= PROBLEMS
        assert set(rule["by_category"]) <= categories
        for variants in rule["by_category"].values():
            for variant in variants:
                assert variant["source"]
                date.fromisoformat(variant["checked"])
                assert variant["days"] is None or 0 < variant["days"] <= 3650
        disagreeing = any(len({v["days"] for v in vs}) > 1 for vs in rule["by_category"].values())
        if disagreeing:
            assert rule["note"], rule["code"]


def test_reply_times_exist_for_follow_ups() -> None:
    channels = load_data("channels")
    assert set(channels["attempt_status"]) == {
        "drafted",
        "waiting",
        "answered",
        "resolved",
        "no_reply",
        "failed",
    }
    assert set(channels["channel_in_sentence"]) == CHANNELS


def test_data_files_are_valid_json_with_no_duplicate_keys() -> None:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    for path in Path(DATA_DIR).glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates)


def test_rules_table_is_complete_sourced_and_dated() -> None:
    data = load_data("rules")
    basis = data["basis"]
    for code, spec in basis.items():
        assert spec["kind"] in ("law", "ozon", "local"), code
        assert spec["source"] and set(spec["title"]) == set(spec["gives"]) == set(LANGS), code
        date.fromisoformat(spec["checked"])
        if spec["kind"] == "law":
            assert spec["law"] in data["laws"] and spec["article"], code
    covered = {row["problem"] for row in data["table"]}
    assert covered == PROBLEMS  # every problem has a basis
    for row in data["table"]:
        for code in [*row["basis"], *(c for cs in row.get("by_remedy", {}).values() for c in cs)]:
            assert code in basis, (row, code)
        # The last row of each problem applies always, so no case is left without a basis.
    for problem in PROBLEMS:
        rows = [row for row in data["table"] if row["problem"] == problem]
        assert "when" not in rows[-1], problem
    for code, tip in data["tips"].items():
        if code != "about":
            assert set(tip["text"]) == set(LANGS) and tip["when"]["problem"]


def test_rules_page_is_up_to_date() -> None:
    from tests.tools.rules_md import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), (
        "docs/RULES.md is out of date: run .venv/bin/python -m tests.tools.rules_md"
    )


def test_the_review_dump_covers_every_problem_and_channel() -> None:
    from tests.tools.dump_drafts import render

    text = render()
    for code in PROBLEMS:
        for channel in CHANNELS:
            assert f"## {code}" in text and f"· {channel}" in text
    assert "None" not in text and "{{" not in text
    assert text.count("· claim") == 4
