#!/usr/bin/env bash
# Installs everything the Keras Migration Workbench needs on a fresh Debian 12 machine.
# Run as root (or with sudo). Idempotent: a second run finds everything present and
# does nothing.
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake pkg-config file git nodejs npm ca-certificates
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqscintilla2-qt6-dev nlohmann-json3-dev libtree-sitter-dev libtorch-dev
  libopenblas0-pthread zlib1g-dev libhdf5-dev
  libxkbcommon-dev libvulkan-dev libgl-dev xvfb xauth
  python3-nbformat python3-venv clang libclang-rt-14-dev
  # the validators of the desktop entry and AppStream metainfo (tst_install)
  desktop-file-utils appstream
  # the tests that check our output against the real libraries (each skips without them):
  # converted code run in PyTorch, converted notebooks executed by nbconvert
  python3-torch python3-torchvision jupyter-nbconvert python3-ipykernel python3-sklearn python3-pandas python3-matplotlib
)
TS_PYTHON_VERSION=0.23.6
# Where the grammar's C sources live; CMake reads the same default (KMW_DEPS_DIR).
DEPS_DIR="${KMW_DEPS_DIR:-/opt/kmw-deps}"
TS_DIR="$DEPS_DIR/tree-sitter-python-$TS_PYTHON_VERSION"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs ships npm on some images: accept an npm already on PATH.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$TS_DIR/src/parser.c" ] || [ ! -f "$TS_DIR/src/scanner.c" ] || [ ! -f "$TS_DIR/LICENSE" ]; then
  echo "setup: fetching tree-sitter-python@$TS_PYTHON_VERSION from npm"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "tree-sitter-python@$TS_PYTHON_VERSION" >/dev/null)
  $SUDO mkdir -p "$TS_DIR"
  $SUDO tar -xzf "$tmp/tree-sitter-python-$TS_PYTHON_VERSION.tgz" -C "$TS_DIR" --strip-components=1 package/src package/LICENSE
  rm -rf "$tmp"
fi

# Microsoft's SARIF validator, for the test of `scan --format sarif` (it skips without it).
SARIF_VERSION=5.7.0
SARIF_DIR="$DEPS_DIR/sarif-multitool-$SARIF_VERSION"
if [ ! -x "$SARIF_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  echo "setup: fetching @microsoft/sarif-multitool@$SARIF_VERSION from npm"
  $SUDO mkdir -p "$SARIF_DIR"
  (cd "$SARIF_DIR" && $SUDO npm install --silent --no-audit --no-fund "@microsoft/sarif-multitool@$SARIF_VERSION" >/dev/null)
  $SUDO chmod u+x "$SARIF_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi

# The real frameworks the tests check our output against (run-compare, converted code
# run in PyTorch): a venv under the deps folder with the pinned versions of
# scripts/requirements-frameworks.txt, from PyPI. The workbench itself never needs it.
# KMW_NO_FRAMEWORKS=1 skips it (those tests then skip with a message).
VENV_DIR="$DEPS_DIR/venv"
REQUIREMENTS="$(cd "$(dirname "$0")" && pwd)/requirements-frameworks.txt"
if [ "${KMW_NO_FRAMEWORKS:-0}" != 1 ] && { [ ! -x "$VENV_DIR/bin/python" ] || ! cmp -s "$REQUIREMENTS" "$VENV_DIR/.kmw-requirements"; }; then
  echo "setup: installing the frameworks into $VENV_DIR (PyPI)"
  $SUDO /usr/bin/python3 -m venv "$VENV_DIR"
  $SUDO "$VENV_DIR/bin/pip" install --quiet --upgrade pip
  $SUDO "$VENV_DIR/bin/pip" install --quiet -r "$REQUIREMENTS"
  $SUDO cp "$REQUIREMENTS" "$VENV_DIR/.kmw-requirements"
fi
