"""Loading the data files that ship inside the package (each read once, on first use)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

DATA_DIR = Path(__file__).parent / "data"
TEMPLATES_DIR = Path(__file__).parent / "templates"

__all__ = ["DATA_DIR", "TEMPLATES_DIR", "load_data"]


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed JSON data file ``py_core/data/<name>.json``.

    Callers must not mutate the result: it is shared.
    """
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return cast(dict[str, Any], json.load(handle))
