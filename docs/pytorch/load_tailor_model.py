"""Opens a Tailor model directory in plain PyTorch and scores it on the Fashion-MNIST test set.

Tailor's weights.safetensors holds float32 tensors named and laid out as torch.nn.Sequential holds them when every
layer of the spec, activations included, is its own module. This script rebuilds that Sequential from manifest.json
and loads the tensors with load_state_dict(strict=True): no conversion, no guessing.

Usage: python3 load_tailor_model.py MODEL_DIR [DATA_DIR]   (needs torch and numpy; not the safetensors package)
"""
import gzip, json, struct, sys
import numpy as np
import torch
import torch.nn as nn


def read_safetensors(path):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", f"{name}: {entry['dtype']}"
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def build(model):
    """The spec as nn.Sequential: one module per layer and per activation, softmax last."""
    activations = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    channels = model["input"][0]
    size = model["input"][1:]
    features = None
    modules = []
    for layer in model["layers"]:
        kind = layer["type"]
        if kind == "conv2d":
            pad = (layer["kernel"] - 1) // 2 if layer.get("padding") == "same" else 0
            modules.append(nn.Conv2d(channels, layer["filters"], layer["kernel"], layer.get("stride", 1), pad))
            channels = layer["filters"]
            size = [(s + 2 * pad - layer["kernel"]) // layer.get("stride", 1) + 1 for s in size]
        elif kind == "maxPool2d":
            stride = layer.get("stride", layer["size"])
            modules.append(nn.MaxPool2d(layer["size"], stride))
            size = [(s - layer["size"]) // stride + 1 for s in size]
        elif kind == "flatten":
            modules.append(nn.Flatten())
            features = channels * size[0] * size[1]
        elif kind == "dense":
            modules.append(nn.Linear(features, layer["units"]))
            features = layer["units"]
        elif kind == "dropout":
            modules.append(nn.Dropout(layer["rate"]))
        elif kind == "softmax":
            modules.append(nn.Linear(features, layer["classes"]))
            modules.append(nn.Softmax(dim=1))
            continue
        if layer.get("activation", "linear") != "linear":
            modules.append(activations[layer["activation"]]())
    return nn.Sequential(*modules)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


if __name__ == "__main__":
    model_dir = sys.argv[1]
    data_dir = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
    manifest = json.load(open(f"{model_dir}/manifest.json"))
    net = build(manifest["model"])
    net.load_state_dict(read_safetensors(f"{model_dir}/{manifest['weights']['file']}"), strict=True)
    net.eval()
    images = torch.from_numpy(idx(f"{data_dir}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0)
    labels = torch.from_numpy(idx(f"{data_dir}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    with torch.no_grad():
        probabilities = torch.cat([net(images[i:i + 1000]) for i in range(0, len(images), 1000)])
    accuracy = (probabilities.argmax(1) == labels).float().mean().item()
    print(json.dumps({"model": manifest["model"]["name"], "trainedOn": manifest["trainedWith"]["backend"],
                      "testAccuracy": round(accuracy, 4), "tailorTestAccuracy": manifest["metrics"].get("testAccuracy"),
                      "firstImageProbabilities": [round(p, 6) for p in probabilities[0].tolist()]}))
