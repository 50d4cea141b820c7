#!/usr/bin/python3
"""PyTorch's inference speed on a Tailor model, measured as `tailor bench` measures a backend's: the model rebuilt in
plain PyTorch (load_tailor_model.py), the 10,000 test images scored in batches of BATCH after a warm-up batch, then
1,000 one-image predictions timed after 1,000 untimed. Prints one JSON line.

Usage: torch_inference.py MODEL_DIR DATA_DIR [THREADS] [BATCH]   (defaults: 2 threads, batches of 256)
"""
import json, os, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch"))
from load_tailor_model import build, idx, read_safetensors  # noqa: E402

model_dir, data_dir = sys.argv[1], sys.argv[2]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 256
torch.set_num_threads(threads)
manifest = json.load(open(f"{model_dir}/manifest.json"))
net = build(manifest)
net.load_state_dict(read_safetensors(f"{model_dir}/{manifest['weights']['file']}"), strict=True)
net.eval()
images = torch.from_numpy(idx(f"{data_dir}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0)
with torch.inference_mode():
    net(images[:batch])
    start = time.perf_counter()
    for i in range(0, len(images), batch):
        net(images[i:i + batch])
    rate = len(images) / (time.perf_counter() - start)
    for i in range(1000):
        net(images[i:i + 1])
    millis = []
    for i in range(1000):
        t = time.perf_counter()
        net(images[i:i + 1])
        millis.append((time.perf_counter() - t) * 1000)
millis.sort()
print(json.dumps({"model": manifest["model"]["name"], "engine": f"PyTorch {torch.__version__}", "threads": threads,
                  "batch": batch, "imagesPerSecond": rate, "latencyP50Millis": millis[499], "latencyP99Millis": millis[989]}))
