#!/usr/bin/env bash
# Training speed by precision: `tailor bench` (steady-state training images/s after warm-up, and peak resident memory)
# on the seed CNN (batch 32) and on configs/best-cpu.json (batch 128), for DJL in float32 and bf16 and DL4J in float32,
# ROUNDS times in turn (A B C A B C ...) so that a noisy neighbour hits every row alike. Prints a Markdown table of the
# medians, with each row's ratio to DJL float32 on the same network.
# Usage: docs/bench/precision.sh [ROUNDS] [BATCHES]   (defaults: 2 rounds, 200 timed batches)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}"
batches="${2:-200}"
runs="djl:float32 djl:bf16 dl4j:float32"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for round in $(seq "$rounds"); do
  for config in seed-cnn best-cpu; do
    for run in $runs; do
      echo "round $round: $config on ${run%%:*} in ${run#*:}..." >&2
      "$root/tailor" bench --config "$root/configs/$config.json" --backends "${run%%:*}" --precision "${run#*:}" \
        --batches "$batches" --latency 10 --test-limit 1000 --json > "$out/$config.$run.$round.json"
    done
  done
done

python3 - "$out" "$rounds" "$runs" <<'PY'
import json, statistics, sys
out, rounds, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
def figures(config, run):
    docs = [json.load(open(f"{out}/{config}.{run}.{r}.json"))["backends"][0] for r in range(1, rounds + 1)]
    return ([d["training"]["imagesPerSecond"] for d in docs], statistics.median(d["peakMemoryBytes"] for d in docs) / 2**20)
print("| network | backend | precision | training img/s (median; each round) | vs DJL float32 | peak RSS MiB |")
print("|---|---|---|---:|---:|---:|")
for config in ("seed-cnn", "best-cpu"):
    base = statistics.median(figures(config, "djl:float32")[0])
    for run in runs:
        rates, rss = figures(config, run)
        backend, precision = run.split(":")
        each = ", ".join(f"{r:,.0f}" for r in rates)
        print(f"| {config} | {backend} | {precision} | {statistics.median(rates):,.0f} ({each}) | "
              f"{statistics.median(rates) / base:.2f}x | {rss:,.0f} |")
PY
