"""M5 counts a store zip only when it holds the unpacked tree beside it, as built."""

from __future__ import annotations

import zipfile
from pathlib import Path

from benchmarks.run import sizes


def _dist(root: Path) -> Path:
    tree = root / "chrome"
    (tree / "panel").mkdir(parents=True)
    (tree / "manifest.json").write_text('{"version": "1"}')
    (tree / "panel" / "panel.js").write_text("export {};\n")
    with zipfile.ZipFile(root / "helper-0.1.0-chrome.zip", "w") as archive:
        for path in sorted(p for p in tree.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(tree).as_posix())
    return root


def test_a_zip_of_the_tree_as_built_is_counted(tmp_path: Path) -> None:
    dist = _dist(tmp_path)
    measured = sizes(dist)
    assert measured["helper-0.1.0-chrome.zip"] == (dist / "helper-0.1.0-chrome.zip").stat().st_size
    assert measured["chrome/ unpacked"] == len('{"version": "1"}') + len("export {};\n")


def test_a_zip_left_from_an_earlier_build_is_left_out(tmp_path: Path) -> None:
    dist = _dist(tmp_path)
    # Built again without a zip: one file changed size, one was added.
    (dist / "chrome" / "panel" / "panel.js").write_text("export const x = 1;\n")
    assert "helper-0.1.0-chrome.zip" not in sizes(dist)
    dist = _dist(tmp_path / "again")
    (dist / "chrome" / "extra.js").write_text("")
    assert "helper-0.1.0-chrome.zip" not in sizes(dist)
    assert "chrome/ unpacked" in sizes(dist)
