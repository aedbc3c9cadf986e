"""Social media as a channel, and the guides' last tips at the moments they help.

* `social_channels`: for a seller, a short private message for the shop's VK or
  Telegram (with the order number, nothing personal) first, then the public comment
  (the existing ``public_post`` channel) if there is no answer; the shop's links the
  buyer found or the page showed, sorted by network; Ozon's own accounts as help links
  with their sources; the guides' Facebook, Instagram and Twitter marked as not usable
  from Russia. Data: ``channels.json`` key ``social_media``.
* `tips`: quieter hours when a support follow-up is overdue, a rating reminder when a
  case is resolved, the help-centre page to read when a problem is picked. Data:
  ``tips.json`` (hours marked as an assumption) and ``problems.json``'s help links.

Pure: no I/O, nothing stored. The panel decides where to show what.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from ._data import load_data
from .exceptions import InvalidPayload
from .models import (
    ORDER_NUMBER_RE,
    AttemptStatus,
    Case,
    CaseLink,
    CaseStatus,
    ChannelCode,
    DraftText,
    Language,
)
from .personal_data import PublicTextCheck, check_public_text

__all__ = [
    "SocialAdvice",
    "SocialLink",
    "Tip",
    "add_case_link",
    "classify_link",
    "social_channels",
    "tips",
]

# An address as typed: no spaces, quotes or angle brackets (it goes into Markdown as <url>).
_URL_CHARS = re.compile(r"[^\s<>\"'`\\]+")
_UNSAFE = str.maketrans("<>{}", "‹›()")

Moment = Literal["problem_picked", "support_overdue", "case_resolved"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SocialLink(_Model):
    """A shop's link on a social network."""

    url: str
    network: str | None
    usable_in_russia: bool | None
    found_by: Literal["buyer", "page"]


class SocialAdvice(_Model):
    """What `social_channels` returns."""

    order: list[str]
    private_message: dict[str, Any]
    public_comment: dict[str, Any]
    seller_links: list[SocialLink]
    seller_links_note: dict[str, str]
    networks: list[dict[str, Any]]
    not_usable: list[dict[str, Any]]
    not_usable_note: dict[str, str]
    ozon_accounts: list[dict[str, Any]]
    help_centre: dict[str, Any]


class Tip(_Model):
    """One tip, ready to show in any of the three languages."""

    code: Literal["faq", "off_peak", "rate"]
    moment: Moment
    text: dict[str, str]
    url: str | None = None
    hours: list[dict[str, str]] | None = None
    timezone: str | None = None
    where: dict[str, dict[str, str]] | None = None
    assumption: bool = False
    source: str
    checked: str


def _social() -> dict[str, Any]:
    spec: dict[str, Any] = load_data("channels")["social_media"]
    return spec


def classify_link(url: str, found_by: Literal["buyer", "page"] = "buyer") -> SocialLink:
    """A link with the network it belongs to (None when it is no known network).

    Raises:
        ValueError: not an http(s) address.
    """
    url = url.strip()
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or len(url) > 300
        or not _URL_CHARS.fullmatch(url)
    ):
        raise InvalidPayload("The link must be a web address starting with https://.")
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    for code, network in _social()["networks"].items():
        if host in network["hosts"]:
            return SocialLink(
                url=url,
                network=code,
                usable_in_russia=network["usable_in_russia"],
                found_by=found_by,
            )
    return SocialLink(url=url, network=None, usable_in_russia=None, found_by=found_by)


def _render(lang: Language, context: dict[str, Any]) -> str:
    from .drafting import template_environment

    text = template_environment().get_template(f"{lang}/social_message.j2").render(**context)
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines() if line.strip())


def social_channels(
    *,
    order_number: str,
    problem: str,
    lang: Language = "en",
    item: str | None = None,
    tried_order_chat: bool = False,
    links: list[str] | None = None,
    page_links: list[str] | None = None,
) -> SocialAdvice:
    """The social-media route for a seller: private message first, public comment next.

    Args:
        order_number: The order's number; the private message carries it.
        problem: A problem code of ``problems.json``.
        lang: The buyer's language, for the text shown beside the Russian one.
        item: The item's title (page text), named in the message.
        tried_order_chat: The buyer already wrote in the order's chat on Ozon.
        links: Links the buyer found and added to the case.
        page_links: Links the page itself showed (a product or shop page).

    Raises:
        ValueError: the order number or the problem is not valid.
    """
    if not ORDER_NUMBER_RE.fullmatch(order_number.strip()):
        raise InvalidPayload("The order number is not valid (digits, a dash, four digits).")
    problems = load_data("problems")["problems"]
    if problem not in problems:
        raise InvalidPayload(f"Unknown problem {problem!r}.")
    spec = _social()
    clean_item = " ".join(item.split())[:80] if item and item.strip() else None
    if clean_item:
        clean_item = clean_item.translate(_UNSAFE)
    context = {
        "number": order_number.strip(),
        "item": clean_item,
        "problem": problems[problem]["label"],
        "problem_code": problem,
        "tried": tried_order_chat,
    }
    ru = _render("ru", context)
    side = ru if lang == "ru" else _render(lang, context)
    # The shop's community is not Ozon: the message is private, but it leaves Ozon, so
    # it must carry nothing but the order number.
    checks: list[PublicTextCheck] = [
        c
        for c in check_public_text(ru, lang=lang)
        if c.code != "personal_data" or set(c.kinds) - {"order_number"}
    ]
    private = spec["private_message"]
    found: list[SocialLink] = []
    for url in links or []:
        found.append(classify_link(url, "buyer"))
    own = {_plain_url(account["url"]) for account in spec["ozon_accounts"]}
    for url in page_links or []:
        try:
            link = classify_link(url, "page")
        except ValueError:
            continue
        # A page shows Ozon's own accounts (its footer) and other sites: neither is the shop's.
        if link.network is None or _plain_url(link.url) in own:
            continue
        if all(_plain_url(link.url) != _plain_url(other.url) for other in found):
            found.append(link)
    networks = [
        {"code": code, "label": net["label"]}
        for code, net in spec["networks"].items()
        if net["usable_in_russia"]
    ]
    not_usable = [
        {"code": code, "label": net["label"]}
        for code, net in spec["networks"].items()
        if not net["usable_in_russia"]
    ]
    note = spec["not_usable_note"]
    return SocialAdvice(
        order=list(spec["order"]),
        private_message={
            "label": private["label"],
            "max_length": private["max_length"],
            "reply_hours": private["reply_hours"],
            "ru": DraftText(lang="ru", body=ru).model_dump(),
            "side": DraftText(lang=lang, body=side).model_dump(),
            "checks": [c.model_dump() for c in checks],
        },
        public_comment={
            "channel": ChannelCode(spec["public_comment"]["channel"]).value,
            "label": spec["public_comment"]["label"],
        },
        seller_links=found,
        seller_links_note=spec["seller_links_note"],
        networks=networks,
        not_usable=not_usable,
        not_usable_note={k: note[k] for k in ("ru", "en", "zh")},
        ozon_accounts=list(spec["ozon_accounts"]),
        help_centre=dict(spec["help_centre"]),
    )


def _plain_url(url: str) -> str:
    """An address without its query, fragment, trailing slash, ``www.`` or ``m.``."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return f"{host}{parts.path.rstrip('/')}"


def add_case_link(case: Case, url: str, *, now: datetime) -> Case:
    """The case with a shop's social-media link the buyer found, kept with it.

    Only an https address on a network usable in Russia (``channels.json``
    ``social_media.networks``) is kept; the refusal says which networks.

    Raises:
        ValueError: not such an address, or the case already keeps 20 links.
    """
    spec = _social()
    refused = str(spec["kept_links"]["refused"])
    try:
        link = classify_link(url, "buyer")
    except ValueError as exc:
        raise InvalidPayload(refused) from exc
    if not link.url.startswith("https://") or not link.usable_in_russia or not urlsplit(
        link.url
    ).path.strip("/"):
        raise InvalidPayload(refused)
    if any(kept.url == link.url for kept in case.links):
        return case
    if len(case.links) >= 20:
        raise InvalidPayload("The case already keeps 20 links.")
    kept = CaseLink(url=link.url, network=link.network, added_at=now)
    return case.model_copy(update={"links": [*case.links, kept]})


def _hours_text(hours: list[dict[str, str]], lang: str) -> str:
    # A Chinese list takes the enumeration comma 、, not ", ".
    return ("、" if lang == "zh" else ", ").join(f"{h['from']}–{h['to']}" for h in hours)


def _faq(problem: str) -> Tip | None:
    data = load_data("problems")
    spec = load_data("tips")
    codes = data["problems"].get(problem, {}).get("help_links") or []
    if not codes:
        return None
    link = data["help_links"][codes[0]]
    text = {
        lang: spec["faq"]["text"][lang].format(title=link["title"][lang])
        for lang in ("ru", "en", "zh")
    }
    return Tip(
        code="faq",
        moment="problem_picked",
        text=text,
        url=link["url"],
        source=str(link["source"]),
        checked=str(link["checked"]),
    )


#: When each tip written in tips.json is shown.
_TIP_MOMENTS: dict[str, Moment] = {"off_peak": "support_overdue", "rate": "case_resolved"}


def _data_tip(code: Literal["off_peak", "rate"]) -> Tip:
    """A tip written in tips.json under ``code``, with its source, date and whether it is
    an assumption: quieter hours (its hours in the text) or where to rate the answer."""
    spec = load_data("tips")
    entry = spec[code]
    if code == "off_peak":
        fields: dict[str, Any] = {
            "text": {
                lang: entry["text"][lang].format(hours=_hours_text(entry["hours"], lang))
                for lang in ("ru", "en", "zh")
            },
            "hours": list(entry["hours"]),
            "timezone": entry["timezone"],
        }
    else:
        fields = {
            "text": dict(entry["text"]),
            "where": {k: dict(v) for k, v in entry["where"].items()},
        }
    return Tip(
        code=code,
        moment=_TIP_MOMENTS[code],
        assumption=bool(entry["assumption"]),
        source=entry["source"],
        checked=spec["checked"],
        **fields,
    )


_SUPPORT = frozenset({ChannelCode.SUPPORT_CHAT})


def _resolved(case: Case) -> bool:
    """Resolved by the buyer: the whole case, or its latest contact."""
    if case.status is CaseStatus.RESOLVED:
        return True
    return bool(case.attempts) and case.attempts[-1].status is AttemptStatus.RESOLVED


def tips(
    *,
    moment: Moment | None = None,
    problem: str | None = None,
    case: Case | None = None,
    now: datetime | None = None,
) -> list[Tip]:
    """The tips that apply now.

    Either name the ``moment`` (with ``problem`` for ``problem_picked``), or pass a
    ``case`` and ``now``: a resolved case gets the rating reminder, a case whose
    support-chat follow-up is overdue gets the quieter hours, and the case's problem
    its help-centre line.
    """
    found: list[Tip] = []
    if moment == "problem_picked" or (moment is None and (problem or case)):
        faq = _faq(problem or (case.problem.code.value if case else ""))
        if faq:
            found.append(faq)
    if moment == "support_overdue":
        found.append(_data_tip("off_peak"))
    elif moment is None and case is not None and now is not None:
        from .advice import follow_up_due

        overdue = any(
            attempt.channel in _SUPPORT
            and attempt.status is AttemptStatus.WAITING
            and (attempt.follow_up_due or follow_up_due(attempt)) <= now
            for attempt in case.attempts
        )
        if overdue and case.status is CaseStatus.OPEN:
            found.append(_data_tip("off_peak"))
    if moment == "case_resolved" or (moment is None and case is not None and _resolved(case)):
        found.append(_data_tip("rate"))
    return found
