#!/usr/bin/env bash
# Fingerprints of what every shipped config trains, on every backend: the SHA-256 of metrics.json and of
# model/weights.safetensors after a short run (1 epoch over 2,000 training images, 500 test images, seed 42). Equal
# output before and after a change that must not change behaviour (a refactoring) shows it did not.
# Usage: docs/bench/fingerprints.sh [BACKENDS]   (default: "djl dl4j")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
backends="${1:-djl dl4j}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "| config | backend | metrics.json | weights.safetensors |"
echo "|---|---|---|---|"
for config in "$root"/configs/*.json; do
  name="$(basename "$config" .json)"
  for backend in $backends; do
    "$root/tailor" train --config "$config" --backend "$backend" --epochs 1 --train-limit 2000 --test-limit 500 --seed 42 \
      --output "$work/$name-$backend" --quiet >/dev/null
    echo "| $name | $backend | $(sha256sum < "$work/$name-$backend/metrics.json" | cut -c1-16) |" \
      "$(sha256sum < "$work/$name-$backend/model/weights.safetensors" | cut -c1-16) |"
  done
done
