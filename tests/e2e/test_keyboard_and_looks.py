"""Keyboard-only use of the panel, and the README's screenshots (light and dark), made
here so that they always show the current panel on a saved order page."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import panel_frame
from .test_chromium_journey import open_order, react_state

SCREENSHOTS = Path(__file__).parent / "screenshots"


def focused_testid(page: Page) -> str:
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    return frame.evaluate("() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? ''")


def test_the_whole_flow_works_by_keyboard_alone(page: Page) -> None:
    panel, meta = open_order(page)
    panel.get_by_test_id("och-problem-damaged").focus()
    # Walk to "Return" with Tab, choose it with the space bar.
    for _ in range(10):
        if focused_testid(page) == "och-problem-return_request":
            break
        page.keyboard.press("Tab")
    assert focused_testid(page) == "och-problem-return_request"
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"
    page.keyboard.press("Space")
    expect(panel.get_by_test_id("och-draft")).to_have_value(
        re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    for _ in range(80):
        if focused_testid(page) == "och-insert":
            break
        page.keyboard.press("Tab")
    assert focused_testid(page) == "och-insert", "Insert must be reachable by Tab"
    page.keyboard.press("Enter")
    expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)
    assert react_state(page)["text"] == panel.get_by_test_id("och-draft").input_value()
    assert page.evaluate("() => window.__sendPresses") == 0


# How much of a picture may differ (stray anti-aliasing) before it counts as changed.
CHANGED_PIXELS = 0.00005  # about 50 pixels at 1366x768: one changed character is more
COMPARE = """async ([a, b]) => {
  const load = async (b64) => {
    // Decoded here, not fetched: the panel's CSP (connect-src 'self') refuses data: URLs.
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  };
  const [x, y] = [await load(a), await load(b)];
  if (x.width !== y.width || x.height !== y.height) return 1;
  let differ = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    if (Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2]) > 48) differ += 1;
  }
  return differ / (x.width * x.height);
}"""


def save_if_changed(page: Page, path: Path, png: bytes) -> bool:
    """Write the screenshot only when it differs visibly from the one in the repo, so that
    its bytes stay stable from run to run. Compared pixel by pixel in the panel's page."""
    if path.exists():
        frame = page.query_selector('[data-testid="och-panel"]').content_frame()
        changed = frame.evaluate(COMPARE, [base64.b64encode(path.read_bytes()).decode(),
                                           base64.b64encode(png).decode()])
        if changed <= CHANGED_PIXELS:
            return False
    path.write_bytes(png)
    return True


def cjk_font_installed() -> bool:
    try:
        found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    except OSError:
        return False
    return bool(found.stdout.strip())


def set_languages(page: Page, lang: str) -> None:
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    frame.evaluate("""(lang) => chrome.runtime.sendMessage({target: 'background', type: 'settings/set',
        payload: {uiLang: lang, sideLang: lang === 'zh' ? 'zh' : ''}})""", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readme_screenshots(page: Page, scheme: str, lang: str) -> None:
    """The README's pictures: the answer (advice, path, draft, Insert) at 1366x768, docked
    at the right, in English and Chinese, light and dark."""
    if lang == "zh" and not cjk_font_installed():
        pytest.skip("no CJK font (apt-get install -y fonts-noto-cjk): Chinese would show as boxes")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.emulate_media(color_scheme=scheme)
    panel, meta = open_order(page)
    set_languages(page, lang)
    try:
        page.reload()
        panel = panel_frame(page)
        expect(panel.get_by_test_id("och-order-number")).to_have_text(meta["expect"]["number"], timeout=60_000)
        panel.get_by_test_id("och-dock-right").click()
        panel.get_by_test_id("och-problem-damaged").click()
        expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
        expect(panel.get_by_test_id("och-where")).not_to_be_empty()
        side = panel.get_by_test_id("och-draft-side")
        expect(side).to_contain_text("订单号" if lang == "zh" else "Order")
        frame = page.query_selector('[data-testid="och-panel"]').content_frame()
        # Nothing animated or focused in the picture.
        frame.evaluate("() => document.activeElement?.blur()")
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"panel-{lang}-{scheme}.png"
        save_if_changed(page, path, page.screenshot())
        assert path.stat().st_size > 10_000
    finally:
        set_languages(page, "")
        frame = page.query_selector('[data-testid="och-panel"]').content_frame()
        frame.evaluate("() => chrome.storage.local.remove(['place:www.ozon.ru', 'collapsed:www.ozon.ru'])")


def test_unchanged_screenshots_are_not_rewritten(page: Page, tmp_path: Path) -> None:
    """The comparison can tell: the same picture is equal, a changed one is not."""
    page.set_viewport_size({"width": 800, "height": 600})
    open_order(page)
    first = page.screenshot()
    path = tmp_path / "shot.png"
    assert save_if_changed(page, path, first)
    assert not save_if_changed(page, path, page.screenshot())
    page.evaluate("() => { document.body.style.background = '#000'; }")
    assert save_if_changed(page, path, page.screenshot())
