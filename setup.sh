#!/usr/bin/env bash
# One command from a fresh clone to a built extension:
#   installs the browsers the tests use (chromium, firefox-esr, fonts-noto-cjk) when missing,
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

# The browsers the end-to-end suites drive, and a font for the Chinese text beside the
# draft: Debian's chromium, firefox-esr and fonts-noto-cjk. Installed with apt when missing
# and running as root; otherwise this says exactly what to run. OCH_SKIP_BROWSERS=1 skips
# the check (a build-only machine).
missing_system_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
  command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)
  elif ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; }; then
    missing+=(fonts-noto-cjk)
  fi
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  echo "${missing[@]}"
}

if [ "${OCH_SKIP_BROWSERS:-0}" != 1 ]; then
  read -r -a need <<<"$(missing_system_packages)"
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing ${need[*]} with apt-get"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${need[@]}" >/dev/null
      read -r -a still <<<"$(missing_system_packages)"
      [ ${#still[@]} -eq 0 ] || die "apt-get ran but ${still[*]} are still missing"
    else
      die "the tests need ${need[*]}. Run: sudo apt-get install -y ${need[*]}
  then ./setup.sh again (or OCH_SKIP_BROWSERS=1 ./setup.sh to only build)."
    fi
  fi
fi

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
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "Node.js >= 20 is needed, this is $(node --version) (Debian 12 has 18: use NodeSource's nodejs 20 or Debian 13)"
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
