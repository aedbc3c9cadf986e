"""JSON Schema of everything the extension sends to or receives from the bridge.

``python -m py_core schema`` writes it; the extension side can validate or generate types
from it. The bundle holds the fixed codes (problems, channels, languages, request types)
and one schema per model under ``$defs``.
"""

from __future__ import annotations

from typing import Any, Literal

__all__ = ["bridge_schema"]


def bridge_schema() -> dict[str, Any]:
    """The schema bundle: codes and the models' JSON Schemas (validation mode for inputs)."""
    from pydantic import BaseModel
    from pydantic.json_schema import models_json_schema

    from . import __version__
    from .advice import ChannelAdvice
    from .api import Advice, AdviseRequest, CaseRequest
    from .deadlines import Deadline
    from .exceptions import ERROR_CODES
    from .extract import Extraction
    from .models import (
        Case,
        ChannelCode,
        ContactAttempt,
        Draft,
        DraftCheck,
        Order,
        Problem,
        ProblemCode,
        Profile,
    )
    from .registry import REQUEST_TYPES

    inputs: list[type[BaseModel]] = [
        Order,
        Problem,
        Profile,
        ContactAttempt,
        Case,
        AdviseRequest,
        CaseRequest,
    ]
    outputs: list[type[BaseModel]] = [
        Extraction,
        Advice,
        Draft,
        DraftCheck,
        Deadline,
        ChannelAdvice,
        Case,
    ]
    modes: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        (model, "validation") for model in inputs
    ] + [(model, "serialization") for model in outputs]
    _keys, schema = models_json_schema(
        modes,
        ref_template="#/$defs/{model}",
        title="Ozon Contact Helper core",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Ozon Contact Helper core: bridge contract",
        "version": __version__,
        "codes": {
            "problems": [code.value for code in ProblemCode],
            "channels": [code.value for code in ChannelCode],
            "languages": ["ru", "en", "zh"],
            "requests": list(REQUEST_TYPES),
            "errors": list(ERROR_CODES),
        },
        "$defs": schema.get("$defs", {}),
    }
