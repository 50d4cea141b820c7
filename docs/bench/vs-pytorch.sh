#!/usr/bin/env bash
# Times the seed CNN on PyTorch (the peer reference, ../shared/peers/run-torch-peer) and on both Tailor backends,
# one after the other on the same machine, and prints each backend's training time as a ratio of PyTorch's.
# Usage: docs/bench/vs-pytorch.sh [EPOCHS]   (default 5; full data, batch 32, seed 42, 2 threads)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="${TAILOR_PEER:-$root/../shared/peers/run-torch-peer}"
epochs="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "PyTorch peer, $epochs epochs..." >&2
"$peer" --epochs "$epochs" --batch 32 --threads 2 > "$out/torch.jsonl"
torch_s=$(python3 -c "import json,sys; print(sum(json.loads(l)['train_s'] for l in open(sys.argv[1])))" "$out/torch.jsonl")
torch_acc=$(tail -n 1 "$out/torch.jsonl" | python3 -c "import json,sys; print(json.load(sys.stdin)['test_acc'])")

printf '%-8s %12s %10s %14s\n' engine "train s" accuracy "vs PyTorch"
printf '%-8s %12.1f %10s %14s\n' pytorch "$torch_s" "$torch_acc" "1.00x"
for backend in djl dl4j; do
  echo "Tailor $backend, $epochs epochs..." >&2
  "$root/tailor" train --backend "$backend" --epochs "$epochs" --output "$out/$backend" > "$out/$backend.log"
  python3 - "$out/$backend" "$backend" "$torch_s" <<'PY'
import json, sys
run, backend, torch_s = sys.argv[1], sys.argv[2], float(sys.argv[3])
seconds = sum(e["seconds"] for e in json.load(open(f"{run}/history.json")))
accuracy = json.load(open(f"{run}/metrics.json"))["accuracy"]
print(f"{backend:<8} {seconds:12.1f} {accuracy:10.4f} {seconds / torch_s:13.2f}x")
PY
done
