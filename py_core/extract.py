"""Reading an order from a page snapshot: the widgets' ``data-state`` JSON, the product
links and parcel containers, and the visible text.

Each widget is read by its role (title, parcel, total, returns; the site header's widgets
are skipped, the recipient's and address blocks never read) along the key paths and
``testInfo.automatizationId`` tags of ``data/page.json``, newest first, with our older
guesses as fall-backs (``_read_older_shape``). Texts are plain strings or text atoms
``{"text": ...}`` alike (``page_paths``). What the JSON does not give comes from the
second signal (product and seller links, each parcel container's text) and the visible
text; fields that stay unknown are reported instead of guessed. Widget names, paths, tags,
status labels and month names all live in ``data/page.json``, with their sources.

The snapshot comes from a page we do not control: any field may be missing, of the wrong
type or hostile. Nothing here raises on bad input; problems become ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from ._data import load_data, snapshot_limits
from ._safe_json import loads as safe_json_loads
from .locale_text import currency_in, parse_money, parse_ru_date
from .models import (
    ORDER_NUMBER_RE,
    POSTING_NUMBER_RE,
    DeliveryScheme,
    Order,
    OrderItem,
    OrderStatus,
    Parcel,
    ReturnRequest,
)
from .page_paths import automatization_id, find_tag, first_text, resolve, text_of, values, walk

__all__ = ["Extraction", "Snapshot", "extract_order", "read_snapshot"]

# The caps of extension/content/snapshot.js, applied again to input we do not control
# (one source: page.json "snapshot.limits", generated for the extension).
_LIMITS = snapshot_limits()
_MAX_WIDGETS = _LIMITS.widgets
_MAX_STATE = _LIMITS.state
_MAX_TEXT = _LIMITS.text
_MAX_PARCELS = _LIMITS.parcels
_MAX_DEPTH = 40
_MAX_ITEMS = 500  # items of an order read from its widgets

# Order of progress, for the status of an order with several parcels: the least advanced
# parcel that is not cancelled says where the order stands.
_PROGRESS = [
    OrderStatus.PROCESSING,
    OrderStatus.IN_TRANSIT,
    OrderStatus.READY_FOR_PICKUP,
    OrderStatus.RECEIVED,
]

PageKind = Literal["order_details", "returns", "return_details", "unknown"]

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
    """One widget's state element (``container``: the id of its ``data-widget`` element)."""

    widget: str
    id: str
    state: str
    container: str = ""


@dataclass
class Link:
    """A product link on the page (the second signal besides the JSON)."""

    text: str
    href: str
    container: str = ""


@dataclass
class ParcelBox:
    """A parcel's container on the page: its element id and its visible text."""

    id: str
    text: str = ""


@dataclass
class Snapshot:
    """A page snapshot after its types were checked."""

    url: str = ""
    title: str = ""
    lang: str = ""
    widgets: list[Widget] = field(default_factory=list)
    text: str = ""
    captured_at: datetime | None = None
    links: list[Link] = field(default_factory=list)
    parcels: list[ParcelBox] = field(default_factory=list)
    delivery: str = ""


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
        container = item.get("container", "")
        snap.widgets.append(
            Widget(
                name[:200],
                ident[:400],
                state[:_MAX_STATE],
                container[:200] if isinstance(container, str) else "",
            )
        )
    if bad:
        warnings.append(f"{bad} widget entries of the page snapshot were malformed and ignored.")
    links = raw.get("links", [])
    for link in links[: _LIMITS.links] if isinstance(links, list) else []:
        if isinstance(link, dict) and isinstance(link.get("href"), str):
            text, container = link.get("text", ""), link.get("container", "")
            snap.links.append(
                Link(
                    text[:500] if isinstance(text, str) else "",
                    link["href"][:1000],
                    container[:200] if isinstance(container, str) else "",
                )
            )
    parcels = raw.get("parcels", [])
    for box in parcels[:_MAX_PARCELS] if isinstance(parcels, list) else []:
        if isinstance(box, dict) and isinstance(box.get("id"), str):
            text = box.get("text", "")
            snap.parcels.append(
                ParcelBox(box["id"][:200], text[:20_000] if isinstance(text, str) else "")
            )
    delivery = raw.get("delivery", "")
    snap.delivery = delivery if delivery in ("pickup", "door") else ""
    return snap, warnings


# --- small parsers -------------------------------------------------------------------------

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
    payment_method: str | None = None
    delivery_kind: str | None = None
    returns: list[ReturnRequest] = field(default_factory=list)


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
    for inner in walk(node):
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
    received, expected = _received_and_expected(dates, reference)

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
                            found.currency = found.currency or currency_in(price_text)
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


def _received_and_expected(lines: list[str], reference: date) -> tuple[date | None, date | None]:
    """The first date said to be the day of receipt, and the first expected date, in ``lines``."""
    received: date | None = None
    expected: date | None = None
    for line in lines:
        kind = _date_kind(line)
        if kind == "received":
            received = received or parse_ru_date(line, reference, past=True)
        elif kind == "expected":
            expected = expected or parse_ru_date(line, reference, past=False)
    return received, expected


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


def _role(name: str) -> str | None:
    """The role of a widget by its name (title, parcel, total, tracking, returns)."""
    page = load_data("page")
    if name in page["ignore_widgets"]["names"]:
        return "ignore"
    if name in page["personal"]["widgets"]:
        return "personal"
    for role, spec in page["widgets"].items():
        if any(entry["name"] == name for entry in spec["names"]):
            return str(role)
    return None


def _paths(role: str, key: str) -> list[dict[str, Any]]:
    return list(load_data("page")["widgets"][role][key])


def delivery_kind_of(text: str) -> str | None:
    """ "pickup" or "door" from the title of the address block (never the address itself)."""
    words = load_data("page")["personal"]["delivery_kind_words"]
    low = text.lower()
    for kind in ("pickup", "door"):
        if any(word in low for word in words[kind]):
            return str(kind)
    return None


def is_personal(data: object) -> bool:
    """A recipient or address block (by its tag), which must never be read."""
    tags = load_data("page")["personal"]["tags"]
    ident = automatization_id(data)
    return ident in tags or any(find_tag(data, tag) for tag in tags)


def _digits(value: object, limit: int = 20) -> str | None:
    text = text_of(value)
    if text is None:
        return None
    text = text.strip()
    if re.fullmatch(rf"\d{{1,{limit}}}", text):
        return text
    match = re.search(rf"(\d{{1,{limit}}})/?(?:\?.*)?$", text)
    return match.group(1) if match and link_mark("product_link") in text else None


def link_mark(kind: str) -> str:
    """The address part that marks a product or seller link (page.json "snapshot")."""
    return str(load_data("page")["snapshot"][kind])


def _current(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries seen on the live site (not our older guesses)."""
    return [entry for entry in entries if not entry.get("older")]


def _is_live_parcel(data: object) -> bool:
    """A parcel on the live structure: its sellers, shipment id or status where expected."""
    return any(
        values(data, _current(_paths("parcel", key)))[0]
        for key in ("sellers", "shipment_id", "status")
    )


def _read_live_item(
    product: object, seller: str | None, shipment_id: str | None, found: _Found
) -> OrderItem | None:
    title = first_text(product, _paths("parcel", "product_title"))
    if not title:
        return None
    sku: str | None = None
    for entry in _paths("parcel", "product_sku"):
        for value in resolve(product, str(entry["path"])):
            sku = sku or _digits(value)
    price_text = first_text(product, _paths("parcel", "product_price"))
    price = parse_money(price_text) if price_text else None
    if price_text:
        found.currency = found.currency or currency_in(price_text)
    variant = first_text(product, _paths("parcel", "product_variant"))
    quantity_values, _entry = values(product, _paths("parcel", "product_quantity"))
    quantity = 1
    for value in quantity_values:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None and (text := text_of(value)) and (m := re.match(r"\s*(\d{1,5})", text)):
            number = int(m.group(1))
        if number is not None and 1 <= number <= 10_000:
            quantity = number
            break
    try:
        return OrderItem(
            title=title[:500],
            sku=sku,
            quantity=quantity,
            price=price if price is not None and price < Decimal("1e12") else None,
            seller=seller[:200] if seller else None,
            shipment_id=shipment_id,
            variant=variant[:200] if variant else None,
        )
    except ValueError:
        return None


def _read_live_parcel(data: object, widget: Widget, found: _Found, reference: date) -> None:
    """One ``shipmentWidget`` on the live structure: its status, sellers and products."""
    if len(found.parcels) >= _MAX_PARCELS:
        return
    shipment_id: str | None = None
    for entry in _paths("parcel", "shipment_id"):
        if entry.get("path") == "#id":
            match = re.fullmatch(r"id?(\d{1,20})", widget.container)
            shipment_id = shipment_id or (match.group(1) if match else None)
        else:
            found_values, _e = values(data, [entry])
            for value in found_values:
                shipment_id = shipment_id or _digits(value)
    if shipment_id and any(p.shipment_id == shipment_id for p in found.parcels):
        return  # the same parcel's widget twice (rendered and hydrated): read once
    label = first_text(data, _paths("parcel", "status"))
    status = _status_from_label(label) if label else None
    lines = [label] if label else []
    for key in ("timeline", "notes"):
        for entry in _paths("parcel", key):
            lines.extend(t for v in resolve(data, str(entry["path"])) if (t := text_of(v)))
    received, expected = _received_and_expected(lines, reference)
    sellers_here: list[str] = []
    seller_nodes, _entry = values(data, _paths("parcel", "sellers"))
    for seller_node in seller_nodes:
        name = first_text(seller_node, _paths("parcel", "seller_name"))
        if name is None and isinstance(seller_node, dict):
            name = text_of(seller_node.get("title"))
        if name:
            name = " ".join(name.split())[:200]
            _add_seller(found, name)
            if name not in sellers_here:
                sellers_here.append(name)
        products, _entry = values(seller_node, _current(_paths("parcel", "products")))
        for product in products:
            if len(found.items) >= _MAX_ITEMS:
                break
            item = _read_live_item(product, name, shipment_id, found)
            if item is not None:
                found.items.append(item)
    scheme = _scheme_from_text(" ".join(_strings(data)))
    found.parcels.append(
        Parcel(
            status=status or OrderStatus.UNKNOWN,
            status_label=label[:100] if label else None,
            delivery_scheme=scheme,
            seller=sellers_here[0] if len(sellers_here) == 1 else None,
            sellers=sellers_here[:20],
            expected_date=expected,
            received_date=received,
            shipment_id=shipment_id,
        )
    )


def _read_total(data: object, found: _Found) -> bool:
    """``orderDoneTotal`` (and our older guess): the total, paid or not, the payment means."""
    total_text = first_text(data, _paths("total", "total"))
    if total_text is None:
        return False
    if found.total is None:
        found.total = parse_money(total_text)
        found.currency = found.currency or currency_in(total_text)
    paid = first_text(data, _paths("total", "paid"))
    if paid and paid in load_data("page")["payment_statuses"]:
        found.payment = found.payment or paid[:100]
    status = first_text(data, _paths("total", "payment_status"))
    if status:
        found.payment = found.payment or status[:100]
    method = first_text(data, _paths("total", "payment_method"))
    if method and method != paid:
        found.payment_method = found.payment_method or method[:100]
    return True


def _read_widget_states(
    snap: Snapshot, found: _Found, reference: date, warnings: list[str]
) -> None:
    for widget in snap.widgets:
        role = _role(widget.widget)
        if role == "ignore" or not widget.state.strip():
            continue
        try:
            data = safe_json_loads(widget.state)
        except (ValueError, RecursionError):
            if role != "personal":
                warnings.append(
                    f"The data of the page block {widget.widget or widget.id!r} could not be "
                    "read; its visible text was used instead."
                )
            continue
        if role == "personal" or is_personal(data):
            # Never read: only whether the parcel goes to a pickup point or a door.
            if automatization_id(data) == "details-address" or find_tag(data, "details-address"):
                title = first_text(data, load_data("page")["personal"]["delivery_title"])
                found.delivery_kind = found.delivery_kind or (
                    delivery_kind_of(title) if title else None
                )
            continue
        if role == "title" and found.created is None:
            created = first_text(data, _paths("title", "created"))
            if created and "Заказ от" in created:
                found.created = parse_ru_date(created, reference, past=True)
        if role == "total" and _read_total(data, found):
            continue
        if role == "parcel" and _is_live_parcel(data):
            _read_live_parcel(data, widget, found, reference)
            continue
        if role == "returns":
            _read_returns(data, found, reference)
            continue
        _read_older_shape(data, widget, role, found, reference, warnings)


def _read_older_shape(
    data: object,
    widget: Widget,
    role: str | None,
    found: _Found,
    reference: date,
    warnings: list[str],
) -> None:
    """Our earlier guesses of the page (``older`` in page.json), kept as fall-backs."""
    has_parcel = False
    node: dict[str, Any]
    for node in walk(data):
        if "postingNumber" in node or (
            role == "parcel" and isinstance(node.get("products"), list) and node is data
        ):
            has_parcel = True
            _read_parcel(node, found, reference)
        for key in ("orderNumber", "number"):
            value = node.get(key)
            if isinstance(value, str) and found.number is None:
                found.number = _order_number_in(value)
        if found.created is None:
            for key in ("title", "subtitle"):
                value = text_of(node.get(key))
                if value and value.startswith("Заказ от"):
                    found.created = parse_ru_date(value, reference, past=True)
        total = node.get("total")
        if found.total is None and isinstance(total, dict):
            price_text = total.get("price")
            found.total = parse_money(price_text)
            if isinstance(price_text, str):
                found.currency = found.currency or currency_in(price_text)
        payment = node.get("paymentStatus")
        if isinstance(payment, str) and payment.strip():
            found.payment = found.payment or payment.strip()[:100]
    if found.number is None:
        for text in _strings(data):
            if "№" in text or role == "title":
                number = _order_number_in(text)
                if number:
                    found.number = number
                    break
    if not has_parcel and role == "parcel":
        warnings.append(
            f"The page block {widget.widget!r} has an unknown data layout; "
            "its visible text was used instead."
        )


# A product line as the order page prints it: "Title · 2 шт. · 1 290 ₽" (separators vary).
_ITEM_LINE = re.compile(
    r"^(?P<title>[^·|]{3,300}?)\s*[·|]\s*(?P<qty>\d{1,4})\s*шт\.?\s*[·|]\s*"
    r"(?P<price>(?:\d+\s*×\s*)?\d[\d \u00a0\u202f]*(?:[.,]\d{1,2})?\s*(?:₽|₸|руб|тг|BYN|р\.))"
)
# The same without a quantity: "Title · 1 290 ₽".
_ITEM_LINE_NO_QTY = re.compile(
    r"^(?P<title>[^·|]{3,300}?)\s*[·|]\s*"
    r"(?P<price>(?:\d+\s*×\s*)?\d[\d \u00a0\u202f]*(?:[.,]\d{1,2})?\s*(?:₽|₸|руб|тг|BYN|р\.))$"
)
# Lines that follow a product's title in the live layout (title, then price, quantity, variant).
_QTY_LINE = re.compile(
    r"^(?:(?P<a>\d{1,4})\s*шт\.?|[×x]\s*(?P<b>\d{1,4})|Количество:?\s*(?P<c>\d{1,4}))$"
)
_PRICE_LINE = re.compile(
    r"^(?:\d+\s*×\s*)?\d[\d \u00a0\u202f]*(?:[.,]\d{1,2})?\s*(?:₽|₸|руб\.?|тг|BYN|р\.)$"
)


def _item_from_line(line: str, seller: str | None) -> OrderItem | None:
    match = _ITEM_LINE.match(line)
    quantity = 1
    if match is not None:
        quantity = max(1, int(match.group("qty")))
    else:
        match = _ITEM_LINE_NO_QTY.match(line)
        if match is None or _order_number_in(match.group("title")):
            return None
    try:
        return OrderItem(
            title=match.group("title").strip(),
            quantity=quantity,
            price=parse_money(match.group("price")),
            seller=seller,
        )
    except ValueError:
        return None


def _sku_of(href: str) -> str | None:
    match = re.search(r"/product/(?:[^/?#]*?-)?(\d{1,20})/?(?:[?#].*)?$", href)
    return match.group(1) if match else None


def _items_from_links(snap: Snapshot, lines: list[str], found: _Found) -> None:
    """Items from the page's product links, with price and quantity from the lines after."""
    seen: set[str] = set()
    titles = {" ".join(link.text.split()) for link in snap.links}
    for link in snap.links:
        if link_mark("product_link") not in link.href:
            continue
        title = " ".join(link.text.split())
        sku = _sku_of(link.href)
        key = sku or title
        if not title or len(title) < 3 or key in seen or len(found.items) >= _MAX_ITEMS:
            continue
        seen.add(key)
        quantity, price_text = 1, None
        if title in lines:
            for line in lines[lines.index(title) + 1 : lines.index(title) + 6]:
                if line in titles:
                    break
                qty = _QTY_LINE.match(line)
                if qty:
                    quantity = int(qty.group("a") or qty.group("b") or qty.group("c"))
                elif price_text is None and _PRICE_LINE.match(line):
                    price_text = line
        shipment = re.fullmatch(r"id?(\d{1,20})", link.container)
        try:
            found.items.append(
                OrderItem(
                    title=title[:500],
                    sku=sku,
                    quantity=max(1, min(quantity, 10_000)),
                    price=parse_money(price_text) if price_text else None,
                    shipment_id=shipment.group(1) if shipment else None,
                    seller=found.sellers[0] if len(found.sellers) == 1 else None,
                )
            )
        except ValueError:
            continue
        if price_text:
            found.currency = found.currency or currency_in(price_text)


def _parcel_from_text(
    text: str, seller: str | None, reference: date, shipment_id: str | None = None
) -> Parcel | None:
    status: OrderStatus | None = None
    status_label: str | None = None
    received: date | None = None
    expected: date | None = None
    for line in text.splitlines():
        for piece in re.split(r"\s{2,}|·", line):
            piece = piece.strip()
            if not piece:
                continue
            guess = _status_from_label(piece)
            if guess is not None and status is None:
                words = piece.split(" ")
                if len(words) > 1 and words[0] == words[1]:  # "Получен Получен 19 ноября"
                    piece = " ".join(words[1:])
                status, status_label = guess, piece.split(" ")[0] if len(piece) > 30 else piece
            kind = _date_kind(piece)
            if kind == "received" and received is None:
                received = parse_ru_date(piece, reference, past=True)
            elif kind == "expected" and expected is None:
                expected = parse_ru_date(piece, reference, past=False)
    if status is None and received is None and expected is None:
        return None
    return Parcel(
        status=status or OrderStatus.UNKNOWN,
        status_label=status_label[:100] if status_label else None,
        delivery_scheme=_scheme_from_text(text),
        seller=seller,
        sellers=[seller] if seller else [],
        received_date=received,
        expected_date=expected,
        shipment_id=shipment_id,
    )


def _seller_in(lines: list[str]) -> str | None:
    for line in lines:
        for label in load_data("page")["text_labels"]["seller"]:
            if line.startswith((label + ":", label + " ")):
                name = " ".join(line[len(label) :].lstrip(": ").split())
                if name:
                    return name[:200]
    return None


_LINE_NUMBER = re.compile(
    rf"(?:№|[Зз]аказ\s+№?)\s*((?:{POSTING_NUMBER_RE.pattern})|(?:{ORDER_NUMBER_RE.pattern}))"
)


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
        for link in snap.links:
            if link_mark("seller_link") in link.href:
                _add_seller(found, link.text or None)
        for box in snap.parcels:
            _add_seller(found, _seller_in(box.text.splitlines()))
        for line in lines:
            _add_seller(found, _seller_in([line]))
    if found.total is None:
        for at, line in enumerate(lines):
            for label in page["text_labels"]["total"]:
                if line.startswith(label):
                    # "Итого 899 ₽", or the label with the amount on one of the next lines.
                    rest = line[len(label) :].strip()
                    candidates = [rest] if rest else []
                    candidates += [x for x in lines[at + 1 : at + 3] if _PRICE_LINE.match(x)]
                    for candidate in candidates[:1]:
                        found.total = parse_money(candidate)
                        found.currency = found.currency or currency_in(candidate)
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
    if not found.items and snap.links:
        _items_from_links(snap, lines, found)
    if not found.items:
        for line in lines:
            item = _item_from_line(line, found.sellers[0] if len(found.sellers) == 1 else None)
            if item is not None:
                found.items.append(item)
                found.currency = found.currency or currency_in(line)
    if not found.parcels:
        for box in snap.parcels:
            lines_here = [line.strip() for line in box.text.splitlines() if line.strip()]
            seller = _seller_in(lines_here) or next(
                (
                    " ".join(link.text.split())[:200]
                    for link in snap.links
                    if link_mark("seller_link") in link.href and link.container == box.id and link.text.strip()
                ),
                None,
            )
            shipment = re.fullmatch(r"id?(\d{1,20})", box.id)
            parcel = _parcel_from_text(
                box.text, seller, reference, shipment.group(1) if shipment else None
            )
            if parcel is not None:
                found.parcels.append(parcel)
                if seller:
                    for item in found.items:
                        if item.shipment_id and item.shipment_id == parcel.shipment_id:
                            item.seller = item.seller or seller
    if not found.parcels:
        only = found.sellers[0] if len(found.sellers) == 1 else None
        parcel = _parcel_from_text(text, only, reference)
        if parcel is not None:
            parcel.tracking = found.tracking
            if only is None:
                parcel.sellers = []
            found.parcels.append(parcel)


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
    clean = path.rstrip("/").lower()
    kind: PageKind
    for kind in ("order_details", "return_details", "returns"):
        for prefix in kinds[kind]:
            if clean == prefix or clean.startswith(prefix + "/"):
                return kind
    return "unknown"


def _return_number(link: str) -> str | None:
    match = re.search(r"[?&]returnNumber=([0-9A-Za-z-]{3,40})", link)
    return match.group(1) if match else None


def _read_returns(data: object, found: _Found, reference: date) -> None:
    """``returnList`` on /my/returns and /my/returnDetails: each return's facts."""
    statuses: dict[str, str] = load_data("page")["return_statuses"]
    entries, _entry = values(data, _paths("returns", "list"))
    for entry in entries[:200]:
        title = first_text(entry, _paths("returns", "title"))
        label = first_text(entry, _paths("returns", "status"))
        link = first_text(entry, _paths("returns", "link")) or ""
        amount: Decimal | None = None
        rows, _entry = values(entry, _paths("returns", "amounts"))
        for row in rows:
            if amount is None:
                amount = parse_money(first_text(row, _paths("returns", "amount_value")) or "")
        photos, _entry = values(entry, _paths("returns", "items"))
        items = [
            " ".join(hint.split())[:300]
            for photo in photos
            if (hint := first_text(photo, _paths("returns", "item_title")))
        ]
        status = "unknown"
        if label:
            for known in sorted(statuses, key=len, reverse=True):
                if label.startswith(known):
                    status = statuses[known]
                    break
        try:
            found.returns.append(
                ReturnRequest(
                    number=_return_number(link),
                    created_date=parse_ru_date(title, reference, past=True) if title else None,
                    status_label=label[:200] if label else None,
                    status=status,  # type: ignore[arg-type]  # values of page.json
                    amount=amount if amount is not None and amount < Decimal("1e12") else None,
                    items=items[:100],
                )
            )
        except ValueError:
            continue


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
    found.delivery_kind = snap.delivery or None
    _read_widget_states(snap, found, reference, warnings)
    if kind != "order_details":
        return _returns_extraction(kind, site, snap, query, found, warnings)
    _read_text(snap, found, reference)
    _scheme_from_containers(snap, found)

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
        payment_method=found.payment_method,
        delivery_kind=found.delivery_kind,  # type: ignore[arg-type]  # pickup, door or None
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


def _scheme_from_containers(snap: Snapshot, found: _Found) -> None:
    """Who delivers, from the visible wording of each parcel's container (never guessed)."""
    boxes = {box.id: box.text for box in snap.parcels}
    for parcel in found.parcels:
        if parcel.delivery_scheme is not DeliveryScheme.UNKNOWN:
            continue
        text = boxes.get(f"id{parcel.shipment_id}", "") if parcel.shipment_id else ""
        if not text and len(found.parcels) == 1:
            text = snap.text
        parcel.delivery_scheme = _scheme_from_text(text)


def _returns_extraction(
    kind: PageKind,
    site: str | None,
    snap: Snapshot,
    query: dict[str, list[str]],
    found: _Found,
    warnings: list[str],
) -> Extraction:
    """A returns page: the returns it lists (on returnDetails, the one of the address)."""
    wanted = next(iter(query.get("returnNumber", [])), None)
    returns = found.returns
    if kind == "return_details" and wanted:
        returns = [r for r in returns if r.number in (wanted, None)][:1]
        if returns and returns[0].number is None:
            returns[0].number = wanted if re.fullmatch(r"[0-9A-Za-z-]{3,40}", wanted) else None
    if not returns:
        warnings.append("No return could be read on this page.")
    order = Order(
        number=found.number,
        site=site or "ozon.ru",
        url=snap.url[:2000] or None,
        currency=load_data("page")["currencies"].get(site or "ozon.ru", "RUB"),
        items=[OrderItem(title=title) for r in returns[:1] for title in r.items],
        returns=returns,
    )
    return Extraction(
        page_kind=kind, order=order, missing=[] if returns else ["returns"], warnings=warnings
    )


def _is_missing(order: Order, name: str) -> bool:
    value = getattr(order, name)
    if name == "status":
        return bool(value is OrderStatus.UNKNOWN)
    if name == "delivery_scheme":
        return bool(value is DeliveryScheme.UNKNOWN)
    return value is None or value == []
