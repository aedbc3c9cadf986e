"""No personal data in public texts: what the check finds, and what it leaves alone."""

from __future__ import annotations

import json

import pytest

from py_core.bridge import handle
from py_core.personal_data import check_public_text, find_personal_data


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Позвоните мне: +7 (916) 123-45-67", ["phone"]),
        ("звоните 8 916 123 45 67 вечером", ["phone"]),
        ("пишите на anna.k@mail.ru", ["email"]),
        ("карта 4276 1600 1234 5678", ["card"]),
        ("по заказу 46206571-0591 пришло не то", ["order_number"]),
        ("Доставьте на ул. Ленина, д. 5, кв. 12", ["address"]),
        ("живу на проспекте Мира", ["address"]),
        ("my address is 221 Baker Street, apt 4", ["address"]),
        ("请寄到朝阳区建国路88号", ["address"]),
        ("住在幸福小区", ["address"]),
        ("Меня зовут Анна, подойдёт ли размер?", ["name"]),
        ("My name is John. Does it fit?", ["name"]),
        ("我叫李伟，这个尺码合适吗？", ["name"]),
        ("С уважением, Ольга", ["name"]),
    ],
)
def test_personal_data_is_found(text: str, kinds: list[str]) -> None:
    assert find_personal_data(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Подскажите, пожалуйста, как садится эта модель: в размер, маломерит или большемерит?",
        "Подойдёт ли этот товар для моего устройства: iPhone 13 mini?",
        "Есть ли гарантия 12 месяцев? Артикул 1783456012.",
        "Какие замеры у размера 48-50 (обхват груди 96 см)?",
        "Does it work with a 220 V socket? Size 42, length 70 cm.",
        "这款是正品吗？保修期多长？",
        "Кормушка для птиц: из какого дерева?",
        "Подойдёт ли ремешок на корпус 44 мм? В инструкции, стр. 5, про это ничего нет.",
        "Площадь 20 кв. м, хватит мощности?",
    ],
)
def test_ordinary_questions_are_left_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_the_buyers_own_name_is_found_as_a_whole_word_only() -> None:
    assert find_personal_data("Спасибо! Ирина", names=["Ирина"]) == ["name"]
    assert find_personal_data("Подойдёт Ирине?", names=["Ирина"]) == []


def test_messages_come_in_the_buyers_language_and_name_no_value() -> None:
    checks = check_public_text("звоните +7 916 123-45-67", lang="en")
    assert checks[0].code == "personal_data" and checks[0].severity == "error"
    assert "a phone number" in checks[0].message
    assert "916" not in checks[0].message
    assert check_public_text("  ", lang="ru")[0].code == "empty"


def test_a_chinese_list_of_kinds_takes_the_enumeration_comma() -> None:
    both = "Ирина, звоните +7 916 123-45-67"
    zh = check_public_text(both, lang="zh", names=["Ирина"])[0].message
    assert "、" in zh and ", " not in zh, zh
    assert ", " in check_public_text(both, lang="en", names=["Ирина"])[0].message


def test_the_bridge_checks_an_edited_public_text() -> None:
    reply = json.loads(handle("public_check", json.dumps({"text": "мой e-mail a@b.ru", "lang": "zh"})))
    assert reply["ok"]
    assert reply["result"][0]["kinds"] == ["email"]
    assert "电子邮箱" in reply["result"][0]["message"]
