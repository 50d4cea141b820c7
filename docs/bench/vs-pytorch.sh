#!/usr/bin/env bash
# Measures the seed CNN on the PyTorch peer (../shared/peers/run-torch-peer) and on each Tailor backend, back to back
# on the same machine, and prints a Markdown table of ratios to the peer:
#   training images/s over epochs 2..N (epoch 1 holds each engine's warm-up), batch 32, full data, 2 threads;
#   evaluation images/s (the peer scores the test set in batches of 1,000; Tailor's figure is `tailor bench`'s);
#   one-image latency p50 through the Classifier port (`tailor bench`); peak resident memory of the training process
#   (GNU time's maximum RSS, off-heap memory included), with the launcher's defaults.
# Usage: docs/bench/vs-pytorch.sh [EPOCHS] [BACKENDS]   (defaults: 3, "djl dl4j")
#   A backend may name its training precision: "djl djl:bf16 dl4j" adds a row trained with --precision bf16.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="${TAILOR_PEER:-$root/../shared/peers/run-torch-peer}"
epochs="${1:-3}"
backends="${2:-djl dl4j}"
[ "$epochs" -ge 2 ] || { echo "vs-pytorch.sh: EPOCHS must be 2 or more (epoch 1 is warm-up), got $epochs" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "vs-pytorch.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "PyTorch peer, $epochs epochs..." >&2
/usr/bin/time -f %M -o "$out/torch.rss" "$peer" --epochs "$epochs" --batch 32 --threads 2 > "$out/torch.jsonl"
for run in $backends; do
  backend="${run%%:*}"
  precision=float32
  [ "$run" = "$backend" ] || precision="${run#*:}"
  echo "Tailor $backend ($precision), $epochs epochs..." >&2
  /usr/bin/time -f %M -o "$out/$run.rss" "$root/tailor" train --backend "$backend" --precision "$precision" \
    --epochs "$epochs" --quiet --output "$out/$run" > "$out/$run.log"
  echo "tailor bench $backend ($precision)..." >&2
  "$root/tailor" bench --backends "$backend" --precision "$precision" --json > "$out/$run.bench.json"
done

python3 - "$out" "$backends" <<'PY'
import json, statistics, sys
out, backends = sys.argv[1], sys.argv[2].split()
rss = lambda name: int(open(f"{out}/{name}.rss").read().split()[-1]) / 1024  # KiB -> MiB
peer = [json.loads(line) for line in open(f"{out}/torch.jsonl")]
p_train = 60000 * len(peer[1:]) / sum(e["train_s"] for e in peer[1:])  # the peer trains on all 60,000 images
p_infer = statistics.median(e["infer_img_s"] for e in peer)
print("| engine | training img/s (epochs 2+) | vs peer | evaluation img/s | vs peer | p50 ms, one image | peak RSS MiB | test acc |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| PyTorch peer | {p_train:,.0f} | 1.00x | {p_infer:,.0f} | 1.00x | | {rss('torch'):,.0f} | {peer[-1]['test_acc']:.4f} |")
for b in backends:
    history = json.load(open(f"{out}/{b}/history.json"))["epochs"]
    steady = history[1:]
    train = sum(e["images"] for e in steady) / sum(e["seconds"] for e in steady)
    bench = json.load(open(f"{out}/{b}.bench.json"))["backends"][0]
    acc = json.load(open(f"{out}/{b}/metrics.json"))["accuracy"]
    print(f"| Tailor {b.replace(':', ' ')} | {train:,.0f} | {train / p_train:.2f}x | {bench['inferenceImagesPerSecond']:,.0f} | "
          f"{bench['inferenceImagesPerSecond'] / p_infer:.2f}x | {bench['latencyP50Millis']:.3f} | {rss(b):,.0f} | {acc:.4f} |")
PY
