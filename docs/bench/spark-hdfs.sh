#!/usr/bin/env bash
# docs/spark.md's "From HDFS" table, rerun: the 60,000 training images as PNGs in HDFS (a MiniDFSCluster on
# loopback), classified by `tailor predict --spark` on local[2] and on a standalone cluster of one and of two one-core
# workers; each job once over 3 images (the per-job overhead) and once over all of them. Takes ~8 minutes.
# Usage: docs/bench/spark-hdfs.sh   (after `mvn -B install -DskipTests`)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/tailor" dataset --export-images "$work/png" --part train > /dev/null
# Any seed-CNN model will do: speed does not depend on the weights.
"$root/tailor" train --epochs 1 --train-limit 2000 --quiet --output "$work/run" > /dev/null
(cd "$root/app-cli/spark" && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" > /dev/null \
  && mvn -q -B -o test-compile > /dev/null)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=134217728
options="$root/app-cli/dist/src/lib/jvm.options"
java "@$options" "-Dtailor.jvmOptions=$options" \
  -cp "$root/app-cli/spark/target/test-classes:$root/app-cli/spark/target/classes:$(cat "$work/cp.txt")" \
  dev.tailor.spark.HdfsPredictionBench "$work/run/model" "$work/png" "$work/bench" 2> "$work/bench.log" \
  || { tail -40 "$work/bench.log" >&2; exit 1; }
