#!/usr/bin/env bash
# Sets up (if needed) and analyses the bundled demo hearings into reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
status=0
for hearing in corpus/*/; do
  [ -f "$hearing/horing.toml" ] || continue
  .venv/bin/horingsanalyse run "$hearing" --out reports || status=$?
  # exit 1 means some responses failed and are listed in the report; anything else is an error
  [ "$status" -le 1 ] || exit "$status"
done
echo "Open reports/nou-2019-18-havbruk/rapport.html in a browser."
