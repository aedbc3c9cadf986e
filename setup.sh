#!/usr/bin/env bash
# One command from a fresh clone to a built extension:
#   finds a Python >= 3.12, makes .venv with the dev tools, installs the npm packages
#   (pinned in package-lock.json), and builds dist/chrome, dist/firefox and the store zips.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\n== %s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

find_python() {
  local candidate
  for candidate in python3.14 python3.13 python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs versions that its shims hide unless selected.
  if command -v pyenv >/dev/null 2>&1; then
    local version
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -rV); do
      candidate="$(pyenv root)/versions/$version/bin/python3"
      if [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        echo "$candidate"; return 0
      fi
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  PYTHON="$(find_python)" || die "no Python >= 3.12 found (tried python3.14, python3.13, python3.12, python3 and pyenv). Install one, e.g. apt-get install python3.12 or pyenv install 3.13, and run ./setup.sh again."
  say "making .venv with $PYTHON ($("$PYTHON" --version 2>&1))"
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi

say "installing the Python dev tools into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c 'import pydantic, jinja2, playwright, pytest, pyodide_build' \
  || die "the Python packages did not install; see the pip output above"

command -v node >/dev/null 2>&1 || die "Node.js >= 20 is needed (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || die "npm is needed (apt-get install npm)"
say "installing the npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

# The Chinese interface and the README's Chinese screenshots need a CJK font.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  printf 'setup.sh: warning: no Chinese (CJK) font is installed: Chinese text and the zh screenshots will show boxes.\n  Install one: apt-get install -y fonts-noto-cjk\n' >&2
fi

say "building the extension"
.venv/bin/python build.py

cat <<'MSG'

Done. Load the extension:
  Chrome:  chrome://extensions -> Developer mode -> Load unpacked -> dist/chrome
  Firefox: about:debugging#/runtime/this-firefox -> Load Temporary Add-on -> dist/firefox/manifest.json
Store packages: dist/ozon-contact-helper-*-chrome.zip and -firefox.zip
Then open an order at https://www.ozon.ru/my/orderlist. Run the tests with ./run-tests.sh
MSG
