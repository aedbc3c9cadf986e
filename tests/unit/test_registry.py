"""The request registry: one model, one function and one result type per request type."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from py_core import bridge, registry
from py_core.exceptions import ERROR_CODES, CaseItemNotFound, CoreError, InvalidPayload

PY_CORE = Path(registry.__file__).parent


def test_every_request_type_has_a_model_that_names_it() -> None:
    assert registry.REQUEST_TYPES == tuple(registry.ENDPOINTS)
    assert bridge.REQUEST_TYPES == registry.REQUEST_TYPES
    for name, endpoint in registry.ENDPOINTS.items():
        assert endpoint.name == name
        assert issubclass(endpoint.model, BaseModel)
        assert name in get_args(endpoint.model.model_fields["type"].annotation)
        assert endpoint.result is not None


def test_one_adapter_picks_the_model_by_type() -> None:
    for name, endpoint in registry.ENDPOINTS.items():
        required = [f for f, info in endpoint.model.model_fields.items() if info.is_required()]
        if required:
            continue
        request = registry.PAYLOADS.validate_python({"type": name})
        assert type(request) is endpoint.model
        assert request.type == name  # type: ignore[attr-defined]


def test_request_models_are_built_once_at_import() -> None:
    """No model class is defined inside a function of the registry or the bridge."""
    for module in ("registry.py", "bridge.py", "api.py"):
        tree = ast.parse((PY_CORE / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.ClassDef)]
                assert not inner, f"{module}: {node.name} defines {inner[0].name}"


def test_no_module_imports_a_private_name_of_another() -> None:
    for path in sorted(PY_CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                if node.module.startswith("_"):
                    continue  # a private module is there to be imported by its package
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from .{node.module}"


def _broken(exc: Exception) -> Any:
    def answer(request: Any) -> Any:
        raise exc

    return answer


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        # By class, never by text: a ValueError that talks of a case and JSON is still a bug.
        (ValueError("the case JSON is broken"), "internal"),
        (KeyError("case"), "internal"),
        (InvalidPayload("The link must be a web address."), "invalid_payload"),
        (CaseItemNotFound("there is no point 'x' in this case"), "not_found"),
    ],
)
def test_errors_map_to_codes_by_class(
    monkeypatch: pytest.MonkeyPatch, exc: Exception, code: str
) -> None:
    ping = registry.ENDPOINTS["ping"]
    monkeypatch.setitem(registry.ENDPOINTS, "ping", replace(ping, answer=_broken(exc)))
    error = json.loads(bridge.handle("ping", "{}"))["error"]
    assert error["code"] == code
    assert error["code"] in ERROR_CODES
    if isinstance(exc, CoreError):
        assert error["message"] == exc.message and error["message"].endswith(".")


def test_every_error_class_has_a_known_code() -> None:
    from py_core import exceptions

    classes = [
        value
        for value in vars(exceptions).values()
        if isinstance(value, type) and issubclass(value, CoreError)
    ]
    assert len(classes) >= 8
    assert {cls.code for cls in classes} == set(ERROR_CODES)


def test_the_bridge_is_a_thin_door() -> None:
    source = (PY_CORE / "bridge.py").read_text(encoding="utf-8")
    code = source.split('"""', 2)[2]  # after the module docstring
    lines = [
        line for line in code.splitlines() if line.strip() and not line.strip().startswith("#")
    ]
    assert len(lines) < 60, len(lines)
