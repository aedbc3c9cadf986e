"""The saved Ozon site served at its real https://www.ozon.ru/... addresses.

Python twin of ``site/site.mjs`` (the Firefox suite's copy); keep them in step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
SITE_BUILD = ROOT / "tests" / "e2e" / ".site"
# The chat pages bundled by site/build_site.mjs: /__och_test__/<chat>-chat.js.
CHATS = ("react", "lexical", "prosemirror", "plain")
CHAT_SCRIPT = re.compile(r"/__och_test__/([a-z]+)-chat\.js")


def chat_script_path(chat: str = "react") -> str:
    return f"/__och_test__/{chat}-chat.js"


CHAT_SCRIPT_PATH = chat_script_path("react")
OZON_HOST = re.compile(r"(www\.)?ozon\.(ru|kz|by)")
# A bare Ozon page holding only a chat box: where a buyer lands after following a link
# to a chat (the real chat's address is not known, see shared/OZON.md).
CHAT_PAGE_PATH = "/__och_test__/chat"
PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"


def fixture_index() -> dict[str, dict[str, Any]]:
    return json.loads((PAGES / "index.json").read_text(encoding="utf-8"))


def fixture_url(name: str) -> str:
    return fixture_index()[name]["url"]


@dataclass
class Response:
    status: int
    content_type: str
    body: str
    headers: dict[str, str]


def chat_tag(chat: str, chat_mode: str) -> str:
    if chat not in CHATS:
        raise ValueError(f"no such test chat: {chat}")
    return f'<script src="{chat_script_path(chat)}" data-mode="{chat_mode}"></script>'


def respond(url: str, chat_mode: str = "open", chat: str = "react") -> Response | None:
    """What the saved site answers for ``url``; None when it has no such page.

    ``chat`` picks the chat box the order pages get (react, lexical, prosemirror, plain);
    ``chat_mode`` its data-mode ("none": no chat box at all).
    """
    path = urlsplit(url).path
    if path == CHAT_PAGE_PATH:
        html = (f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Чат</title>'
                f'</head><body>{chat_tag(chat, chat_mode)}</body></html>')
        return Response(200, "text/html; charset=utf-8", html, {"content-security-policy": PAGE_CSP})
    script = CHAT_SCRIPT.fullmatch(path)
    if script and script[1] in CHATS:
        return Response(200, "text/javascript; charset=utf-8",
                        (SITE_BUILD / f"{script[1]}-chat.js").read_text(encoding="utf-8"), {})
    for name, meta in fixture_index().items():
        if meta["url"] == url:
            html = (PAGES / name).read_text(encoding="utf-8")
            if chat_mode != "none":
                html = html.replace("</body>", chat_tag(chat, chat_mode) + "</body>")
            return Response(200, "text/html; charset=utf-8", html,
                            {"content-security-policy": PAGE_CSP})
    if OZON_HOST.fullmatch(urlsplit(url).hostname or ""):
        # Another address on Ozon's own hosts (the browser's favicon, say): a plain 404, as
        # the real site would give. Any other host has no answer: the suites refuse it.
        return Response(404, "text/plain", "not saved", {})
    return None
