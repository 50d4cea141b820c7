#!/usr/bin/env bash
# Issue 27's OpenMP question: the PyTorch peer and Tailor on DJL train the seed CNN under the same OpenMP wait policy,
# so that their ratio measures the engines: both PASSIVE (the launcher's default, and what run-torch-peer sets), both
# at libgomp's own default (OMP_WAIT_POLICY unset: spin a while, then sleep), both ACTIVE. Training images/s over
# epochs 2..N, batch 32, 2 threads, full data; ROUNDS rounds of peer-then-Tailor, one row per run pair.
# Usage: docs/bench/omp-policy.sh [EPOCHS] [ROUNDS]   (defaults: 3, 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="$(cd "${TAILOR_PEER_DIR:-$root/../shared/peers}" && pwd)"
epochs="${1:-3}"
rounds="${2:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/tailor" --version > /dev/null  # builds the command line first when needed
"$peers/run-torch-peer" --epochs 1 --threads 2 > /dev/null  # installs the peer's packages when needed

# With POLICY "default" OMP_WAIT_POLICY is left unset, so each is run without its wrapper's PASSIVE: the peer's
# script by Python directly, Tailor's jar by java with the launcher's other settings.
peer() { # POLICY
  if [ "$1" = default ]; then env -u OMP_WAIT_POLICY /usr/bin/python3 "$peers/torch_seed_cnn.py" --epochs "$epochs" --batch 32 --threads 2
  else OMP_WAIT_POLICY="$1" /usr/bin/python3 "$peers/torch_seed_cnn.py" --epochs "$epochs" --batch 32 --threads 2; fi
}
tailor() { # POLICY OUTPUT
  local policy=(env -u OMP_WAIT_POLICY)
  [ "$1" = default ] || policy=(env "OMP_WAIT_POLICY=$1")
  "${policy[@]}" MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=134217728 \
    java "@$root/app-cli/dist/src/lib/jvm.options" -cp "$root/app-cli/cli/target/tailor.jar" dev.tailor.cli.TailorCli \
    train --backend djl --epochs "$epochs" --threads 2 --quiet --output "$2" > /dev/null
}

echo "| OMP_WAIT_POLICY | round | peer img/s | Tailor DJL img/s | Tailor / peer |"
echo "|---|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  for policy in PASSIVE default ACTIVE; do
    peer "$policy" > "$out/peer.jsonl"
    tailor "$policy" "$out/run-$policy-$round"
    python3 - "$out/peer.jsonl" "$out/run-$policy-$round/history.json" "$policy" "$round" <<'PY'
import json, sys
peer = [json.loads(line) for line in open(sys.argv[1])][1:]
p = 60000 * len(peer) / sum(e["train_s"] for e in peer)
steady = json.load(open(sys.argv[2]))["epochs"][1:]
t = sum(e["images"] for e in steady) / sum(e["seconds"] for e in steady)
print(f"| {sys.argv[3]} | {sys.argv[4]} | {p:,.0f} | {t:,.0f} | {t / p:.2f}x |")
PY
  done
done
