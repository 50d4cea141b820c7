#!/usr/bin/env bash
# Load on `tailor serve`: ApacheBench (apt-get install apache2-utils) posts one 28x28 test PNG per request from
# CONCURRENCY clients over loopback, after a warm-up of 500 requests, for each backend and each --engine-calls mode.
# Prints a Markdown table: requests/s, p50 and p99 latency (ab's), answers other than 200, and the images per engine
# call the server's /metrics counted. (ab's own "Failed requests" counts bodies whose length differs from the first;
# a batched server's probabilities differ in the last digits with what shares the engine call, so that count is not
# an error count.)
# Usage: docs/bench/serve-load.sh MODEL_DIR [REQUESTS] [CONCURRENCY] [BACKENDS]   (defaults: 20000, 8, "djl dl4j onnx")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:?usage: serve-load.sh MODEL_DIR [REQUESTS] [CONCURRENCY] [BACKENDS]}"
requests="${2:-20000}"
concurrency="${3:-8}"
backends="${4:-djl dl4j onnx}"
command -v ab >/dev/null || { echo "serve-load.sh: needs ab (apt-get install apache2-utils)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT
"$root/tailor" dataset --export-images "$out/png" --limit 1 >/dev/null
image="$out/png/00000.png"

echo "| backend | engine calls | requests/s | p50 ms | p99 ms | non-200 | images per engine call |"
echo "|---|---|---:|---:|---:|---:|---:|"
for backend in $backends; do
  for mode in batched parallel; do
    "$root/tailor" serve --model "$model" --backend "$backend" --engine-calls "$mode" --port 0 >"$out/serve.out" 2>"$out/serve.err" &
    server=$!
    port=""
    for _ in $(seq 240); do
      port="$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/v1/predict.*|\1|p' "$out/serve.out")"
      [ -n "$port" ] && break
      sleep 0.5
    done
    [ -n "$port" ] || { cat "$out/serve.err" >&2; exit 1; }
    url="http://127.0.0.1:$port/v1/predict"
    ab -q -n 500 -c "$concurrency" -p "$image" -T image/png "$url" >/dev/null
    ab -n "$requests" -c "$concurrency" -p "$image" -T image/png "$url" >"$out/ab.txt"
    calls="$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^tailor_engine_batch_images_sum/{s=$2} /^tailor_engine_batch_images_count/{c=$2} END{printf "%.2f", s/c}')"
    kill -TERM "$server"; wait "$server" || true
    rps="$(awk '/Requests per second/{print $4}' "$out/ab.txt")"
    p50="$(awk '$1=="50%"{print $2}' "$out/ab.txt")"
    p99="$(awk '$1=="99%"{print $2}' "$out/ab.txt")"
    failed="$(awk '/Non-2xx responses/{n=$3} END{print n+0}' "$out/ab.txt")"
    echo "| $backend | $mode | $rps | $p50 | $p99 | $failed | $calls |"
  done
done
