#!/usr/bin/env bash
# Execute the tutorials into _demo/ as HTML. The end-to-end tutorial when it exists; until then every tutorial
# notebook there is, plus the module notebooks (each is its module's tutorial).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${VENV_BIN:-$root/.venv/bin}
out="$root/_demo"
mkdir -p "$out"
cd "$root"
export SWIFTEMU_OUTPUT="$out"  # the end-to-end tutorial writes its figures, emulators and results.nc here
if [ -f nbs/tutorials/end_to_end.ipynb ] && [ -f nbs/tutorials/calibration.ipynb ]; then
  notebooks=(nbs/tutorials/end_to_end.ipynb nbs/tutorials/calibration.ipynb)
else
  shopt -s nullglob
  notebooks=(nbs/tutorials/*.ipynb nbs/index.ipynb nbs/[0-9][0-9]*.ipynb)
fi
for notebook in "${notebooks[@]}"; do
  echo "running $notebook"
  "$bin/jupyter" nbconvert --to html --execute --log-level=WARN \
    --ExecutePreprocessor.timeout=900 --output-dir "$out" "$notebook"
done
echo
echo "Executed tutorials, figures (PNG), saved emulators and results.nc are in $out:"
ls -1 "$out"
