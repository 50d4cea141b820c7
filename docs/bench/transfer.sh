#!/usr/bin/env bash
# The transfer-learning table of docs/results.md: the seed CNN pretrained on the 30,000 training images of
# Fashion-MNIST classes 0-4, then taught classes 5-9 from 10, 100 and 1,000 labelled images per class, from scratch,
# head only and whole network fine-tuned, 5 seeds each, scored on the 5,000 test images of classes 5-9
# (docs/src/main/java/dev/tailor/docs/TransferLearning.java). About 20 minutes on 2 cores with DJL.
# Usage: docs/bench/transfer.sh [DATA_DIR] [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-${TAILOR_DATA:-/usr/share/datasets/fashion-mnist}}"
work="${2:-$(mktemp -d)}"
# The launchers' environment (see ./tailor): idle OpenMP threads sleep, glibc keeps activation buffers.
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=134217728
cd "$root"
mvn -q -B -DskipTests install >&2
mvn -q -B -pl docs exec:java -Dexec.mainClass=dev.tailor.docs.TransferLearning -Dexec.args="$data $work"
