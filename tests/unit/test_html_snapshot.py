"""The HTML -> snapshot helper mirrors the content script."""

from __future__ import annotations

from py_core._html_snapshot import snapshot_from_html

PAGE = """<!DOCTYPE html><html lang="ru"><head><title> Заказ
 № 1-2345 </title><style>.a{}</style></head><body>
<div id="menu">Меню</div>
<div id="layoutPage"><div data-widget="outer"><div data-widget="shipmentWidget" class="x1_2">
<div id="state-shipmentWidget-1-default-1" data-state="{&quot;a&quot;:1}"></div>
<span>Получен</span> <span>20&nbsp;ноября</span><br>
<script>var hidden = 1;</script><img src="data:,">
<p>Продавец:   Дом</p></div>
<div id="state-orphan-2" data-state="[]"></div></div></div></body></html>"""


def test_snapshot_from_html() -> None:
    snap = snapshot_from_html(PAGE, "https://www.ozon.ru/my/orderdetails/?order=1-2345")
    assert snap["lang"] == "ru"
    assert snap["title"] == "Заказ № 1-2345"
    assert snap["widgets"] == [
        {"widget": "shipmentWidget", "id": "state-shipmentWidget-1-default-1", "state": '{"a":1}',
         "container": ""},
        {"widget": "outer", "id": "state-orphan-2", "state": "[]", "container": ""},
    ]
    assert snap["text"] == "Получен 20 ноября\nПродавец: Дом"
    assert "Меню" not in snap["text"] and "hidden" not in snap["text"]


def test_body_text_when_there_is_no_layout_root() -> None:
    snap = snapshot_from_html("<html><body><p>Заказ № 1-2345</p></body></html>", "https://x")
    assert snap["text"] == "Заказ № 1-2345"
    assert snap["lang"] == "" and snap["widgets"] == []
