"""Writes docs/RULES.md from py_core/data/rules.json and deadlines.json (the table a reader
can check: problem x situation -> Ozon's rule or the law, what it gives, its term, source).

    .venv/bin/python -m tests.tools.rules_md          # rewrite docs/RULES.md
    .venv/bin/python -m tests.tools.rules_md --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from py_core._data import load_data

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "RULES.md"

_WHEN = {
    "category": "category",
    "return_reason": "reason",
    "complaint_about": "about",
    "order_status": "order",
}


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """The whole page, in English with the Russian titles of the articles."""
    rules = load_data("rules")
    deadlines = load_data("deadlines")
    problems = load_data("problems")["problems"]
    lines = [
        "# The rules the helper applies",
        "",
        "Generated from `py_core/data/rules.json` and `py_core/data/deadlines.json` by",
        "`python -m tests.tools.rules_md`; a test fails when this page is out of date.",
        f"Data last checked: {rules['checked']}. The helper is not a lawyer: it cites what",
        "applies and says where it comes from, so you can check it.",
        "",
        "## Where Russian law applies",
        "",
        "| Site | Country | Russian Consumer Protection Law cited |",
        "|---|---|---|",
    ]
    for site, spec in rules["sites"].items():
        lines.append(
            f"| {site} | {spec['country']} | {'yes' if spec['russian_law'] else 'no: Ozon rules + local law may give more'} |"
        )
    lines += [
        "",
        "Prices in ₸ (KZT) or BYN mark an order as ozon.kz / ozon.by even when the address was lost.",
        "",
        "## Problem x situation -> basis",
        "",
        "Rows are read top to bottom; the first that fits the case is used. The remedy adds its articles.",
        "",
        "| Problem | When | Basis | + by remedy |",
        "|---|---|---|---|",
    ]
    for row in rules["table"]:
        when = ", ".join(
            f"{_WHEN.get(k, k)} = {'/'.join(v)}" for k, v in row.get("when", {}).items()
        )
        by_remedy = "; ".join(
            f"{remedy}: {', '.join(codes)}" for remedy, codes in row.get("by_remedy", {}).items()
        )
        lines.append(
            f"| {problems[row['problem']]['label']['en']} (`{row['problem']}`) | {_cell(when or 'always')} "
            f"| {', '.join(f'`{c}`' for c in row['basis'])} | {_cell(by_remedy)} |"
        )
    lines += [
        "",
        "## The rules (basis)",
        "",
        "| Code | Kind | Rule | What it gives | Term | Source | Checked |",
        "|---|---|---|---|---|---|---|",
    ]
    for code, spec in rules["basis"].items():
        title = spec["title"]["ru"] if spec["kind"] == "law" else spec["title"]["en"]
        source = spec["source"] + (f" <{spec['url']}>" if spec.get("url") else "")
        lines.append(
            f"| `{code}` | {spec['kind']} | {_cell(title)} | {_cell(spec['gives']['en'])} "
            f"| {_cell((spec.get('term') or {}).get('en'))} | {_cell(source)} | {spec['checked']} |"
        )
    lines += [
        "",
        "## Deadlines",
        "",
        "Each deadline counts days from an anchor. Where Ozon's pages disagree, the helper",
        "picks the variant that fits the order: law variants only where Russian law applies,",
        "a variant for the order's fulfilment scheme over a general one, Ozon's current rules",
        "over an older version, then the cautious one; the others are shown as well. A variant",
        "may carry `since`/`until` dates (the order's date must fall inside); none do yet, since",
        "the dates Ozon changed its pages are not known, so the current version is used.",
        "",
        "| Deadline | Problems | From | Category | Days | Kind | Version / scheme | Source | Checked |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for rule in deadlines["rules"]:
        probs = ", ".join(rule["problems"]) if len(rule["problems"]) < 12 else "all"
        for category, variants in rule["by_category"].items():
            for v in variants:
                source = (
                    v["source"]
                    if v["source"] != "basis"
                    else f"the case's basis (`{rule.get('basis')}`; Art. 23.1 / 26.1 / 22 by problem)"
                )
                version = (
                    "/".join(filter(None, [v.get("version"), ",".join(v.get("schemes", []))]))
                    or "—"
                )
                days = "not returnable" if v["days"] is None else str(v["days"])
                lines.append(
                    f"| {rule['label']['en']} (`{rule['code']}`) | {probs} | {deadlines['anchors'][rule['anchor']]['en']} "
                    f"| {category} | {days} | {v.get('kind', 'ozon')} | {version} | {_cell(source)} | {v['checked']} |"
                )
        if rule["code"] == "escalate":
            lines.append(
                f"| {rule['label']['en']} (`escalate`) | all | {deadlines['anchors']['last_contact']['en']} | general | the channel's reply time | guide | — | channels.json reply_hours | {load_data('channels')['checked']} |"
            )
    lines += [
        "",
        "## Categories",
        "",
        deadlines["categories"]["about"],
        "",
        "| Code | Label | Example words (whole words) |",
        "|---|---|---|",
    ]
    for code in deadlines["categories"]["order"]:
        spec = deadlines["categories"][code]
        examples = (
            ", ".join(
                p.replace("\\w", "").replace("{0,3}", "").replace("{0,2}", "")
                for p in spec["patterns"][:6]
            )
            or "(anything not matched)"
        )
        lines.append(f"| `{code}` | {spec['label']['en']} | {_cell(examples)} |")
    lines += [
        "",
        "## Escalation past Ozon",
        "",
        "Offered when the seller's side and Ozon support both failed (no reply, failed, or",
        "overdue in the case log) or the buyer says so: a written claim to the seller",
        "(print-ready), a complaint to Rospotrebnadzor (ozon.ru only), and for payment problems",
        "a dispute at the card's bank. Each step is logged in the case with its date.",
        "",
        f"Where the law sets no term, the claim asks for an answer within {rules['claim_answer_days']['days']} days: {rules['claim_answer_days']['source']}",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        return 0 if current == text else 1
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
