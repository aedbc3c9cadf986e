"""Product pages (issue 14): reading the saved pages, and the question drafts in ru/en/zh."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from py_core._html_snapshot import snapshot_from_html
from py_core.bridge import handle
from py_core.personal_data import find_personal_data
from py_core.product import QUESTION_CODES, Product, draft_question, read_product

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "product_pages"
INDEX: dict[str, dict[str, Any]] = json.loads((PAGES / "index.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def snapshot(name: str) -> dict[str, Any]:
    html = (PAGES / name).read_text(encoding="utf-8")
    return snapshot_from_html(html, INDEX[name]["url"])


def call(request_type: str, payload: Any) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(handle(request_type, json.dumps(payload)))
    return reply


def test_the_corpus_covers_what_the_issue_asks_for() -> None:
    kinds = {meta["expect"]["box"] for meta in INDEX.values()}
    sites = {meta["expect"]["site"] for meta in INDEX.values()}
    assert len(INDEX) >= 4
    assert {"question_form", "seller_chat", None} <= kinds
    assert "ozon.kz" in sites
    assert any(meta["expect"]["size"] for meta in INDEX.values())


@pytest.mark.parametrize("name", sorted(INDEX))
def test_each_saved_page_is_read_as_its_index_says(name: str) -> None:
    expect = INDEX[name]["expect"]
    reading = read_product(snapshot(name))
    assert reading.page_kind == "product"
    product = reading.product
    assert product is not None
    for field in ("site", "sku", "title", "seller", "seller_link", "price", "card_price", "currency"):
        assert getattr(product, field) == expect[field], field
    assert [[v.name, v.value] for v in product.variants] == expect["variants"]
    assert product.size() == expect["size"]
    assert reading.missing == expect["missing"]
    if "available" in expect:
        assert product.available is expect["available"]
    assert product.social_links == expect.get("social_links", [])


def test_the_variant_is_the_one_whose_sku_is_the_page() -> None:
    snap = snapshot("product_clothing_sizes.html")
    snap["url"] = snap["url"].replace("1783456012", "1783456014")  # size L, same colour group
    product = read_product(snap).product
    assert product is not None
    assert [v.value for v in product.variants] == ["L"]


def test_a_page_that_is_not_a_product_is_refused_clearly() -> None:
    reading = read_product({"url": "https://www.ozon.ru/my/orderdetails/?order=1-0001", "widgets": []})
    assert reading.page_kind == "unknown"
    assert reading.product is None
    assert "not an Ozon product page" in reading.warnings[0]


@pytest.mark.parametrize(
    "junk",
    [None, 5, "x", {}, {"url": 7}, {"url": "https://www.ozon.ru/product/a-123456/", "widgets": "x"},
     {"url": "https://www.ozon.ru/product/a-123456/", "widgets": [{"widget": "webPrice", "state": "{bad"}]},
     {"url": "https://www.ozon.ru/product/a-123456/", "widgets": [{"id": "state-webPrice-1", "state": "[1,2]"}, 3]}],
)
def test_bad_snapshots_give_a_clear_answer_not_an_error(junk: Any) -> None:
    reading = read_product(junk)
    assert reading.page_kind in ("product", "unknown")
    if reading.page_kind == "product":
        assert reading.product is not None and reading.product.sku == "123456"
        assert "price" in reading.missing


def test_page_text_cannot_smuggle_markup_into_a_draft() -> None:
    snap = snapshot("product_clothing_sizes.html")
    for w in snap["widgets"]:
        if w["widget"] == "webProductHeading":
            w["state"] = json.dumps({"title": "<img src=x onerror=alert(1)> {{ 7*7 }}"})
    product = read_product(snap).product
    assert product is not None and product.title is not None
    assert "<" not in product.title and "{{" not in product.title
    draft = draft_question(product, "included", lang="en", target="seller_chat")
    assert "<img" not in draft.ru.body and "49" not in draft.ru.body


# --- drafts ------------------------------------------------------------------------------


def clothing() -> Product:
    product = read_product(snapshot("product_clothing_sizes.html")).product
    assert product is not None
    return product


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
@pytest.mark.parametrize("code", [c for c in QUESTION_CODES if c != "own"])
def test_every_question_drafts_in_russian_with_the_buyers_language_beside(code: str, lang: str) -> None:
    draft = draft_question(clothing(), code, lang=lang)  # type: ignore[arg-type]
    ru, side = draft.ru.body, draft.side.body
    assert ru.startswith("Здравствуйте!") and ru.endswith("Спасибо!")
    assert "пожалуйста" in ru
    assert len(ru) < 400, "a question should be short"
    assert draft.side.lang == lang
    if lang == "zh":
        assert CJK.search(side) and side.startswith("您好")
    elif lang == "en":
        assert side.startswith("Hello!") and not CYRILLIC.search(side.replace("«", "").split("»")[-1])
    else:
        assert side == ru
    # Public: nothing personal, and the notice says so.
    assert draft.public is True and draft.checks == []
    assert find_personal_data(ru) == []
    assert "всем" in draft.notice["ru"] and "public" in draft.notice["en"] and "公开" in draft.notice["zh"]


def test_the_size_question_names_the_selected_size_and_a_typed_one_wins() -> None:
    assert "замеры изделия в размере M?" in draft_question(clothing(), "size", lang="en").ru.body
    typed = draft_question(clothing(), "size", lang="zh", detail="XL")
    assert "в размере XL?" in typed.ru.body and "XL 码" in typed.side.body


def test_the_compatibility_question_names_the_buyers_device() -> None:
    draft = draft_question(None, "compatibility", lang="en", detail="iPhone 13 mini")
    assert "к моему устройству (iPhone 13 mini)?" in draft.ru.body
    assert "my device (iPhone 13 mini)?" in draft.side.body


@pytest.mark.parametrize(
    ("lang", "text", "language_word"),
    [
        ("en", "Is the cotton thick?\n\n  Does it shrink after washing?", "английском"),
        ("zh", "这件衣服洗后会缩水吗？  面料厚不厚？", "китайском"),
        ("ru", "Ткань плотная?", None),
    ],
)
def test_an_own_question_is_kept_verbatim_inside_a_russian_frame(lang: str, text: str, language_word: str | None) -> None:
    draft = draft_question(clothing(), "own", lang=lang, own_text=text)  # type: ignore[arg-type]
    assert text.strip() in draft.ru.body, "the buyer's words, untouched"
    assert text.strip() in draft.side.body
    assert "Ответьте, пожалуйста, на мой вопрос" in draft.ru.body
    if language_word:
        assert f"Я пишу на {language_word} языке, а ответить можно по-русски:" in draft.ru.body
    else:
        assert "Я пишу на" not in draft.ru.body


@pytest.mark.parametrize(
    ("lang", "text", "ru_says", "side_says"),
    [
        # The frame names the language the words are in, not the interface's.
        ("zh", "Does it shrink after washing?", "на английском языке", "我用英文提问"),
        ("en", "Ткань плотная?", None, "Please answer my question:"),
        ("ru", "这件衣服洗后会缩水吗？", "на китайском языке", None),
        ("en", "12345?", "на английском языке", "I am writing in English"),
    ],
)
def test_the_frame_names_the_language_the_question_is_written_in(
    lang: str, text: str, ru_says: str | None, side_says: str | None
) -> None:
    draft = draft_question(clothing(), "own", lang=lang, own_text=text)  # type: ignore[arg-type]
    if ru_says:
        assert ru_says in draft.ru.body
    else:
        assert "Я пишу на" not in draft.ru.body
    if side_says:
        assert side_says in draft.side.body


def test_an_own_question_needs_its_text() -> None:
    with pytest.raises(ValueError, match="Write your question"):
        draft_question(clothing(), "own", lang="en", own_text="   ")
    reply = call("question_draft", {"question": "own", "lang": "en", "own_text": ""})
    assert not reply["ok"] and reply["error"]["code"] == "invalid_payload"


def test_personal_data_in_an_own_public_question_is_flagged_in_the_buyers_language() -> None:
    draft = draft_question(
        clothing(), "own", lang="zh", own_text="请打电话 +7 916 123-45-67 或发邮件 li.wei@example.com"
    )
    assert [c.code for c in draft.checks] == ["personal_data"]
    assert draft.checks[0].kinds == ["phone", "email"]
    assert "电话号码" in draft.checks[0].message and "电子邮箱" in draft.checks[0].message


def test_the_seller_chat_version_names_the_product_and_allows_a_name() -> None:
    draft = draft_question(clothing(), "included", lang="en", target="seller_chat")
    assert draft.public is False
    assert "«Футболка мужская базовая, хлопок 100%», артикул 1783456012 (Цвет: чёрный, Размер: M)" in draft.ru.body
    assert "SKU 1783456012" in draft.side.body
    signed = draft_question(clothing(), "own", lang="en", target="seller_chat", own_text="My name is Anna, does it fit?")
    assert signed.checks == []
    public = draft_question(clothing(), "own", lang="en", own_text="My name is Anna, does it fit?")
    assert public.checks[0].kinds == ["name"]


def test_the_bridge_reads_and_drafts_in_two_calls() -> None:
    reply = call("ask_product", {"snapshot": snapshot("product_ozon_kz.html")})
    assert reply["ok"], reply
    result = reply["result"]
    assert result["page_kind"] == "product"
    assert [q["code"] for q in result["questions"]] == list(QUESTION_CODES)
    assert set(result["targets"]) == {"question_form", "seller_chat"}
    assert all(set(q["label"]) == {"ru", "en", "zh"} for q in result["questions"])
    drafted = call("question_draft", {"product": result["product"], "question": "size", "lang": "zh"})
    assert drafted["ok"], drafted
    assert "в размере 38?" in drafted["result"]["ru"]["body"]
    assert drafted["result"]["side"]["lang"] == "zh"


def test_the_bridge_refuses_an_unknown_question_kind_with_a_message() -> None:
    reply = call("question_draft", {"question": "price", "lang": "en"})
    assert not reply["ok"] and reply["error"]["code"] == "invalid_payload"
    assert reply["error"]["message"].startswith("The question is not valid")


def _at(state: Any, path: list[Any]) -> Any:
    for step in path:
        if isinstance(step, int):
            state = state[step] if isinstance(state, list) and step < len(state) else None
        else:
            state = state.get(step) if isinstance(state, dict) else None
    return state


def test_every_key_path_in_the_data_file_is_on_a_saved_page() -> None:
    """Each alternative page.json's product section claims is exercised by at least one fixture."""
    from py_core._data import load_data

    states: list[tuple[str, Any]] = []
    for name in INDEX:
        for w in snapshot(name)["widgets"]:
            try:
                states.append((w["widget"], json.loads(w["state"])))
            except ValueError:
                continue
    fields = load_data("page")["product"]["fields"]
    for field in ("title", "sku", "seller", "price"):
        for alt in fields[field]:
            if "widget" not in alt:
                continue
            found = [s for widget, s in states if widget == alt["widget"] and _at(s, alt["path"]) not in (None, "")]
            assert found, f"{field}: {alt['widget']}.{alt['path']} is on no saved page"
            if "link_path" in alt:
                assert any(_at(s, alt["link_path"]) for s in found), f"{field}: link of {alt['widget']}"
