"""Least privilege, read from the built manifests (dist/chrome and dist/firefox): every
permission asked for is used by the extension's own code, host access covers Ozon's domains
only, nothing is exposed to other extensions or sites, and the extension pages carry a
strict CSP (no inline script, no remote sources). The CSP is also checked in the browser,
in test_trust_chromium.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"

# Each permission with the API it unlocks: the permission must be asked for only if the
# extension's own code calls that API.
PERMISSION_API = {
    "storage": "chrome.storage",
    "alarms": "chrome.alarms",
    "notifications": "chrome.notifications",
    "contextMenus": "chrome.contextMenus",
    "offscreen": "chrome.offscreen",
}
EXPECTED = {
    "chrome": {"storage", "alarms", "notifications", "contextMenus", "offscreen"},
    "firefox": {"storage", "alarms", "notifications", "contextMenus"},
}
OZON_PATTERN = re.compile(r"^https://(www\.)?ozon\.(ru|kz|by)/\*$")
# Keys that grant nothing beyond the permissions above ("commands": a keyboard shortcut).
ALLOWED_KEYS = {
    "manifest_version", "name", "short_name", "description", "version", "default_locale",
    "icons", "minimum_chrome_version", "permissions", "background", "content_scripts",
    "web_accessible_resources", "content_security_policy", "browser_specific_settings",
    "options_ui", "action", "commands",
}
# Never reachable from a web page: the log and settings, the background, Python.
PRIVATE = ("options/", "background/", "offscreen/", "pyodide/", "python_host/", "content/",
           "_locales/")


def manifest(browser: str) -> dict[str, Any]:
    path = DIST / browser / "manifest.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `python build.py` first")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def own_code(browser: str) -> str:
    """The extension's own scripts (Pyodide's runtime is not ours and calls no chrome.* API)."""
    files = [p for p in (DIST / browser).rglob("*.js") if "pyodide" not in p.relative_to(DIST / browser).parts]
    assert files
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def csp_directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_only_the_permissions_the_code_uses(browser: str) -> None:
    data = manifest(browser)
    permissions = set(data.get("permissions", []))
    assert permissions == EXPECTED[browser], "a permission was added or dropped: say why in README.md"
    code = own_code(browser)
    for permission in permissions:
        api = PERMISSION_API[permission]
        assert re.search(re.escape(api) + r"\b", code), f"{permission} is asked for but {api} is never used"
    # Nothing beyond: no optional or host permissions, no access for other sites or extensions.
    unknown = set(data) - ALLOWED_KEYS
    assert not unknown, f"manifest keys nobody reviewed: {unknown}"
    for key in ("host_permissions", "optional_permissions", "optional_host_permissions",
                "externally_connectable", "content_scripts_all_frames"):
        assert key not in data, key


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_host_access_is_ozon_only(browser: str) -> None:
    data = manifest(browser)
    patterns = [m for script in data["content_scripts"] for m in script["matches"]]
    patterns += [m for res in data.get("web_accessible_resources", []) for m in res["matches"]]
    assert patterns
    for pattern in patterns:
        assert OZON_PATTERN.fullmatch(pattern), f"{pattern} is not one of Ozon's sites"
    for script in data["content_scripts"]:
        assert script.get("all_frames", False) is False, "the content script runs in the top frame only"
        assert "exclude_matches" not in script and "match_about_blank" not in script
    # Only the frames the content script puts into Ozon pages (the panel) and what they load
    # are reachable from pages: never the options, the background or Python.
    for res in data.get("web_accessible_resources", []):
        assert set(res) <= {"resources", "matches", "use_dynamic_url"}, res
        for path in res["resources"]:
            assert not path.startswith(PRIVATE) and path not in ("*", "/*", "**/*"), path
            assert "pyodide" not in path and "options" not in path, path


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_extension_pages_have_a_strict_csp(browser: str) -> None:
    policy = manifest(browser)["content_security_policy"]["extension_pages"]
    directives = csp_directives(policy)
    assert directives.get("default-src") == ["'self'"], policy
    assert directives.get("script-src") == ["'self'", "'wasm-unsafe-eval'"], policy
    assert directives.get("object-src") == ["'none'"], policy
    assert directives.get("base-uri") == ["'none'"], policy
    assert directives.get("form-action") == ["'none'"], policy
    for name, sources in directives.items():
        for source in sources:
            assert source not in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"), (name, source)
            assert not source.startswith(("http://", "https://")), (name, source)


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_extension_pages_have_no_inline_script_or_remote_source(browser: str) -> None:
    pages = list((DIST / browser).rglob("*.html"))
    assert any(p.name == "panel.html" for p in pages) and any(p.name == "options.html" for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE):
            assert re.search(r'\bsrc="[^":]+\.js"', tag), f"{page.name}: {tag} is not a local script"
        assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html, re.IGNORECASE), f"{page.name}: inline script"
        assert not re.search(r"\bon[a-z]+\s*=", html, re.IGNORECASE), f"{page.name}: inline handler"
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE), f"{page.name}: remote source"
