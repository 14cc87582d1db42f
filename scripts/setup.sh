#!/usr/bin/env bash
# Installs everything horingsanalyse needs on a fresh Debian/Ubuntu machine, and nothing twice:
# Tesseract with Norwegian (OCR), Norwegian hunspell dictionaries (text repair; GPL, so installed
# here rather than copied into the repository), poppler and Chromium (report and benchmark
# checks), the DejaVu and Liberation fonts the benchmarks embed in their PDFs, then a virtual environment in .venv with the package and its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-nor tesseract-ocr-eng hunspell-no poppler-utils chromium fonts-dejavu-core fonts-liberation)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "setup: cannot install ${missing[*]} (not root, no sudo); OCR or browser checks may be skipped" >&2
  else
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v -e "^WARNING: Location" -e "^\s*$" || true
.venv/bin/python -c "import horingsanalyse" || { echo "setup: horingsanalyse failed to install" >&2; exit 1; }
