"""Mozilla's add-ons linter (web-ext lint) on dist/firefox: 0 errors, and every warning
must come from a file we do not write (Pyodide's runtime) or be one the README explains.

Run: python tests/lint_firefox.py   (run-tests.sh does, after the build)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Warnings we accept, each explained in README.md ("web-ext lint warnings").
ACCEPTED = {
    # Pyodide's loader compiles the wasm module and evaluates its own generated code.
    ("DANGEROUS_EVAL", "pyodide/"),
    # Pyodide's runtime assigns innerHTML in its (unused here) console helpers.
    ("UNSAFE_VAR_ASSIGNMENT", "pyodide/"),
}


def main() -> int:
    web_ext = ROOT / "node_modules" / ".bin" / "web-ext"
    if not web_ext.exists():
        print("lint_firefox: web-ext is missing: run npm ci", file=sys.stderr)
        return 1
    proc = subprocess.run(
        [str(web_ext), "lint", "--source-dir", str(ROOT / "dist" / "firefox"), "--output", "json",
         "--no-config-discovery"],
        check=False, capture_output=True, text=True, cwd=ROOT,
    )
    try:
        report = json.loads(proc.stdout[proc.stdout.index("{"):])
    except ValueError:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        return 1
    errors = report.get("errors", [])
    warnings = report.get("warnings", [])
    unexplained = [w for w in warnings
                   if not any(w.get("code") == code and str(w.get("file", "")).startswith(prefix)
                              for code, prefix in ACCEPTED)]
    for kind, items in (("error", errors), ("unexplained warning", unexplained)):
        for item in items:
            print(f"{kind}: {item.get('code')} {item.get('file', '')}:{item.get('line', '')} "
                  f"{item.get('message')}")
    accepted = len(warnings) - len(unexplained)
    print(f"web-ext lint: {len(errors)} errors, {len(warnings)} warnings "
          f"({accepted} accepted from Pyodide's runtime, {len(unexplained)} unexplained), "
          f"{len(report.get('notices', []))} notices")
    return 1 if errors or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
