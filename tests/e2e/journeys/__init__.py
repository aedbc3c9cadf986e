"""The buyer's journeys, described once as data (one JSON file a journey, steps listed in
README.md) and run by two drivers: Chromium's (tests/e2e/test_journeys.py, pytest) and
Firefox's (tests/e2e/journeys.firefox.test.mjs, node)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PREFILLED = "Здравствуйте, у меня вопрос"  # site/chat_harness.js and site/react_chat.jsx


def load_journeys() -> list[tuple[str, dict[str, Any], str]]:
    """Every journey once for each test chat it names: (id, journey, chat)."""
    runs = []
    for path in sorted(HERE.glob("*.json")):
        journey = json.loads(path.read_text(encoding="utf-8"))
        for chat in journey.get("chats", ["react"]):
            runs.append((f"{path.stem}[{chat}]", journey, chat))
    return runs


def lines(text: str) -> str:
    """A chat box's text as the journeys compare it: each line trimmed, outer blank lines
    dropped (editors differ only in how they end a paragraph)."""
    return "\n".join(line.strip() for line in text.strip().split("\n"))
