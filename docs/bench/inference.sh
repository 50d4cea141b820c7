#!/usr/bin/env bash
# The inference table of docs/results.md (issue 25): batch inference and one-image latency of the seed CNN and of the
# best-cpu network on every backend that serves (DJL, DL4J, ONNX Runtime), against PyTorch in the same run, 2 threads.
#   PyTorch: the peer (../shared/peers/run-torch-peer, 1 epoch; it scores the test set in batches of 1,000) for the seed
#   CNN, and docs/bench/torch_inference.py (the Tailor model rebuilt in plain PyTorch, batches of 256) for both networks;
#   Tailor: `tailor bench --model DIR --backends B` in its own process per backend (batches of 256 through the
#   Classifier port, then 1,000 one-image predictions), peak RSS of that whole process from GNU time.
# The models are trained briefly first: their weights do not change the speed.
# Usage: docs/bench/inference.sh [BACKENDS]   (default: "djl dl4j onnx")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="${TAILOR_PEER:-$root/../shared/peers/run-torch-peer}"
data="${TAILOR_DATA:-/usr/share/datasets/fashion-mnist}"
backends="${1:-djl dl4j onnx}"
[ -x /usr/bin/time ] || { echo "inference.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
tailor="$root/tailor"

echo "training the two models briefly..." >&2
"$tailor" train --config "$root/configs/seed-cnn.json" --epochs 1 --quiet --output "$out/seed-cnn" > /dev/null
"$tailor" train --config "$root/configs/best-cpu.json" --epochs 1 --train-limit 6400 --quiet --output "$out/best-cpu" > /dev/null
echo "PyTorch peer, 1 epoch..." >&2
/usr/bin/time -f %M -o "$out/peer.rss" "$peer" --epochs 1 --batch 32 --threads 2 > "$out/peer.jsonl"
for net in seed-cnn best-cpu; do
  echo "$net: PyTorch..." >&2
  /usr/bin/time -f %M -o "$out/$net.torch.rss" /usr/bin/python3 "$root/docs/bench/torch_inference.py" "$out/$net/model" "$data" 2 \
    > "$out/$net.torch.json"
  for b in $backends; do
    echo "$net: tailor bench --backends $b..." >&2
    /usr/bin/time -f %M -o "$out/$net.$b.rss" "$tailor" bench --model "$out/$net/model" --backends "$b" --threads 2 --json \
      > "$out/$net.$b.json"
  done
done

/usr/bin/python3 - "$out" "$backends" <<'PY'
import json, sys
out, backends = sys.argv[1], sys.argv[2].split()
rss = lambda name: int(open(f"{out}/{name}.rss").read().split()[-1]) / 1024  # KiB -> MiB
peer = json.loads(open(f"{out}/peer.jsonl").readline())["infer_img_s"]
print(f"PyTorch peer (run-torch-peer), seed CNN, batches of 1,000: {peer:,.0f} images/s\n")
print("| network | engine | images/s, batches of 256 | vs PyTorch | vs peer | p50 ms, one image | p99 ms | peak RSS MiB |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for net in ["seed-cnn", "best-cpu"]:
    torch = json.load(open(f"{out}/{net}.torch.json"))
    t = torch["imagesPerSecond"]
    vs_peer = f"{t / peer:.2f}x" if net == "seed-cnn" else ""
    print(f"| {net} | {torch['engine']} | {t:,.0f} | 1.00x | {vs_peer} | {torch['latencyP50Millis']:.3f} | "
          f"{torch['latencyP99Millis']:.3f} | {rss(net + '.torch'):,.0f} |")
    for b in backends:
        f = json.load(open(f"{out}/{net}.{b}.json"))["backends"][0]
        r = f["inferenceImagesPerSecond"]
        vs_peer = f"{r / peer:.2f}x" if net == "seed-cnn" else ""
        print(f"| {net} | Tailor {b} ({f['engine']}) | {r:,.0f} | {r / t:.2f}x | {vs_peer} | {f['latencyP50Millis']:.3f} | "
              f"{f['latencyP99Millis']:.3f} | {rss(net + '.' + b):,.0f} |")
PY
