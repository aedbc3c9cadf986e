"""Social media as a channel, and the three tips at their moments (issue 14)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from py_core._data import load_data
from py_core.bridge import handle
from py_core.caselog import new_case, record_attempt, set_case_status
from py_core.models import AttemptStatus, CaseStatus, ChannelCode, Order, Problem
from py_core.personal_data import find_personal_data
from py_core.tips import classify_link, social_channels, tips

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def call(request_type: str, payload: Any) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(handle(request_type, json.dumps(payload, default=str)))
    return reply


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_private_message_first_then_the_public_comment(lang: str) -> None:
    advice = social_channels(
        order_number="46206571-0591", problem="damaged", lang=lang, item="Наушники Q30", tried_order_chat=True  # type: ignore[arg-type]
    )
    assert advice.order == ["private_message", "public_comment"]
    assert advice.public_comment["channel"] == "public_post"
    ru = advice.private_message["ru"]["body"]
    assert "заказу № 46206571-0591" in ru and "«Наушники Q30»" in ru
    assert "Товар пришёл повреждённым." in ru and "мне пока не ответили" in ru
    assert len(ru) <= advice.private_message["max_length"]
    # Nothing personal but the order number, and no gendered past tense.
    assert find_personal_data(ru) == ["order_number"]
    assert "(а)" not in ru
    assert advice.private_message["checks"] == []
    side = advice.private_message["side"]
    assert side["lang"] == lang and "46206571-0591" in side["body"]


@pytest.mark.parametrize("problem", sorted(load_data("problems")["problems"]))
def test_each_problem_is_said_as_a_sentence_in_all_three_languages(problem: str) -> None:
    # Not «Проблема: <label>» (it read «Проблема: проблема с оплатой», «The problem: i want
    # to return an item»): each template has its own sentence for every problem.
    bodies = {}
    for lang in ("zh", "en"):
        advice = social_channels(order_number="46206571-0591", problem=problem, lang=lang)  # type: ignore[arg-type]
        bodies["ru"] = advice.private_message["ru"]["body"]
        bodies[lang] = advice.private_message["side"]["body"]
        assert len(bodies["ru"]) <= advice.private_message["max_length"]
    assert "Проблема:" not in bodies["ru"] and "The problem:" not in bodies["en"] and "问题：" not in bodies["zh"]
    assert all(len(body.splitlines()) == 3 for body in bodies.values()), bodies
    said = bodies["en"].splitlines()[1]
    assert said[0].isupper() and said.endswith(".") and " i " not in said
    assert "(а)" not in bodies["ru"]


def test_the_right_networks_and_ozons_own_accounts_with_sources() -> None:
    advice = social_channels(order_number="46206571-0591", problem="complaint")
    assert [n["code"] for n in advice.networks] == ["vk", "telegram", "ok"]
    assert [n["code"] for n in advice.not_usable] == ["facebook", "instagram", "twitter"]
    assert "Facebook" in advice.not_usable_note["en"] and "заблокированы" in advice.not_usable_note["ru"]
    accounts = {a["network"]: a for a in advice.ozon_accounts}
    assert accounts["vk"]["url"] == "https://vk.com/ozon"
    assert accounts["telegram"]["url"] == "https://t.me/ozonhq"
    for account in advice.ozon_accounts:
        assert account["sources"] and account["checked"] == "2026-11-28"
        assert set(account["note"]) == {"ru", "en", "zh"}
    assert advice.help_centre["url"] == "https://docs.ozon.ru/common/"


def test_links_the_buyer_adds_are_sorted_by_network_and_kept() -> None:
    advice = social_channels(
        order_number="46206571-0591",
        problem="damaged",
        links=["https://vk.com/technomir_shop", "https://www.instagram.com/technomir"],
        page_links=["https://t.me/technomir", "https://vk.com/technomir_shop", "javascript:alert(1)"],
    )
    assert [(l.network, l.usable_in_russia, l.found_by) for l in advice.seller_links] == [
        ("vk", True, "buyer"), ("instagram", False, "buyer"), ("telegram", True, "page"),
    ]
    with pytest.raises(ValueError, match="https://"):
        classify_link("javascript:alert(1)")
    reply = call("social", {"order_number": "46206571-0591", "problem": "damaged", "links": ["ftp://x"]})
    assert not reply["ok"] and reply["error"]["code"] == "invalid_payload"
    assert "https://" in reply["error"]["message"]


def test_a_bad_order_number_is_refused_with_a_message() -> None:
    reply = call("social", {"order_number": "12", "problem": "damaged"})
    assert not reply["ok"] and "order number" in reply["error"]["message"]


def test_faq_line_when_a_problem_is_picked_uses_the_problems_first_help_link() -> None:
    found = tips(moment="problem_picked", problem="late_delivery")
    assert [t.code for t in found] == ["faq"]
    link = load_data("problems")["help_links"][load_data("problems")["problems"]["late_delivery"]["help_links"][0]]
    assert found[0].url == link["url"]
    assert link["title"]["en"] in found[0].text["en"]


def case_with_support_contact(hours_ago: int) -> Any:
    order = Order(number="46206571-0591")
    case = new_case(order, Problem(code="late_delivery"), now=NOW - timedelta(hours=hours_ago))
    case, _ = record_attempt(
        case, channel=ChannelCode.SUPPORT_CHAT, text="Здравствуйте! Заказ 46206571-0591 ...",
        now=NOW - timedelta(hours=hours_ago), status=AttemptStatus.WAITING,
    )
    return case


def test_quieter_hours_only_when_a_support_follow_up_is_overdue() -> None:
    fresh = tips(case=case_with_support_contact(1), now=NOW)
    assert "off_peak" not in [t.code for t in fresh]
    overdue = tips(case=case_with_support_contact(24 * 5), now=NOW)
    off = next(t for t in overdue if t.code == "off_peak")
    assert off.assumption is True and "ASSUMPTION" in off.source
    assert off.timezone == "Europe/Moscow" and off.hours
    assert "07:00–10:00" in off.text["ru"] and "предположение" in off.text["ru"]
    assert "07:00–10:00、22:00–24:00" in off.text["zh"]  # a Chinese list: 、, not ", "


def test_rating_reminder_when_the_case_is_resolved_with_where() -> None:
    case = case_with_support_contact(24 * 5)
    resolved = set_case_status(case, CaseStatus.RESOLVED)
    found = tips(case=resolved, now=NOW)
    codes = [t.code for t in found]
    assert "rate" in codes and "off_peak" not in codes
    rate = next(t for t in found if t.code == "rate")
    assert rate.where and "Мои заказы" in rate.where["seller"]["ru"]


def test_the_bridge_answers_tips_for_a_case() -> None:
    case = case_with_support_contact(24 * 5)
    reply = call("tips", {"case": case.model_dump(mode="json"), "now": NOW.isoformat()})
    assert reply["ok"], reply
    assert [t["code"] for t in reply["result"]] == ["faq", "off_peak"]
    reply = call("tips", {"moment": "case_resolved"})
    assert [t["code"] for t in reply["result"]] == ["rate"]


def test_a_link_the_buyer_found_is_kept_with_the_case_and_survives_export() -> None:
    from py_core.caselog import export_json, import_case

    case = case_with_support_contact(1)
    reply = call("case_link", {"case": case.model_dump(mode="json"), "url": "https://vk.com/technomir_shop",
                               "now": NOW.isoformat()})
    assert reply["ok"], reply
    links = reply["result"]["links"]
    assert [(l["url"], l["network"]) for l in links] == [("https://vk.com/technomir_shop", "vk")]
    again = call("case_link", {"case": reply["result"], "url": "https://vk.com/technomir_shop"})
    assert len(again["result"]["links"]) == 1, "the same address is kept once"
    from py_core.models import Case

    kept = Case.model_validate(again["result"])
    assert import_case(export_json(kept)).links == kept.links
    bad = call("case_link", {"case": reply["result"], "url": "vk.com/no-scheme"})
    assert not bad["ok"] and "https://" in bad["error"]["message"]


def test_page_links_skip_ozons_own_accounts_and_other_sites() -> None:
    advice = social_channels(
        order_number="46206571-0591",
        problem="damaged",
        page_links=[
            "https://vk.com/ozon?perehod=footer",  # Ozon's footer, not the shop
            "https://t.me/ozonhq/",
            "https://cdn1.ozone.ru/s3/multimedia/x.jpg",  # not a social network
            "https://t.me/technomir",
            "https://www.t.me/technomir/",  # the same page again
        ],
    )
    assert [(l.url, l.network, l.found_by) for l in advice.seller_links] == [
        ("https://t.me/technomir", "telegram", "page"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://vk.com/technomir_shop",  # not https
        "https://www.instagram.com/technomir",  # blocked in Russia
        "https://example.com/technomir",  # no social network
        "https://vk.com/",  # the network, not a page on it
        "https://vk.com/a<script>",  # markup in the address
        "https://vk.com/a b",
        "javascript:alert(1)",
        "",
    ],
)
def test_only_https_pages_on_usable_networks_are_kept(url: str) -> None:
    case = case_with_support_contact(1)
    reply = call("case_link", {"case": case.model_dump(mode="json"), "url": url})
    assert not reply["ok"] and reply["error"]["code"] == "invalid_payload", reply
    refused = load_data("channels")["social_media"]["kept_links"]["refused"]
    assert reply["error"]["message"] == refused


@pytest.mark.parametrize(
    ("url", "network"),
    [("https://ok.ru/group/5512", "ok"), ("https://t.me/technomir", "telegram"), ("https://m.vk.com/shop", "vk")],
)
def test_usable_networks_are_kept(url: str, network: str) -> None:
    case = case_with_support_contact(1)
    reply = call("case_link", {"case": case.model_dump(mode="json"), "url": url})
    assert reply["ok"], reply
    assert [(l["url"], l["network"]) for l in reply["result"]["links"]] == [(url, network)]


def test_the_markdown_export_lists_the_kept_links() -> None:
    from py_core.caselog import export_markdown
    from py_core.tips import add_case_link

    case = add_case_link(case_with_support_contact(1), "https://vk.com/technomir_shop", now=NOW)
    for lang, heading in (("en", "The shop's social media pages"), ("ru", "Страницы магазина в соцсетях"), ("zh", "店铺的社交媒体页面")):
        text = export_markdown(case, lang=lang)  # type: ignore[arg-type]
        assert f"## {heading}" in text
        assert "- 2026-11-28 12:00 UTC · <https://vk.com/technomir_shop>" in text
    assert "## The shop's social media pages" not in export_markdown(case_with_support_contact(1))


def _fixture_order() -> dict[str, Any]:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "unit_js" / "order.json"
    order: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return order


@pytest.mark.parametrize("problem", sorted(load_data("problems")["problems"]))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_public_or_social_text_carries_personal_data(problem: str, lang: str) -> None:
    """The public comment names nothing personal, not even the order number or the buyer's
    signature; the shop's private message names the order number and nothing else."""
    payload = {"order": _fixture_order(), "problem": {"code": problem}, "lang": lang,
               "channel": "public_post", "profile": {"name": "Анна Petrova", "tone": "formal"}}
    reply = call("draft", payload)
    assert reply["ok"], reply
    public = reply["result"]
    for text in (public["ru"]["body"], public["side"]["body"]):
        assert find_personal_data(text) == [], text
        assert "Анна" not in text and "Petrova" not in text
        assert "46206571-0591" not in text
    private = social_channels(order_number="46206571-0591", problem=problem, lang=lang)  # type: ignore[arg-type]
    assert find_personal_data(private.private_message["ru"]["body"]) == ["order_number"]
    assert "Анна" not in private.private_message["side"]["body"]
