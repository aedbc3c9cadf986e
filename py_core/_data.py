"""Loading the data files that ship inside the package (each read once, on first use)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter

from .models import MessageForm

DATA_DIR = Path(__file__).parent / "data"
TEMPLATES_DIR = Path(__file__).parent / "templates"

__all__ = [
    "DATA_DIR",
    "TEMPLATES_DIR",
    "ChannelSpec",
    "SnapshotLimits",
    "channel_spec",
    "load_data",
    "snapshot_limits",
]


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed JSON data file ``py_core/data/<name>.json``.

    Callers must not mutate the result: it is shared.
    """
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return cast(dict[str, Any], json.load(handle))


class SnapshotLimits(BaseModel):
    """How much of a page a snapshot carries (``page.json`` ``snapshot.limits``): the
    content script's caps, applied again to a snapshot py_core did not make."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: int
    state: int
    widgets: int
    links: int
    parcels: int


@cache
def snapshot_limits() -> SnapshotLimits:
    """The snapshot limits, checked once."""
    return SnapshotLimits.model_validate(load_data("page")["snapshot"]["limits"])


class ChannelSpec(BaseModel):
    """One channel of ``channels.json`` ``channels``: its form, limits and reply time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: dict[str, str]
    form: MessageForm
    max_length: int
    max_length_source: str
    reply_hours: int
    reply_source: str
    how_to: dict[str, str]
    how_to_source: str | None = None


@cache
def _channel_specs() -> dict[str, ChannelSpec]:
    adapter = TypeAdapter(dict[str, ChannelSpec])
    return adapter.validate_python(load_data("channels")["channels"])


def channel_spec(code: str) -> ChannelSpec:
    """The data of one channel (a `py_core.models.ChannelCode` value), checked once.

    Raises:
        KeyError: ``code`` is not a channel of the data.
    """
    return _channel_specs()[code]
