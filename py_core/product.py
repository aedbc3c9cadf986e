"""Asking the seller before buying: reading an Ozon product page and drafting the question.

Two steps, both pure (no I/O):

1. `read_product` takes the content script's snapshot of a ``/product/...`` page (the
   widgets' ``data-state`` JSON and the address) and returns what the page says about the
   product: title, SKU, seller, price and the variant the buyer has selected. Where each
   value is looked for, with its public source, is ``data/page.json`` key ``product``; what
   could not be read is listed in ``missing``, never guessed.
2. `draft_question` renders a short, polite Russian question of one of the kinds in
   ``data/product_questions.json`` (size, compatibility, included, authenticity,
   delivery, own) with the same text in the buyer's language beside it, from
   ``templates/<lang>/question.j2``. A buyer's own question is kept verbatim inside a
   Russian frame that asks the seller to answer it. Questions on Ozon are public, so
   every draft carries the notice and the personal-data findings of
   `py_core.personal_data`.

It does not touch order pages (``py_core.extract`` does) and never stores anything.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from ._data import load_data, snapshot_limits
from .models import DraftText, Language
from .personal_data import PublicTextCheck, check_public_text

__all__ = [
    "QUESTION_CODES",
    "Product",
    "ProductReading",
    "ProductVariant",
    "QuestionDraft",
    "draft_question",
    "question_list",
    "read_product",
]

QuestionCode = Literal["size", "compatibility", "included", "authenticity", "delivery", "own"]
QuestionTarget = Literal["question_form", "seller_chat"]

#: The question kinds, in the order the page offers them.
QUESTION_CODES: tuple[QuestionCode, ...] = (
    "size",
    "compatibility",
    "included",
    "authenticity",
    "delivery",
    "own",
)

# The order snapshot's caps (page.json "snapshot.limits"), for a product page too.
_MAX_STATE = snapshot_limits().state
_MAX_WIDGETS = snapshot_limits().widgets
_SIZE_ASPECT = re.compile(r"размер|size|尺码|尺寸", re.IGNORECASE)
_DIGITS = re.compile(r"\d{4,20}")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_UNSAFE = str.maketrans({"<": "‹", ">": "›", "{": "(", "}": ")"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SOCIAL = re.compile(
    r"https?://(?:www\.)?(?:vk\.com|vk\.ru|t\.me|telegram\.me)/[A-Za-z0-9_./-]{2,80}"
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProductVariant(_Model):
    """One selected option of the product, e.g. ``{"name": "Размер", "value": "M"}``."""

    name: str
    value: str


class Product(_Model):
    """What a product page says about the product. Page text only, never the buyer's data."""

    url: str = ""
    site: str | None = None
    sku: str | None = None
    title: str | None = None
    seller: str | None = None
    seller_link: str | None = None
    price: str | None = Field(default=None, description="Price as shown, without Ozon's card.")
    card_price: str | None = Field(default=None, description="Price with Ozon's bank card.")
    amount: Decimal | None = None
    currency: str | None = None
    available: bool | None = None
    variants: list[ProductVariant] = Field(default_factory=list, max_length=10)
    social_links: list[str] = Field(default_factory=list, max_length=10)

    @property
    def variant_text(self) -> str | None:
        """The selected options in one line: "Цвет: чёрный, Размер: M"."""
        if not self.variants:
            return None
        return ", ".join(f"{v.name}: {v.value}" for v in self.variants)

    def size(self) -> str | None:
        """The selected size, when one of the options is a size."""
        for variant in self.variants:
            if _SIZE_ASPECT.search(variant.name):
                return variant.value
        return None


class ProductReading(_Model):
    """The result of `read_product`."""

    page_kind: Literal["product", "unknown"]
    product: Product | None
    missing: list[str]
    warnings: list[str]


class QuestionDraft(_Model):
    """A question for the seller, in Russian and in the buyer's language."""

    code: QuestionCode
    target: QuestionTarget
    public: bool
    ru: DraftText
    side: DraftText
    notice: dict[str, str]
    checks: list[PublicTextCheck]


# --- reading the page --------------------------------------------------------------------


def _clean(text: Any, limit: int = 300) -> str | None:
    """Page text made safe to show and to put into a message."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return None
    text = _CONTROL.sub(" ", text).translate(_UNSAFE)
    text = " ".join(text.split())
    return text[:limit] or None


def _atom(value: Any) -> Any:
    """Ozon's text atoms are ``{"text": ...}`` or plain strings: the inner value."""
    for _ in range(3):
        if isinstance(value, dict) and "text" in value:
            value = value["text"]
        else:
            break
    return value


def _path(state: Any, path: list[Any]) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(state, list) or step >= len(state):
                return None
            state = state[step]
        else:
            if not isinstance(state, dict):
                return None
            state = state.get(step)
    return state


def _widget_name(raw: dict[str, Any]) -> str:
    name = raw.get("widget")
    if isinstance(name, str) and name:
        return name
    ident = raw.get("id")
    if isinstance(ident, str) and ident.startswith("state-"):
        return ident[len("state-") :].split("-", 1)[0]
    return ""


def _states(snapshot: dict[str, Any], warnings: list[str]) -> dict[str, list[Any]]:
    """Each widget's parsed JSON, by widget name (a name can occur more than once)."""
    states: dict[str, list[Any]] = {}
    widgets = snapshot.get("widgets")
    if not isinstance(widgets, list):
        if widgets is not None:
            warnings.append("The page snapshot's widgets are not a list; they were ignored.")
        return states
    for raw in widgets[:_MAX_WIDGETS]:
        if not isinstance(raw, dict):
            continue
        name = _widget_name(raw)
        text = raw.get("state")
        if not name or not isinstance(text, str) or not text.strip():
            continue
        if len(text) > _MAX_STATE:
            warnings.append(f"The {name} widget's data is too large; it was skipped.")
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            warnings.append(f"The {name} widget's data could not be read (not JSON).")
            continue
        if isinstance(value, str):
            # Some pages store the JSON once more as a string.
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                continue
        states.setdefault(name, []).append(value)
    return states


def _first(states: dict[str, list[Any]], specs: list[dict[str, Any]], key: str) -> tuple[Any, Any]:
    """The first value found along the data file's alternatives, with its spec."""
    for spec in specs:
        for state in states.get(spec["widget"], []) if "widget" in spec else []:
            value = _atom(_path(state, spec.get(key, spec.get("path", []))))
            if value not in (None, ""):
                return value, spec
    return None, None


def _site(host: str) -> str | None:
    host = host.lower().removeprefix("www.")
    return host if host.startswith("ozon.") else None


def _sku_from_url(path: str) -> str | None:
    pattern = _spec()["page_kind"]["path_pattern"]
    match = re.match(pattern, path)
    return match.group(1) if match else None


def _amount(price: str | None) -> Decimal | None:
    if not price:
        return None
    digits = re.sub(r"[^\d,.]", "", _SPACES.sub("", price)).replace(",", ".")
    if not digits or digits.count(".") > 1:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _spec() -> dict[str, Any]:
    """The product page's shapes: ``page.json`` key ``product``."""
    spec: dict[str, Any] = load_data("page")["product"]
    return spec


def _currency(price: str | None, site: str | None) -> str | None:
    spec = load_data("page")  # the currencies of the order pages, one list for both
    if price:
        for sign, code in spec["currency_signs"].items():
            if sign in price:
                return str(code)
    return spec["currencies"].get(site) if site else None


def _variants(states: dict[str, list[Any]], sku: str | None) -> list[ProductVariant]:
    spec = _spec()["fields"]["variant"]
    chosen: list[ProductVariant] = []
    if not sku:
        return chosen
    for state in states.get(spec["widget"], []):
        aspects = _path(state, spec["aspects_path"])
        if not isinstance(aspects, list):
            continue
        for aspect in aspects[:10]:
            if not isinstance(aspect, dict):
                continue
            name = next(
                (_clean(_atom(aspect.get(k)), 60) for k in spec["name_keys"] if aspect.get(k)),
                None,
            )
            variants = aspect.get(spec["variants_key"])
            if not name or not isinstance(variants, list):
                continue
            for variant in variants[:200]:
                if not isinstance(variant, dict):
                    continue
                if str(variant.get(spec["variant_sku_key"], "")) != sku:
                    continue
                label = next(
                    (
                        _clean(_atom(_path(variant, path)), 80)
                        for path in spec["variant_label_paths"]
                        if _clean(_atom(_path(variant, path)), 80)
                    ),
                    None,
                )
                if label:
                    chosen.append(ProductVariant(name=name, value=label))
                break
        if chosen:
            break
    return chosen[:10]


def _social_links(states: dict[str, list[Any]]) -> list[str]:
    """VK and Telegram links the page's widgets carry, except Ozon's own accounts."""
    own = {
        str(account["url"]).rstrip("/").lower()
        for account in load_data("channels").get("social_media", {}).get("ozon_accounts", [])
    }
    found: list[str] = []
    for values in states.values():
        blob = json.dumps(values, ensure_ascii=False)
        for link in _SOCIAL.findall(blob):
            clean = link.rstrip("/.").split("?")[0]
            if clean.lower() in own or clean in found:
                continue
            found.append(clean)
    return found[:10]


def read_product(snapshot: Any) -> ProductReading:
    """Reads a product page snapshot. Never raises on bad input; says what it missed.

    Args:
        snapshot: ``{url, title, widgets: [{widget, id, state}], text, ...}`` as the
            content script sends it.
    """
    warnings: list[str] = []
    if not isinstance(snapshot, dict):
        return ProductReading(
            page_kind="unknown",
            product=None,
            missing=["snapshot"],
            warnings=["The page snapshot is not an object."],
        )
    raw_url = snapshot.get("url")
    url: str = raw_url if isinstance(raw_url, str) else ""
    parts = urlsplit(url)
    site = _site(parts.hostname or "")
    url_sku = _sku_from_url(parts.path) if site else None
    if site is None or not (url_sku or parts.path.startswith("/product/")):
        return ProductReading(
            page_kind="unknown",
            product=None,
            missing=[],
            warnings=["This is not an Ozon product page (its address has no /product/...)."],
        )
    states = _states(snapshot, warnings)
    fields = _spec()["fields"]

    title, _ = _first(states, fields["title"], "path")
    title = _clean(title)
    if not title:
        page_title = _clean(snapshot.get("title"))
        if page_title:
            # "<title> — купить на OZON ...": the part before the shop's own words.
            head = re.split(r"\s+[—|-]\s+купить|\s+купить\s+на\s+OZON", page_title, maxsplit=1)
            title = head[0].strip() or None
            if title:
                warnings.append("The title was taken from the browser tab, not the page data.")

    sku = url_sku
    if not sku:
        raw_sku, _ = _first(states, [f for f in fields["sku"] if "widget" in f], "path")
        found = _DIGITS.search(str(raw_sku)) if raw_sku is not None else None
        sku = found.group(0) if found else None

    seller, seller_spec = _first(states, fields["seller"], "path")
    seller = _clean(seller, 120)
    seller_link = None
    if seller_spec and "link_path" in seller_spec:
        for state in states.get(seller_spec["widget"], []):
            link = _path(state, seller_spec["link_path"])
            if isinstance(link, str) and link.startswith(("/seller/", "https://")):
                seller_link = _clean(link.split("?")[0], 200)
                break

    price_specs = fields["price"]
    card, _ = _first(states, [s for s in price_specs if s["path"] == ["cardPrice"]], "path")
    regular, _ = _first(
        states,
        [s for s in price_specs if s["path"] not in (["cardPrice"], ["isAvailable"])],
        "path",
    )
    available_raw, _ = _first(
        states, [s for s in price_specs if s["path"] == ["isAvailable"]], "path"
    )
    price = _clean(regular, 40) or _clean(card, 40)
    card_price = _clean(card, 40)

    product = Product(
        url=url[:500],
        site=site,
        sku=sku,
        title=title,
        seller=seller,
        seller_link=seller_link,
        price=price,
        card_price=card_price if card_price != price else None,
        amount=_amount(price),
        currency=_currency(price, site),
        available=available_raw if isinstance(available_raw, bool) else None,
        variants=_variants(states, sku),
        social_links=_social_links(states),
    )
    missing = [
        name for name in ("title", "sku", "seller", "price") if getattr(product, name) in (None, "")
    ]
    return ProductReading(page_kind="product", product=product, missing=missing, warnings=warnings)


# --- the question --------------------------------------------------------------------------


def question_list() -> list[dict[str, Any]]:
    """The question kinds with their labels ``{ru, en, zh}`` and optional detail field."""
    spec = load_data("product_questions")
    out = []
    for code in spec["codes"]:
        entry = spec["questions"][code]
        out.append({"code": code, "label": entry["label"], "detail": entry.get("detail")})
    return out


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


_OWN_MARK = "\u2063OWN\u2063"
_LETTERS: dict[Language, re.Pattern[str]] = {
    "ru": re.compile(r"[а-яё]", re.IGNORECASE),
    "zh": re.compile(r"[\u3400-\u9fff]"),
    "en": re.compile(r"[a-z]", re.IGNORECASE),
}


def _written_in(own: str | None, lang: Language) -> Language:
    """The language the Russian frame names for the buyer's own words: the script most
    of its letters are in (Cyrillic, Chinese, Latin), else the buyer's language. The
    frame must not call a question written in Russian or English "Chinese" because the
    interface is."""
    if not own:
        return lang
    counts = {code: len(pattern.findall(own)) for code, pattern in _LETTERS.items()}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] else lang


def _render(lang: Language, context: dict[str, Any], own: str | None) -> str:
    """The template's text, tidied; the buyer's own words go in afterwards, untouched."""
    from .drafting import template_environment

    template = template_environment().get_template(f"{lang}/question.j2")
    text = _tidy(template.render(**{**context, "own": _OWN_MARK if own else None}))
    return text.replace(_OWN_MARK, own or "")


def draft_question(
    product: Product | None,
    code: QuestionCode,
    *,
    lang: Language = "en",
    own_text: str | None = None,
    detail: str | None = None,
    target: QuestionTarget = "question_form",
    names: list[str] | None = None,
) -> QuestionDraft:
    """Drafts the question in Russian and in ``lang``.

    Args:
        product: What `read_product` found (None: the page could not be read; the
            question is still drafted, without naming the product).
        code: The kind of question.
        lang: The buyer's language, shown beside the Russian text.
        own_text: For ``own``: the buyer's question, kept verbatim.
        detail: The size (``size``) or the buyer's device (``compatibility``).
        target: The public question form, or the private seller chat.
        names: The buyer's own name(s), looked for by the personal-data check.

    Raises:
        ValueError: ``own`` without a question.
    """
    spec = load_data("product_questions")
    question = spec["questions"][code]
    own = (own_text or "").strip() or None
    if code == "own" and not own:
        raise ValueError("Write your question first: the «own» kind needs its text.")
    detail_spec = question.get("detail") or {}
    clean_detail = None
    if code != "own":
        clean_detail = _clean(detail, int(detail_spec.get("max_length", 80)))
        if not clean_detail and detail_spec.get("from_variant") and product is not None:
            clean_detail = product.size()
    public = bool(spec["targets"][target]["public"])
    product_line = None
    if product is not None and target == "seller_chat" and (product.title or product.sku):
        product_line = {
            "title": _clean(product.title, 120),
            "sku": product.sku,
            "variant": product.variant_text,
        }
    context: dict[str, Any] = {
        "code": code,
        "detail": clean_detail,
        "product": product_line,
        "own_lang": _written_in(own, lang),
        "language_names": spec["language_names"],
    }
    ru = _render("ru", context, own)
    side = ru if lang == "ru" else _render(lang, context, own)
    checked = ru if public else (own or "") + "\n" + (clean_detail or "")
    checks = check_public_text(checked, lang=lang, names=names or []) if checked.strip() else []
    if not public:
        # A private chat may name the buyer; only contact details are flagged there.
        checks = [c for c in checks if c.code != "personal_data" or set(c.kinds) - {"name"}]
    notice = spec["notices"]["public" if public else "private"]
    return QuestionDraft(
        code=code,
        target=target,
        public=public,
        ru=DraftText(lang="ru", body=ru),
        side=DraftText(lang=lang, body=side),
        notice=notice,
        checks=checks,
    )
