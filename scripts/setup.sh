#!/usr/bin/env bash
# Installs everything horingsanalyse needs, and nothing twice: on Debian/Ubuntu the system
# packages (Tesseract with Norwegian for OCR; Norwegian hunspell dictionaries for text repair,
# GPL, so installed here rather than copied into the repository; poppler and Chromium for the
# report and benchmark checks; the DejaVu and Liberation fonts the benchmarks embed), then a
# virtual environment in .venv with the package and its test extras.
# Without root (and without password-less sudo) or without apt, it says what it could not
# install and what that turns off, then goes on: the package itself needs none of them.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-nor tesseract-ocr-eng hunspell-no poppler-utils chromium fonts-dejavu-core fonts-liberation)
declare -A DISABLES=(
  [tesseract-ocr]="OCR of scanned pages" [tesseract-ocr-nor]="Norwegian OCR" [tesseract-ocr-eng]="the repair benchmark's English OCR"
  [hunspell-no]="hunspell in the text repair (word frequencies alone; some repair tests skip)"
  [poppler-utils]="the repair benchmark's page images" [chromium]="the headless-browser report test"
  [fonts-dejavu-core]="the benchmarks' fonts" [fonts-liberation]="the benchmarks' fonts"
)

missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
fi

say_what_is_off() {
  echo "setup: could not install $*; without them these are off:" >&2
  for package in "$@"; do echo "  - $package: ${DISABLES[$package]}" >&2; done
}

if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
  echo "setup: no apt on this machine; install Tesseract (with Norwegian), hunspell nb/nn, poppler and Chromium with your package manager to turn on OCR, better repair and the browser test" >&2
elif [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    SUDO=(none)
  fi
  if [ "${SUDO[0]:-}" = "none" ]; then
    say_what_is_off "${missing[@]}"
  else
    echo "setup: installing Debian packages: ${missing[*]}"
    if ! { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
      say_what_is_off "${missing[@]}"
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
# pip's own failures must stop the set-up; only this machine's noise about a missing local
# package index is filtered from its output.
.venv/bin/python -m pip install -q -e ".[test,dask]" 2> >(grep -v -e "^WARNING: Location" >&2)
.venv/bin/python -c "import horingsanalyse" || { echo "setup: horingsanalyse failed to install" >&2; exit 1; }
