"""Loading the data files that ship inside the package (each read once, on first use)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict

DATA_DIR = Path(__file__).parent / "data"
TEMPLATES_DIR = Path(__file__).parent / "templates"

__all__ = ["DATA_DIR", "TEMPLATES_DIR", "SnapshotLimits", "load_data", "snapshot_limits"]


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
