#!/usr/bin/env bash
# Issue 22's table, rerun: a small batch-norm network (conv 3x3 without bias -> batchNorm -> relu -> maxPool, twice;
# then the softmax head) at several channel counts, optimizers and kernel sets, trained with `tailor train` on the
# first 6,000 training images for 3 epochs, scored on 1,000 test images. A run that meets a non-finite number stops
# with Tailor's one-line error, printed in the result column.
# Usage: docs/bench/bn-channels.sh [BACKENDS]   (default: "djl dl4j")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
backends="${1:-djl dl4j}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

config() { # FIRST SECOND OPTIMIZER LEARNING_RATE
  cat <<JSON
{"model": {"name": "bn-$1-$2", "input": [1, 28, 28], "layers": [
  {"type": "conv2d", "filters": $1, "kernel": 3, "bias": false}, {"type": "batchNorm"},
  {"type": "activation", "activation": "relu"}, {"type": "maxPool2d", "size": 2},
  {"type": "conv2d", "filters": $2, "kernel": 3, "bias": false}, {"type": "batchNorm"},
  {"type": "activation", "activation": "relu"}, {"type": "maxPool2d", "size": 2},
  {"type": "flatten"}, {"type": "softmax", "classes": 10}]},
 "training": {"epochs": 3, "batchSize": 32, "optimizer": {"type": "$3", "learningRate": $4}}}
JSON
}

echo "| backend | channels | optimizer | kernels | seed | result |"
echo "|---|---|---|---|---:|---|"
row() { # BACKEND FIRST SECOND OPTIMIZER RATE KERNELS SEEDS...
  local backend=$1 first=$2 second=$3 optimizer=$4 rate=$5 kernels=$6
  shift 6
  config "$first" "$second" "$optimizer" "$rate" > "$work/config.json"
  for seed in "$@"; do
    local result
    if [ "$kernels" = default ]; then
      result="$("$root/tailor" train --config "$work/config.json" --backend "$backend" --train-limit 6000 --test-limit 1000 \
        --seed "$seed" --output "$work/run" --overwrite --quiet 2>&1 | grep -o 'test accuracy [0-9.]*\|tailor: .*' | head -1)" || true
    else
      result="$(ATEN_CPU_CAPABILITY="$kernels" "$root/tailor" train --config "$work/config.json" --backend "$backend" \
        --train-limit 6000 --test-limit 1000 --seed "$seed" --output "$work/run" --overwrite --quiet 2>&1 \
        | grep -o 'test accuracy [0-9.]*\|tailor: .*' | head -1)" || true
    fi
    echo "| $backend | $first then $second | $optimizer $rate | $kernels | $seed | $result |"
  done
}
for backend in $backends; do
  row "$backend" 8 12 adam 0.001 default 1 2 3
  row "$backend" 8 12 adam 0.001 avx2 1 2 3
  row "$backend" 8 12 sgd 0.01 default 1 2
  row "$backend" 24 40 adam 0.001 default 1 2
  row "$backend" 16 32 adam 0.001 default 1 2
done
