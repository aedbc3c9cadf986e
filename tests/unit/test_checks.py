"""The draft checker."""

from __future__ import annotations

import pytest

from py_core.checks import check_draft

GOOD = "Здравствуйте! Пишу по заказу № 46206571-0591. Прошу заменить товар."


def found(text: str, form: str = "chat", **kw: object) -> list[str]:
    args: dict[str, object] = {"order_number": "46206571-0591", "max_length": 1000, **kw}
    return [c.code for c in check_draft(text, form=form, **args)]  # type: ignore[arg-type]


def test_a_good_message_passes() -> None:
    assert found(GOOD) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("Здравствуйте! Прошу заменить товар.", "no_order_number"),
        ("Здравствуйте! Заказ № 46206571-0591. Товар пришёл.", "no_request"),
        (GOOD + " " + "Очень долго. " * 100, "too_long"),
        (GOOD + " Сколько можно!!!", "shouting"),
        (GOOD + " ВЕРНИТЕ ДЕНЬГИ НЕМЕДЛЕННО СЕЙЧАС", "shouting"),
        (GOOD + " {{ order.number }}", "template_syntax"),
        (GOOD + " <b>срочно</b>", "html"),
        (GOOD + " &nbsp;", "html"),
    ],
)
def test_each_problem_is_flagged(text: str, code: str) -> None:
    assert code in found(text)


def test_abbreviations_are_not_shouting() -> None:
    assert found(GOOD + " Доставка OZON, FBS, СДЭК, ООО, ПВЗ.") == []


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("Заказ 46206571-0591.", "the order number"),
        ("Звоните +7 912 345-67-89.", "a phone number"),
        ("Пишите anna@example.org.", "an e-mail address"),
        ("Карта 4276 1234 5678 9012.", "a card number"),
        ("Анна Петрова.", "your name"),
    ],
)
def test_public_post_personal_data(extra: str, kind: str) -> None:
    checks = check_draft(
        "Ozon, помогите, пожалуйста. " + extra,
        form="public_post",
        order_number="46206571-0591",
        max_length=600,
        names=["Анна Петрова"],
    )
    assert checks[0].code == "personal_data" and checks[0].severity == "error"
    assert kind in checks[0].message


def test_public_post_needs_no_order_number() -> None:
    assert found("Ozon, помогите, пожалуйста, разобраться.", form="public_post") == []


def test_phone_points_need_no_request_words() -> None:
    assert found("• Номер заказа: 46206571-0591", form="phone") == []


def test_messages_in_the_panel_language() -> None:
    (zh,) = check_draft(
        "Заказ № 1-2345", form="chat", order_number="1-2345", max_length=None, lang="zh"
    )
    assert zh.code == "no_request" and "诉求" in zh.message
