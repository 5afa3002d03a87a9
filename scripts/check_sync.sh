#!/usr/bin/env bash
# Fail when nbdev_export would change swiftemu/: the package must be exactly what the notebooks export.
# Exports into a scratch copy, so the working tree is never touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${VENV_BIN:-$root/.venv/bin}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root/settings.ini" "$scratch/"
cp -r "$root/nbs" "$scratch/nbs"
mkdir "$scratch/swiftemu"
cp -r "$root/swiftemu/." "$scratch/swiftemu/"  # keeps package data, which export does not write
(cd "$scratch" && "$bin/nbdev_export")
if ! diff -r -q -x __pycache__ "$root/swiftemu" "$scratch/swiftemu" >/dev/null; then
  echo "swiftemu/ is out of sync with nbs/: run nbdev_export, then commit the notebooks and swiftemu/ together." >&2
  diff -r -u -x __pycache__ "$root/swiftemu" "$scratch/swiftemu" | head -60 >&2 || true
  exit 1
fi
echo "swiftemu/ matches what nbdev_export makes of nbs/."
