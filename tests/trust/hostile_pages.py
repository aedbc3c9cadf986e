"""A seeded generator of hostile and broken Ozon order pages.

Every page is built on one of the shapes the extension must read:

- ``current``: the widget layout rebuilt in /work/shared/ozon-shapes/orderdetails.widgetStates
  .shape.json (``titleWithTimer`` with ``title.text``, ``shipmentWidget`` with
  ``header[0].textIcon.text.text`` and ``items[].sellers[].products[]``, ``orderDetailsItem``
  cells for the address and the recipient);
- ``flat``: the flatter layout of the saved fixtures (``postingNumber``, ``header.status``,
  ``sellers``, ``products``; tests/fixtures/pages/_make_fixtures.py);
- ``archive``: the older ``orderDetailsShipment`` block of archived orders;
- ``text``: no data at all, only the visible text.

and then spoilt with a few of these traits (the seed picks which):

- ``html``: script and HTML in titles, seller names and statuses (each payload, if it ever
  became HTML, would add an element with class ``och-injected`` or set ``window.__pwned``);
- ``broken``/``truncated``/``nested``/``huge``: a data-state that is not JSON, cut short,
  nested 20,000 levels deep, or 5 MB long;
- ``many``: 2,000 items;
- ``unicode``: right-to-left, zero-width and emoji characters everywhere;
- ``missing``: some of the title, parcel and total widgets left out;
- ``no_number``: no order number anywhere (the page must say it could not read it);
- ``rewrite``: a page script that rewrites part of the page every 10 ms.

Every page carries the recipient's name, phone and address (``RECIPIENT``): they must never
reach storage, a log or an export.

Run ``python tests/trust/hostile_pages.py --out DIR`` to write the pages and an index.json
(the Firefox suite does); the pytest suites import ``generate``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from typing import Any

SEED = 20261128
COUNT = 320

# The recipient as an order page shows it (the "Получатель" cell and the address cell).
RECIPIENT = {
    "name": "Ярославцева Аглая Феоктистовна",
    "phone": "+7 916 555-01-23",
    "address": "Россия, Москва, улица Воздвиженка, дом 17, квартира 42",
}

# Script and HTML as a hostile seller or a broken page might put them into text.
INJECTIONS = [
    '<img class="och-injected" src="x" onerror="window.__pwned=(window.__pwned||0)+1">',
    '<script>window.__pwned=(window.__pwned||0)+1</script>',
    '"><b class="och-injected">bold</b><"',
    "</textarea><b class='och-injected'>out</b><textarea>",
    '<svg class="och-injected" onload="window.__pwned=1"></svg>',
    '<iframe class="och-injected" srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "{{ 7*7 }}{% for x in range(3) %}jinja{% endfor %}",
    "${window.__pwned=1}`${1}`",
    "javascript:window.__pwned=1",
    '<a class="och-injected" href="javascript:window.__pwned=1">click</a>',
]
UNICODE_BITS = ["\u202e", "\u200b", "\u200d", "\u2066", "\ufeff", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                "\u05e2\u05d1\u05e8\u05d9\u05ea", "😀", "👨‍👩‍👧", "🇷🇺", "\u0301", "\u00a0"]
STATUSES = ["Получен", "В пути", "Отменён", "Ожидает получения", "В сборке", "Доставлен"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря"]
SHAPES = ["current", "flat", "archive", "text"]
TRAITS = ["html", "broken", "truncated", "nested", "huge", "many", "unicode", "missing",
          "no_number", "rewrite"]
HOSTS = ["www.ozon.ru", "www.ozon.ru", "www.ozon.ru", "ozon.ru", "www.ozon.kz", "www.ozon.by"]

# A page script every page carries: counters of clicks on its Send button and Enter presses
# in its chat box (the extension must never press either), a 10 ms timer loop the suites
# measure (the extension must not slow it) and, on "rewrite" pages, a rewrite of part of
# the page on each tick.
PAGE_SCRIPT = """<script>
window.__ticks = 0; window.__late = 0; window.__sendPresses = 0; window.__enterPresses = 0;
document.addEventListener('click', function (e) {
  if (e.target.closest && e.target.closest('[data-testid=page-send]')) window.__sendPresses += 1;
}, true);
document.addEventListener('keydown', function (e) {
  if (e.key === 'Enter' && e.target.matches && e.target.matches('[data-testid=page-composer]')) window.__enterPresses += 1;
}, true);
(function () {
  var last = performance.now();
  var rewrite = document.documentElement.hasAttribute('data-rewrite');
  setInterval(function () {
    var now = performance.now();
    window.__late += Math.max(0, now - last - 10);
    last = now;
    window.__ticks += 1;
    if (rewrite) {
      var box = document.getElementById('och-rewrite');
      if (box) {
        var line = document.createElement('div');
        line.textContent = 'Обновлено ' + window.__ticks;
        box.replaceChildren(line);
        document.title = 'Заказ · ' + window.__ticks;
      }
    }
  }, 10);
})();
</script>"""


@dataclass
class HostilePage:
    name: str
    url: str
    shape: str
    traits: list[str]
    number: str | None  # the number the page shows, None when it shows none
    injections: int  # how many script/HTML payloads the page carries
    html: str = field(repr=False)

    def meta(self) -> dict[str, Any]:
        data = asdict(self)
        del data["html"]
        return data


class _Builder:
    def __init__(self, rng: random.Random, traits: set[str]) -> None:
        self.rng = rng
        self.traits = traits
        self.injections = 0

    def text(self, plain: str) -> str:
        """A text field, spoilt as the traits say."""
        out = plain
        if "html" in self.traits and self.rng.random() < 0.7:
            out = f"{out} {self.rng.choice(INJECTIONS)}"
            self.injections += 1
        if "unicode" in self.traits:
            bits = self.rng.sample(UNICODE_BITS, 3)
            cut = self.rng.randrange(len(out) + 1)
            out = out[:cut] + "".join(bits) + out[cut:]
        return out

    def state_json(self, data: Any) -> str:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        rng = self.rng
        if "broken" in self.traits and rng.random() < 0.5:
            pos = rng.randrange(1, max(2, len(raw)))
            raw = raw[:pos] + rng.choice(["}}}", "\\", '"', "\x00", "NaN,", "]["]) + raw[pos:]
        if "truncated" in self.traits and rng.random() < 0.5:
            raw = raw[: rng.randrange(1, max(2, len(raw)))]
        return raw


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"


def _state(widget: str, wid: int, raw: str) -> str:
    return f'<div id="state-{widget}-{wid}-default-1" data-state="{escape(raw, quote=True)}"></div>'


def _widget(name: str, inner: str) -> str:
    return f'<div data-widget="{name}" class="w{sum(map(ord, name)) % 97}_1">\n{inner}\n</div>'


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _huge(rng: random.Random, size: int = 5 * 1024 * 1024) -> str:
    chunk = json.dumps({"title": {"text": "Ш" * 60}, "id": rng.randrange(10**9)}, ensure_ascii=False)
    count = size // (len(chunk.encode()) + 1) + 1
    return '{"items":[' + ",".join([chunk] * count) + "]}"


def _products(b: _Builder, count: int) -> list[dict[str, Any]]:
    rng = b.rng
    out = []
    for i in range(count):
        sku = str(rng.randrange(10**9, 10**10))
        out.append({
            "title": b.text(rng.choice(["Чайник электрический", "Наушники беспроводные",
                                        "Кабель USB-C", "Рюкзак городской", "Книга"]) + f" {i + 1}"),
            "sku": sku,
            "price": f"{rng.randint(1, 99)} {rng.randint(100, 999)} ₽",
            "qty": rng.randint(1, 3),
        })
    return out


def _visible_rows(products: list[dict[str, Any]], limit: int = 60) -> str:
    return "\n".join(
        f'<div class="p7t_5"><a href="/product/{p["sku"]}/">{escape(p["title"])}</a> · '
        f'{p["qty"]} шт. · {escape(p["price"])}</div>'
        for p in products[:limit]
    )


def _parcel_data(shape: str, b: _Builder, number: str | None, index: int, status: str,
                 date_line: str, seller: str, products: list[dict[str, Any]]) -> Any:
    posting = f"{number}-{index}" if number else f"posting-{index}"
    if shape == "current":
        return {
            "shipmentId": b.rng.randrange(10**10, 10**11),
            "header": [{"type": "textIcon", "textIcon": {"text": {
                "text": f"{status} {date_line}", "testInfo": {"automatizationId": "shipment-status"}}}}],
            "items": [{"sellers": [{"name": {"text": seller}, "products": [
                {"title": {"name": {"text": p["title"]},
                           "common": {"action": {"id": p["sku"], "link": f"/product/{p['sku']}/"}}},
                 "price": {"price": [{"text": p["price"], "textStyle": "PRICE"}]},
                 "addToCartButton": {"action": {"quantity": p["qty"]}}} for p in products]}]}],
        }
    return {
        "postingNumber": posting,
        "header": {"title": f"Отправление {index}", "status": {"text": status}, "subtitle": date_line},
        "deliveryInfo": {"schema": b.rng.choice(["FBO", "FBS", "RFBS"]),
                         "title": "Пункт выдачи Ozon"},
        "sellers": [{"name": seller}],
        "products": [{"title": {"name": p["title"], "common": {"action": {"id": p["sku"]}}},
                      "price": {"price": p["price"]}, "quantity": p["qty"]} for p in products],
    }


def make_page(index: int, seed: int = SEED, *, clean: bool = False) -> HostilePage:
    """Page ``index`` of the seeded set; ``clean``: the current shape with no trait at all."""
    rng = random.Random(seed * 100_003 + index)
    shape = "current" if clean else SHAPES[index % len(SHAPES)]
    # Every trait comes up on its own (the first pages) and then in random pairs and triples.
    if clean:
        traits: set[str] = set()
    elif index < len(TRAITS) * 3:
        traits = {TRAITS[index % len(TRAITS)]}
    else:
        traits = set(rng.sample(TRAITS, rng.randint(1, 3)))
    if shape == "text":
        traits -= {"broken", "truncated", "nested", "huge"}
        traits.add("html" if rng.random() < 0.5 else "unicode")
    b = _Builder(rng, traits)
    host = rng.choice(HOSTS)
    number = None if "no_number" in traits else f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10**4):04d}"
    url = (f"https://{host}/my/orderdetails/?order={number}" if number
           else f"https://{host}/my/orderdetails/?section=trust-{index}")
    missing = set()
    if "missing" in traits:
        missing = set(rng.sample(["title", "parcel", "total"], rng.randint(1, 3)))

    body: list[str] = []
    wid = 3_000_000 + index * 100
    title_name = {"current": "titleWithTimer", "flat": "titleWithTimer", "archive": "orderTitle",
                  "text": "titleWithTimer"}[shape]
    created = _date(rng)
    if "title" not in missing:
        shown = f"№ {number}" if number else "№ —"
        if shape == "current":
            data: Any = {"title": {"text": f"Заказ от {created}"}, "subtitle": {"text": shown}}
        else:
            data = {"title": f"Заказ от {created}", "subtitle": shown}
        inner = f'<h1>{escape(b.text("Заказ от " + created))}</h1>\n<span>{escape(shown)}</span>'
        if shape != "text":
            inner = _state(title_name, wid, b.state_json(data)) + "\n" + inner
        body.append(_widget(title_name, inner))

    parcel_name = "orderDetailsShipment" if shape == "archive" else "shipmentWidget"
    if "parcel" not in missing:
        parcels = rng.randint(1, 3)
        for p in range(parcels):
            count = 2000 if "many" in traits and p == 0 else rng.randint(1, 4)
            products = _products(b, count)
            status = b.text(rng.choice(STATUSES))
            date_line = _date(rng)
            seller = b.text(rng.choice(["ТехноМир", "Дом и Сад", "ИП Сидоров", "Shenzhen Trade Co"]))
            data = _parcel_data(shape, b, number, p + 1, status, date_line, seller, products)
            if "nested" in traits and p == 0:
                raw = _nested(20_000)
            elif "huge" in traits and p == 0:
                raw = _huge(rng)
            else:
                raw = b.state_json(data)
            visible = (f'<div>{escape(status)} {escape(date_line)}</div>\n'
                       f'<div>Продавец: {escape(seller)}</div>\n{_visible_rows(products)}')
            inner = visible if shape == "text" else _state(parcel_name, wid + 1 + p, raw) + "\n" + visible
            body.append(_widget(parcel_name, inner))

    # The delivery address and the recipient, as orderDetailsItem cells (current shape) or
    # plain text (older pages).
    cells = [("Доставка в пункт выдачи", "Пункт Ozon, " + RECIPIENT["address"]),
             ("Получатель", f"{RECIPIENT['name']}, {RECIPIENT['phone']}")]
    for k, (title, subtitle) in enumerate(cells):
        data = {"cell": {"title": {"text": title}, "subtitle": {"text": subtitle}}}
        inner = f"<div>{escape(title)}</div><div>{escape(subtitle)}</div>"
        if shape == "current":
            inner = _state("orderDetailsItem", wid + 50 + k, b.state_json(data)) + "\n" + inner
        body.append(_widget("orderDetailsItem", inner))

    if "total" not in missing:
        total = f"{rng.randint(1, 99)} {rng.randint(100, 999)} ₽"
        data = {"total": {"title": "Итого", "price": total}, "paymentStatus": "Оплачен"}
        inner = f"<div>Итого {escape(total)}</div>"
        if shape != "text":
            inner = _state("orderTotal", wid + 90, b.state_json(data)) + "\n" + inner
        body.append(_widget("orderTotal", inner))

    if "rewrite" in traits:
        body.append('<div id="och-rewrite"><div>Обновлено 0</div></div>')
    title = b.text(f"Заказ № {number or '—'} — OZON")
    html = f"""<!DOCTYPE html>
<html lang="ru"{' data-rewrite=""' if "rewrite" in traits else ""}>
<head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body>
<div id="layoutPage">
<header data-widget="header"><a href="/">OZON</a></header>
{chr(10).join(body)}
<textarea data-testid="page-composer" placeholder="Сообщение"></textarea>
<button type="button" data-testid="page-send">Отправить</button>
</div>
{PAGE_SCRIPT}
</body>
</html>
"""
    return HostilePage(name=f"{'clean' if clean else 'hostile'}-{index:03d}", url=url, shape=shape, traits=sorted(traits),
                       number=number, injections=b.injections, html=html)


def generate(count: int = COUNT, seed: int = SEED) -> list[HostilePage]:
    return [make_page(i, seed) for i in range(count)]


def browser_sample(pages: list[HostilePage], size: int = 30) -> list[HostilePage]:
    """At least ``size`` pages for the browsers: each trait and shape, then a seeded few."""
    chosen: dict[str, HostilePage] = {}
    for trait in TRAITS:
        for page in pages:
            if trait in page.traits and page.name not in chosen:
                chosen[page.name] = page
                break
    for shape in SHAPES:
        for page in pages:
            if page.shape == shape and "html" in page.traits and page.name not in chosen:
                chosen[page.name] = page
                break
    rng = random.Random(SEED)
    rest = [p for p in pages if p.name not in chosen]
    for page in rng.sample(rest, max(0, size - len(chosen))):
        chosen[page.name] = page
    return sorted(chosen.values(), key=lambda p: p.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the pages and index.json")
    parser.add_argument("--sample", type=int, default=0, help="write only the browser sample of N")
    parser.add_argument("--snapshots", action="store_true",
                        help="also write NAME.snapshot.json: what the content script would send")
    args = parser.parse_args()
    pages = generate()
    if args.sample:
        pages = browser_sample(pages, args.sample)
    pages.append(make_page(7, clean=True))
    args.out.mkdir(parents=True, exist_ok=True)
    index = {}
    for page in pages:
        (args.out / f"{page.name}.html").write_text(page.html, encoding="utf-8")
        if args.snapshots:
            from py_core._html_snapshot import snapshot_from_html

            snapshot = snapshot_from_html(page.html, page.url)
            (args.out / f"{page.name}.snapshot.json").write_text(
                json.dumps(snapshot, ensure_ascii=False), encoding="utf-8")
        index[page.name] = page.meta()
    (args.out / "index.json").write_text(json.dumps({"recipient": RECIPIENT, "pages": index},
                                                    ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
