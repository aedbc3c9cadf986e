"""The command-line tool on every fixture, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from py_core.cli import main
from py_core.models import ProblemCode

from .conftest import INDEX, PAGES

ORDER_PAGES = sorted(n for n, e in INDEX.items() if e["expect"]["page_kind"] == "order_details")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def on_page(
    capsys: pytest.CaptureFixture[str], command: str, name: str, *options: str
) -> tuple[int, str, str]:
    """``command`` on the saved page ``name``, as on 22 November 2026."""
    return run(capsys, command, str(PAGES / name), *options, "--today", "2026-11-22")


@pytest.mark.parametrize("name", ORDER_PAGES)
def test_extract_every_order_page(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "extract", str(PAGES / name))
    assert status == 0, err
    result = json.loads(out)
    assert result["order"]["number"] == INDEX[name]["expect"]["number"]
    assert result["missing"] == INDEX[name]["expect"]["missing"]


@pytest.mark.parametrize("name", ORDER_PAGES)
@pytest.mark.parametrize("problem", [c.value for c in ProblemCode])
def test_draft_every_order_page(
    name: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = on_page(
        capsys, "draft", name, "--problem", problem, "--lang", "zh", "--json"
    )
    assert status == 0, err
    draft = json.loads(out)
    assert draft["side"]["lang"] == "zh"
    if draft["form"] != "public_post":
        assert INDEX[name]["expect"]["number"] in draft["ru"]["body"]


def test_draft_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = on_page(
        capsys,
        "draft",
        "orderdetails_one_parcel.html",
        "--problem",
        "damaged",
        "--lang",
        "en",
        "--channel",
        "email",
        "--detail",
        "damage=item",
        "--name",
        "Anna",
    )
    assert status == 0
    assert "--- email · ru ---" in out and "--- email · en ---" in out
    assert "Subject: Заказ № 46206571-0591: товар повреждён" in out


@pytest.mark.parametrize("name", ORDER_PAGES)
def test_deadlines_every_order_page(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = on_page(capsys, "deadlines", name, "--received", "2026-11-20")
    assert status == 0, err
    assert "Return an item of proper quality" in out or "return" in out.lower()


def test_deadlines_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = on_page(capsys, "deadlines", "orderdetails_one_parcel.html", "--json")
    assert status == 0
    assert {d["code"] for d in json.loads(out)} >= {
        "return_window",
        "report_problem",
        "defect_claim",
    }


def test_case_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime

    from py_core.caselog import export_json, new_case
    from py_core.extract import extract_order
    from py_core.models import Problem

    from .conftest import page_snapshot

    order = extract_order(page_snapshot("orderdetails_one_parcel.html")).order
    assert order is not None
    case_file = tmp_path / "case.json"
    case_file.write_text(
        export_json(
            new_case(
                order, Problem(code=ProblemCode.DAMAGED), now=datetime(2026, 11, 22, tzinfo=UTC)
            )
        )
    )
    status, out, _ = run(capsys, "case", "export", str(case_file))
    assert status == 0 and out.startswith("# Case file: order No. 46206571-0591")
    status, out, _ = run(capsys, "case", "export", str(case_file), "--format", "json")
    assert status == 0 and out.strip() == case_file.read_text().strip()


def test_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, _ = run(capsys, "schema", "--out", str(tmp_path))
    assert status == 0
    schema = json.loads((tmp_path / "py_core.schema.json").read_text())
    assert schema["codes"]["problems"][0] == "damaged"
    assert {"Order-Input", "Draft", "Advice", "AdviseRequest", "Case-Output"} <= set(
        schema["$defs"]
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "/no/such/page.html"], "cannot read /no/such/page.html"),
        (["extract", str(PAGES / "product_page.html")], "is not an Ozon order page"),
        (["extract", str(PAGES / "index.json")], "is not an HTML page"),
        (
            [
                "draft",
                str(PAGES / "orderdetails_one_parcel.html"),
                "--problem",
                "damaged",
                "--detail",
                "colour=red",
            ],
            "colour: not a known field",
        ),
        (
            [
                "draft",
                str(PAGES / "orderdetails_one_parcel.html"),
                "--problem",
                "damaged",
                "--detail",
                "oops",
            ],
            "--detail takes key=value",
        ),
        (["case", "export", str(PAGES / "index.json")], "is not a valid case file"),
    ],
)
def test_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(capsys, *argv)
    assert status == 1
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_text_only_page_without_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><div id='layoutPage'>Получен 20 ноября</div></body></html>")
    status, _out, err = run(capsys, "draft", str(page), "--problem", "damaged")
    assert status == 1 and "order number is missing" in err


def test_module_entry_point_has_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "py_core", "extract", str(PAGES / "product_page.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
