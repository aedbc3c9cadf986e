"""Reading an order from a page snapshot: the widgets' ``data-state`` JSON plus visible text.

The page shapes change over time, so the extraction never depends on one JSON layout: it
walks the widget data looking for keys that carry meaning (``postingNumber``, ``products``,
``sellers``, ``status`` ...), then fills what is still unknown from the visible text, and
reports the fields it could not find instead of failing. What it looks for (widget
names, status labels, month names) lives in ``data/page.json``.

The snapshot comes from a page we do not control: any field may be missing, of the wrong
type or hostile. Nothing here raises on bad input; problems become ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from ._data import load_data
from ._safe_json import loads as safe_json_loads
from .models import (
    ORDER_NUMBER_RE,
    POSTING_NUMBER_RE,
    DeliveryScheme,
    Order,
    OrderItem,
    OrderStatus,
    Parcel,
)

__all__ = ["Extraction", "Snapshot", "extract_order", "read_snapshot"]

_MAX_WIDGETS = 500
_MAX_STATE = 1_000_000
_MAX_TEXT = 200_000
_MAX_DEPTH = 40
_MAX_ITEMS = 500
_MAX_PARCELS = 100

# Order of progress, for the status of an order with several parcels: the least advanced
# parcel that is not cancelled says where the order stands.
_PROGRESS = [
    OrderStatus.PROCESSING,
    OrderStatus.IN_TRANSIT,
    OrderStatus.READY_FOR_PICKUP,
    OrderStatus.RECEIVED,
]

PageKind = Literal["order_details", "unknown"]

#: Fields the panel should ask the buyer for when the page did not show them.
REPORTED_FIELDS = ("number", "created_date", "status", "items", "sellers", "delivery_scheme")


class Extraction(BaseModel):
    """What the extraction found on a page, and what it could not find."""

    model_config = ConfigDict(extra="forbid")

    page_kind: PageKind
    order: Order | None
    missing: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


@dataclass
class Widget:
    """One widget's state element."""

    widget: str
    id: str
    state: str


@dataclass
class Snapshot:
    """A page snapshot after its types were checked."""

    url: str = ""
    title: str = ""
    lang: str = ""
    widgets: list[Widget] = field(default_factory=list)
    text: str = ""
    captured_at: datetime | None = None


def _str_field(raw: dict[str, Any], name: str, warnings: list[str], limit: int) -> str:
    value = raw.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        warnings.append(f"The page snapshot's {name!r} is not text; it was ignored.")
        return ""
    if len(value) > limit:
        warnings.append(f"The page snapshot's {name!r} was cut to {limit} characters.")
        return value[:limit]
    return value


def read_snapshot(raw: object) -> tuple[Snapshot, list[str]]:
    """Checks the snapshot's types, dropping what is unusable, and says what was dropped."""
    warnings: list[str] = []
    if not isinstance(raw, dict):
        return Snapshot(), ["The page snapshot is not an object; nothing could be read."]
    snap = Snapshot(
        url=_str_field(raw, "url", warnings, 4000),
        title=_str_field(raw, "title", warnings, 2000),
        lang=_str_field(raw, "lang", warnings, 40),
        text=_str_field(raw, "text", warnings, _MAX_TEXT),
    )
    captured = _str_field(raw, "captured_at", warnings, 40)
    if captured:
        try:
            moment = datetime.fromisoformat(captured)
            snap.captured_at = (
                moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
            )
        except ValueError:
            warnings.append("The page snapshot's capture time is not a date; today was used.")
    widgets = raw.get("widgets", [])
    if not isinstance(widgets, list):
        warnings.append("The page snapshot's 'widgets' is not a list; widget data was ignored.")
        widgets = []
    if len(widgets) > _MAX_WIDGETS:
        warnings.append(f"The page has more than {_MAX_WIDGETS} widgets; the rest were ignored.")
        widgets = widgets[:_MAX_WIDGETS]
    bad = 0
    for item in widgets:
        if not isinstance(item, dict):
            bad += 1
            continue
        name, ident, state = item.get("widget", ""), item.get("id", ""), item.get("state", "")
        if not isinstance(name, str) or not isinstance(ident, str) or not isinstance(state, str):
            bad += 1
            continue
        snap.widgets.append(Widget(name[:200], ident[:400], state[:_MAX_STATE]))
    if bad:
        warnings.append(f"{bad} widget entries of the page snapshot were malformed and ignored.")
    return snap, warnings


# --- small parsers -------------------------------------------------------------------------

_MONTHS_RE_CACHE: list[re.Pattern[str]] = []


def _date_re() -> re.Pattern[str]:
    if not _MONTHS_RE_CACHE:
        months = "|".join(load_data("page")["months"])
        _MONTHS_RE_CACHE.append(
            re.compile(
                rf"(\d{{1,2}})(?:\s*[–—-]\s*(\d{{1,2}}))?\s+({months})(?:\s+(\d{{4}}))?",
                re.IGNORECASE,
            )
        )
    return _MONTHS_RE_CACHE[0]


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_ru_date(text: str, reference: date, past: bool = True) -> date | None:
    """The first date written in ``text`` ("20 ноября", "17 сентября 2025", "20.11.2026").

    Without a year, the year is the one that puts the date nearest ``reference``, never in
    the future when ``past`` (order and delivery dates). A range ("24–26 ноября") gives its
    last day, the cautious one for a delivery promise.
    """
    match = _date_re().search(text)
    if match:
        day = int(match.group(2) or match.group(1))
        month = load_data("page")["months"][match.group(3).lower()]
        if match.group(4):
            return _safe_date(int(match.group(4)), month, day)
        candidates = [
            d
            for y in (reference.year - 1, reference.year, reference.year + 1)
            if (d := _safe_date(y, month, day)) is not None
        ]
        if past:
            candidates = [d for d in candidates if d <= reference] or candidates
        return min(candidates, key=lambda d: abs((d - reference).days)) if candidates else None
    numeric = _NUMERIC_DATE.search(text)
    if numeric:
        if numeric.group(1):
            return _safe_date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        return _safe_date(int(numeric.group(4)), int(numeric.group(5)), int(numeric.group(6)))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_MONEY_RE = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?")


def parse_money(value: object) -> Decimal | None:
    """A price from "5 990 ₽", "2 × 390 ₽" (the unit price, 390), 5990 or "5990.50"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return None
        return amount if amount >= 0 and amount.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.split("×")[-1] if "×" in value else value
    match = _MONEY_RE.search(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    if len(digits) > 12:
        return None
    amount = Decimal(digits)
    if match.group(2):
        amount += Decimal(match.group(2)) / (10 ** len(match.group(2)))
    return amount


def _currency(value: str) -> str | None:
    for sign, code in load_data("page")["currency_signs"].items():
        if sign in value:
            return str(code)
    return None


def _status_from_label(label: str) -> OrderStatus | None:
    statuses: dict[str, str] = load_data("page")["statuses"]
    clean = label.strip()
    for known in sorted(statuses, key=len, reverse=True):
        if clean == known or clean.startswith(known):
            return OrderStatus(statuses[known])
    return None


def _first_text(node: object, keys: tuple[str, ...]) -> str | None:
    """The text under the first of ``keys`` in a dict: a string, or ``{"text": ...}``."""
    if not isinstance(node, dict):
        return None
    for key in keys:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):
            for inner in ("text", "title", "name", "value", "price"):
                if isinstance(value.get(inner), str) and value[inner].strip():
                    return str(value[inner]).strip()
    return None


def _walk(node: object, depth: int = 0) -> Any:
    """Every dict inside a JSON value, depth-first, within a safe depth."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node[:1000]:
            yield from _walk(value, depth + 1)


def _strings(node: object, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value, depth + 1)
    elif isinstance(node, list):
        for value in node[:1000]:
            yield from _strings(value, depth + 1)


# --- the extraction ------------------------------------------------------------------------


@dataclass
class _Found:
    number: str | None = None
    created: date | None = None
    total: Decimal | None = None
    currency: str | None = None
    payment: str | None = None
    parcels: list[Parcel] = field(default_factory=list)
    items: list[OrderItem] = field(default_factory=list)
    sellers: list[str] = field(default_factory=list)
    tracking: str | None = None


def _order_number_in(text: str) -> str | None:
    posting = POSTING_NUMBER_RE.search(text)
    plain = ORDER_NUMBER_RE.search(text)
    if plain and not (posting and posting.start() == plain.start()):
        return plain.group(0)
    if posting:
        return posting.group(0).rsplit("-", 1)[0]
    return None


def _number_from_url(query: dict[str, list[str]]) -> str | None:
    for key in ("order", "orderNumber", "shipment_id", "posting"):
        for value in query.get(key, []):
            value = value.strip()
            if POSTING_NUMBER_RE.fullmatch(value):
                return value.rsplit("-", 1)[0]
            if ORDER_NUMBER_RE.fullmatch(value):
                return value
    return None


def _add_seller(found: _Found, name: str | None) -> None:
    if name:
        name = " ".join(name.split())[:200]
        if name and name not in found.sellers:
            found.sellers.append(name)


def _read_item(node: dict[str, Any], seller: str | None, posting: str | None) -> OrderItem | None:
    title_node = node.get("title")
    title: str | None = None
    sku: object = None
    if isinstance(title_node, dict):
        title = title_node.get("name") if isinstance(title_node.get("name"), str) else None
        common = title_node.get("common")
        if isinstance(common, dict) and isinstance(common.get("action"), dict):
            sku = common["action"].get("id")
    elif isinstance(title_node, str):
        title = title_node
    if title is None and isinstance(node.get("name"), str):
        title = node["name"]
    if sku is None:
        sku = node.get("sku", node.get("skuId"))
    if not title or not title.strip():
        return None
    sku_text = str(sku) if isinstance(sku, str | int) and not isinstance(sku, bool) else None
    if sku_text is not None and not re.fullmatch(r"\d{1,20}", sku_text):
        sku_text = None
    quantity = node.get("quantity", node.get("count", 1))
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 10_000:
        quantity = 1
    price_node = node.get("price")
    price = parse_money(price_node.get("price") if isinstance(price_node, dict) else price_node)
    try:
        return OrderItem(
            title=" ".join(title.split())[:500],
            sku=sku_text,
            quantity=quantity,
            price=price if price is not None and price < Decimal("1e12") else None,
            seller=seller,
            parcel=posting,
        )
    except ValueError:
        return None


def _read_parcel(node: dict[str, Any], found: _Found, reference: date) -> None:
    if len(found.parcels) >= _MAX_PARCELS:
        return
    posting_raw = node.get("postingNumber")
    posting = posting_raw.strip() if isinstance(posting_raw, str) else None
    if posting is not None and not POSTING_NUMBER_RE.fullmatch(posting):
        posting = None
    page = load_data("page")

    seller: str | None = None
    sellers = node.get("sellers")
    if isinstance(sellers, list):
        for entry in sellers:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                seller = seller or entry["name"].strip()
                _add_seller(found, entry["name"])
    for key in ("sellerName", "seller"):
        value = node.get(key)
        name = value if isinstance(value, str) else _first_text(node, (key,))
        if name:
            seller = seller or name
            _add_seller(found, name)

    label: str | None = None
    dates: list[str] = []
    scheme = DeliveryScheme.UNKNOWN
    fulfilment: str | None = None
    tracking: str | None = None
    for inner in _walk(node):
        if inner is not node and ("postingNumber" in inner):
            continue
        label = label or _first_text(inner, ("status", "badgeStatus", "statusText"))
        for key in ("subtitle", "deliveryDate", "date", "dateText"):
            if isinstance(inner.get(key), str):
                dates.append(inner[key])
        for key in ("schema", "deliverySchema", "deliveryType", "scheme"):
            value = inner.get(key)
            key_value = value.upper().replace("-", "") if isinstance(value, str) else ""
            if key_value in page["scheme_values"]:
                scheme = DeliveryScheme(page["scheme_values"][key_value])
                fulfilment = page["fulfilment_values"].get(key_value, fulfilment)
        for key in ("trackingNumber", "trackNumber", "tracking"):
            value = inner.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                tracking = str(value).strip()[:100]
    if scheme is DeliveryScheme.UNKNOWN:
        scheme = _scheme_from_text(" ".join(_strings(node)))

    status = _status_from_label(label) if label else None
    received: date | None = None
    expected: date | None = None
    for line in dates:
        kind = _date_kind(line)
        if kind == "received":
            received = received or parse_ru_date(line, reference, past=True)
        elif kind == "expected":
            expected = expected or parse_ru_date(line, reference, past=False)

    products = node.get("products", node.get("items"))
    if isinstance(products, list):
        for entry in products[:_MAX_ITEMS]:
            if len(found.items) >= _MAX_ITEMS:
                break
            if isinstance(entry, dict):
                item = _read_item(entry, seller, posting)
                if item is not None:
                    found.items.append(item)
                    if item.price is not None:
                        price_text = entry.get("price")
                        if isinstance(price_text, dict):
                            price_text = price_text.get("price")
                        if isinstance(price_text, str):
                            found.currency = found.currency or _currency(price_text)
    found.tracking = found.tracking or tracking
    found.parcels.append(
        Parcel(
            number=posting,
            status=status or OrderStatus.UNKNOWN,
            status_label=label[:100] if label else None,
            delivery_scheme=scheme,
            fulfilment=fulfilment,  # type: ignore[arg-type]  # values come from page.json
            seller=seller[:200] if seller else None,
            expected_date=expected,
            received_date=received,
            tracking=tracking,
        )
    )


def _date_kind(line: str) -> str | None:
    markers = load_data("page")["date_markers"]
    for kind in ("received", "expected", "created"):
        if any(line.strip().startswith(marker) for marker in markers[kind]):
            return str(kind)
    return None


def _scheme_from_text(text: str) -> DeliveryScheme:
    markers = load_data("page")["scheme_text"]
    if any(marker in text for marker in markers["seller"]):
        return DeliveryScheme.SELLER
    if any(marker in text for marker in markers["ozon"]):
        return DeliveryScheme.OZON
    return DeliveryScheme.UNKNOWN


def _read_widget_states(
    snap: Snapshot, found: _Found, reference: date, warnings: list[str]
) -> None:
    page = load_data("page")
    for widget in snap.widgets:
        if not widget.state.strip():
            continue
        try:
            data = safe_json_loads(widget.state)
        except (ValueError, RecursionError):
            warnings.append(
                f"The data of the page block {widget.widget or widget.id!r} could not be read; "
                "its visible text was used instead."
            )
            continue
        has_parcel = False
        for node in _walk(data):
            if "postingNumber" in node or (
                widget.widget in page["widgets"]["parcel"]
                and isinstance(node.get("products"), list)
                and node is data
            ):
                has_parcel = True
                _read_parcel(node, found, reference)
            for key in ("orderNumber", "number"):
                value = node.get(key)
                if isinstance(value, str) and found.number is None:
                    found.number = _order_number_in(value)
            if found.created is None:
                for key in ("title", "subtitle"):
                    value = node.get(key)
                    if isinstance(value, str) and value.strip().startswith("Заказ от"):
                        found.created = parse_ru_date(value, reference, past=True)
            total = node.get("total")
            if found.total is None and isinstance(total, dict):
                price_text = total.get("price")
                found.total = parse_money(price_text)
                if isinstance(price_text, str):
                    found.currency = found.currency or _currency(price_text)
            payment = node.get("paymentStatus")
            if isinstance(payment, str) and payment.strip():
                found.payment = found.payment or payment.strip()[:100]
        if found.number is None:
            for text in _strings(data):
                if "№" in text or widget.widget in page["widgets"]["title"]:
                    number = _order_number_in(text)
                    if number:
                        found.number = number
                        break
        if not has_parcel and widget.widget in page["widgets"]["parcel"]:
            warnings.append(
                f"The page block {widget.widget!r} has an unknown data layout; "
                "its visible text was used instead."
            )


# A product line as the order page prints it: "Title · 2 шт. · 1 290 ₽" (separators vary).
_ITEM_LINE = re.compile(
    r"^(?P<title>[^·|]{3,300}?)\s*[·|]\s*(?P<qty>\d{1,4})\s*шт\.?\s*[·|]\s*"
    r"(?P<price>(?:\d+\s*×\s*)?\d[\d \u00a0\u202f]*(?:[.,]\d{1,2})?\s*(?:₽|₸|руб|тг))"
)


def _item_from_line(line: str, seller: str | None) -> OrderItem | None:
    match = _ITEM_LINE.match(line)
    if match is None:
        return None
    try:
        return OrderItem(
            title=match.group("title").strip(),
            quantity=max(1, int(match.group("qty"))),
            price=parse_money(match.group("price")),
            seller=seller,
        )
    except ValueError:
        return None


_LINE_NUMBER = re.compile(r"(?:№|[Зз]аказ\s+№?)\s*(\d{1,20}-\d{4}(?:-\d{1,6})?)")


def _read_text(snap: Snapshot, found: _Found, reference: date) -> None:
    page = load_data("page")
    text = snap.text
    if found.number is None:
        match = _LINE_NUMBER.search(text) or _LINE_NUMBER.search(snap.title)
        if match:
            found.number = _order_number_in(match.group(1))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if found.created is None:
        for line in lines:
            index = line.find("Заказ от")
            if index >= 0:
                found.created = parse_ru_date(line[index:], reference, past=True)
                if found.created:
                    break
    if not found.sellers:
        for line in lines:
            for label in page["text_labels"]["seller"]:
                if line.startswith((label + ":", label + " ")):
                    _add_seller(found, line[len(label) :].lstrip(": ").strip() or None)
    if found.total is None:
        for line in lines:
            for label in page["text_labels"]["total"]:
                if line.startswith(label):
                    found.total = parse_money(line[len(label) :])
                    found.currency = found.currency or _currency(line)
                    break
            if found.total is not None:
                break
    if found.payment is None:
        for label in sorted(page["payment_statuses"], key=len, reverse=True):
            if any(line == label or line.startswith(label + " ") for line in lines):
                found.payment = label
                break
    if found.tracking is None:
        for line in lines:
            for label in page["text_labels"]["tracking"]:
                if line.startswith(label):
                    value = line[len(label) :].lstrip(": ").strip()
                    if value:
                        found.tracking = value[:100]
    if not found.items:
        for line in lines:
            item = _item_from_line(line, found.sellers[0] if len(found.sellers) == 1 else None)
            if item is not None:
                found.items.append(item)
                found.currency = found.currency or _currency(line)
    if not found.parcels:
        status: OrderStatus | None = None
        status_label: str | None = None
        received: date | None = None
        expected: date | None = None
        for line in lines:
            for piece in re.split(r"\s{2,}|·", line):
                piece = piece.strip()
                if not piece:
                    continue
                guess = _status_from_label(piece)
                if guess is not None and status is None:
                    status, status_label = guess, piece.split(" ")[0] if len(piece) > 30 else piece
                kind = _date_kind(piece)
                if kind == "received" and received is None:
                    received = parse_ru_date(piece, reference, past=True)
                elif kind == "expected" and expected is None:
                    expected = parse_ru_date(piece, reference, past=False)
        if status is not None or received is not None or expected is not None:
            found.parcels.append(
                Parcel(
                    status=status or OrderStatus.UNKNOWN,
                    status_label=status_label[:100] if status_label else None,
                    delivery_scheme=_scheme_from_text(text),
                    seller=found.sellers[0] if len(found.sellers) == 1 else None,
                    received_date=received,
                    expected_date=expected,
                    tracking=found.tracking,
                )
            )


def _order_status(parcels: list[Parcel]) -> tuple[OrderStatus, str | None]:
    known = [p for p in parcels if p.status is not OrderStatus.UNKNOWN]
    if not known:
        return OrderStatus.UNKNOWN, None
    active = [p for p in known if p.status is not OrderStatus.CANCELLED]
    if not active:
        return OrderStatus.CANCELLED, known[0].status_label
    least = min(active, key=lambda p: _PROGRESS.index(p.status))
    return least.status, least.status_label


def _order_scheme(parcels: list[Parcel]) -> DeliveryScheme:
    schemes = {p.delivery_scheme for p in parcels} - {DeliveryScheme.UNKNOWN}
    if len(schemes) == 1:
        return schemes.pop()
    if len(schemes) > 1:
        return DeliveryScheme.MIXED
    return DeliveryScheme.UNKNOWN


def _page_kind(path: str) -> PageKind:
    kinds: dict[str, list[str]] = load_data("page")["page_kinds"]
    for prefix in kinds["order_details"]:
        if path.rstrip("/").lower().startswith(prefix):
            return "order_details"
    return "unknown"


def _site(host: str) -> str | None:
    host = host.lower().split(":")[0]
    for site in load_data("page")["hosts"]:
        if host == site or host.endswith("." + site):
            return str(site)
    return None


def extract_order(raw_snapshot: object, today: date | None = None) -> Extraction:
    """Reads the order shown in a page snapshot.

    Args:
        raw_snapshot: The snapshot object the content script sends (any shape is accepted).
        today: The reference date when the snapshot has no capture time.

    Returns:
        The page kind, the order (``None`` on a page that is not an order page), the
        fields that could not be found and warnings about unreadable parts of the page.
    """
    snap, warnings = read_snapshot(raw_snapshot)
    reference = snap.captured_at.date() if snap.captured_at else (today or date.today())
    try:
        parts = urlsplit(snap.url)
        query = parse_qs(parts.query)
        host, path = parts.hostname or "", parts.path
    except ValueError:
        warnings.append("The page address could not be read.")
        query, host, path = {}, "", ""
    site = _site(host)
    kind = _page_kind(path) if site else "unknown"
    page = load_data("page")
    if (
        kind == "unknown"
        and not snap.url
        and any(w.widget in page["widgets"]["parcel"] for w in snap.widgets)
    ):
        kind = "order_details"
        warnings.append("The page address is missing; the page looks like an order page.")
    if kind == "unknown":
        if snap.url and not site:
            warnings.append("This is not an Ozon page.")
        else:
            warnings.append(
                "This is not an order page: open the order from «Мои заказы» (My orders)."
            )
        return Extraction(page_kind="unknown", order=None, missing=[], warnings=warnings)

    found = _Found(number=_number_from_url(query))
    _read_widget_states(snap, found, reference, warnings)
    _read_text(snap, found, reference)

    status, label = _order_status(found.parcels)
    received = [p.received_date for p in found.parcels if p.received_date]
    expected = [
        p.expected_date
        for p in found.parcels
        if p.expected_date and p.status is not OrderStatus.RECEIVED
    ]
    trackings = [p.tracking for p in found.parcels if p.tracking]
    order = Order(
        number=found.number,
        site=site or "ozon.ru",
        url=snap.url[:2000] or None,
        created_date=found.created,
        status=status,
        status_label=label,
        payment_status=found.payment,
        currency=found.currency or page["currencies"].get(site or "ozon.ru", "RUB"),
        total=found.total if found.total is not None and found.total < Decimal("1e12") else None,
        items=found.items[:500],
        sellers=found.sellers[:100],
        parcels=found.parcels[:100],
        delivery_scheme=_order_scheme(found.parcels),
        expected_date=min(expected) if expected else None,
        received_date=min(received) if received else None,
        tracking=trackings[0] if trackings else found.tracking,
    )
    missing = [name for name in REPORTED_FIELDS if _is_missing(order, name)]
    if order.status is OrderStatus.RECEIVED and order.received_date is None:
        missing.append("received_date")
    if (
        order.status in (OrderStatus.IN_TRANSIT, OrderStatus.PROCESSING)
        and order.expected_date is None
    ):
        missing.append("expected_date")
    return Extraction(page_kind=kind, order=order, missing=missing, warnings=warnings)


def _is_missing(order: Order, name: str) -> bool:
    value = getattr(order, name)
    if name == "status":
        return bool(value is OrderStatus.UNKNOWN)
    if name == "delivery_scheme":
        return bool(value is DeliveryScheme.UNKNOWN)
    return value is None or value == []
