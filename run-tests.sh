#!/usr/bin/env bash
# Every test, in one command (after ./setup.sh):
#   0. the build, twice: the store zips must come out byte-identical;
#   1. the built Python bundle in real Pyodide under Node, the JS unit tier (tests/unit_js:
#      the case store on the real py_core, the message layer), and the Firefox driver of the
#      shared journeys (tests/e2e/journeys/, puppeteer-core over WebDriver BiDi), with node --test;
#   2. web-ext lint of dist/firefox (0 errors; Pyodide's own warnings are listed in README),
#      ruff and mypy --strict on the Python, tsc (checkJs) on the extension's JS;
#   3. pytest: py_core unit tests under CPython and the Chromium driver of the same journeys
#      (pytest-playwright).
# Extra arguments go to pytest. Set OCH_SKIP_BUILD=1 to test the dist/ that is there.
set -uo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || { echo "run-tests.sh: run ./setup.sh first" >&2; exit 1; }

failed=()
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  printf 'run-tests.sh: warning: no Chinese (CJK) font installed (apt-get install -y fonts-noto-cjk):\n  the zh screenshots would show boxes, so those tests are skipped.\n' >&2
fi
if [ "${OCH_SKIP_BUILD:-0}" != 1 ]; then
  printf '== build twice: the zips must be byte-identical\n'
  .venv/bin/python build.py --check-reproducible | grep -E 'zip|reproducible' \
    || { echo "run-tests.sh: the build failed or is not reproducible" >&2; exit 1; }
fi

printf '\n== node --test: the Python bundle in Pyodide, the JS unit tiers, and the Firefox journey\n'
node --test --test-concurrency=1 tests/pyodide/ tests/unit_js/ tests/e2e/journeys.firefox.test.mjs tests/e2e/live.firefox.test.mjs tests/trust/*.test.mjs tests/e2e/product.firefox.test.mjs tests/js/ tests/e2e/panel.firefox.test.mjs tests/e2e/social.firefox.test.mjs tests/e2e/line.firefox.test.mjs || failed+=("node --test")

printf '\n== web-ext lint dist/firefox\n'
.venv/bin/python tests/lint_firefox.py || failed+=("web-ext lint")

printf '\n== ruff and mypy --strict\n'
.venv/bin/ruff check py_core tests && .venv/bin/mypy || failed+=("ruff/mypy")

printf '\n== tsc: the extension JS type-checked with its JSDoc (tsconfig.json)\n'
node_modules/.bin/tsc -p tsconfig.json || failed+=("tsc")

printf '\n== pytest: py_core unit tests and the Chromium journey\n'
.venv/bin/python -m pytest "$@" || failed+=("pytest")

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nrun-tests.sh: FAILED: %s\n' "${failed[*]}" >&2
  exit 1
fi
printf '\nrun-tests.sh: all suites passed\n'
