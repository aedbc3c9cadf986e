#!/usr/bin/env bash
# Proves that the README's two commands set up a machine without the browsers, without
# changing this machine: in a private mount namespace, an overlay of / whose changes go to
# a tmpfs; inside it Chromium, Firefox ESR and the CJK font are purged (dpkg) and the
# pip/npm caches hidden; then a fresh clone of the branch runs ./setup.sh (which must
# install the three packages with apt-get) and a smoke test in each browser.
# Run as root: tests/trust/fresh_machine.sh [branch]   (takes 10-20 minutes; needs Debian's
# mirrors, PyPI and npm). Everything it did is gone when it ends.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "fresh_machine.sh: run as root (it needs a mount namespace)" >&2; exit 1; }
REPO="$(git -C "$(dirname "$0")" rev-parse --path-format=absolute --git-common-dir)"
BRANCH="${1:-$(git -C "$(dirname "$0")" rev-parse --abbrev-ref HEAD)}"

exec unshare -m --propagation private bash -s "$REPO" "$BRANCH" <<'INNER'
set -euo pipefail
repo="$1"; branch="$2"
base="$(mktemp -d /tmp/och-fresh.XXXXXX)"
mount -t tmpfs -o size=16g tmpfs "$base"
mkdir "$base/upper" "$base/work" "$base/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$base/root"
mount -t proc proc "$base/root/proc"
mount --rbind /dev "$base/root/dev"
mount --rbind /sys "$base/root/sys"
mount -t tmpfs tmpfs "$base/root/tmp"
for cache in /root/.npm /root/.cache; do mount -t tmpfs tmpfs "$base/root$cache"; done
mkdir -p "$base/root/tmp/origin"
mount --bind "$repo" "$base/root/tmp/origin"
chroot "$base/root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/root/.pyenv/bin \
  TERM=dumb BRANCH="$branch" bash -euo pipefail -c '
  echo "== fresh machine: purging the browsers and the CJK font (inside the overlay only)"
  dpkg --purge --force-depends chromium chromium-common firefox-esr fonts-noto-cjk >/dev/null 2>&1
  for gone in chromium firefox-esr; do ! command -v "$gone" >/dev/null || { echo "$gone still there"; exit 1; }; done
  ! dpkg-query -W -f="\${Status}" fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
  echo "   chromium, firefox-esr and fonts-noto-cjk are not installed; pip and npm caches are empty"
  git clone -q --branch "$BRANCH" /tmp/origin /tmp/fresh && cd /tmp/fresh
  echo "== ./setup.sh in a fresh clone of $BRANCH ($(git rev-parse --short HEAD))"
  ./setup.sh
  command -v chromium && command -v firefox-esr && dpkg-query -W fonts-noto-cjk
  echo "== smoke test: the journey in Chromium and in Firefox"
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/test_journeys.py -k insert_into_each_chat
  node --test tests/e2e/journeys.firefox.test.mjs
  echo "== fresh machine: set up by ./setup.sh alone, both browsers ran the journey"
'
INNER
