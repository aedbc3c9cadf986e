"""Ozon Contact Helper's core: read the order, advise the channel, compute the deadlines,
draft the message in two languages and keep the case log.

The path of the data: page snapshot -> `extract_order` -> `Order` -> `Case` ->
`recommend_channels` / `compute_deadlines` -> `render_draft` -> `Draft` -> chat box.
The extension calls `py_core.bridge.handle`; everything else is plain Python with no I/O.

Public names are loaded on first use so that ``import py_core.bridge`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .advice import ChannelAdvice, recommend_channels
    from .caselog import export_json, export_markdown, import_case, new_case, record_attempt
    from .checks import check_draft
    from .deadlines import Deadline, compute_deadlines
    from .drafting import render_draft
    from .extract import Extraction, extract_order
    from .models import (
        Case,
        ChannelCode,
        ContactAttempt,
        Draft,
        Order,
        Problem,
        ProblemCode,
        Profile,
    )

_EXPORTS = {
    "ChannelAdvice": "advice",
    "recommend_channels": "advice",
    "export_json": "caselog",
    "export_markdown": "caselog",
    "import_case": "caselog",
    "new_case": "caselog",
    "record_attempt": "caselog",
    "check_draft": "checks",
    "Deadline": "deadlines",
    "compute_deadlines": "deadlines",
    "render_draft": "drafting",
    "Extraction": "extract",
    "extract_order": "extract",
    "Case": "models",
    "ChannelCode": "models",
    "ContactAttempt": "models",
    "Draft": "models",
    "Order": "models",
    "Problem": "models",
    "ProblemCode": "models",
    "Profile": "models",
}

__all__ = [
    "Case",
    "ChannelAdvice",
    "ChannelCode",
    "ContactAttempt",
    "Deadline",
    "Draft",
    "Extraction",
    "Order",
    "Problem",
    "ProblemCode",
    "Profile",
    "__version__",
    "check_draft",
    "compute_deadlines",
    "export_json",
    "export_markdown",
    "extract_order",
    "import_case",
    "new_case",
    "recommend_channels",
    "record_attempt",
    "render_draft",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'py_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
