"""Opens a Tailor model directory in plain PyTorch and scores it on the Fashion-MNIST test set.

Tailor's weights.safetensors holds the tensors named and laid out as torch.nn.Sequential holds them. The manifest's
"modules" lists that Sequential's modules as torch.nn builds them (class name and keyword arguments, e.g.
{"module": "Conv2d", "args": {"in_channels": 1, "out_channels": 32, ...}}), plus Tailor's own modules, defined
here: GlobalAvgPool, Normalize, and Residual, with a `body` Sequential and, when the body changes the shape, a `shortcut`
Sequential. This script builds the modules as listed, knowing no Tailor layer type, checks them against the tensors
the manifest declares (parameters are the trainable ones, buffers the rest), and loads the weights with
load_state_dict(strict=True): no conversion, no guessing.

Usage: python3 load_tailor_model.py MODEL_DIR [DATA_DIR] [--probabilities OUT.json]
           scores the model on the test set (needs torch and numpy); optionally writes every test image's probabilities
       python3 load_tailor_model.py --count MODEL_DIR
           prints the model's parameter and buffer counts as PyTorch counts them
"""
import argparse, gzip, json, struct
import numpy as np
import torch
import torch.nn as nn

DTYPES = {"F32": "<f4", "I64": "<i8"}


class GlobalAvgPool(nn.Module):
    """The mean of each channel over height and width: [N, C, H, W] -> [N, C]."""

    def forward(self, x):
        return x.mean((2, 3))


class Normalize(nn.Module):
    """(x - mean) / std per channel, the constants from the manifest (not in the state dict: nothing is learned)."""

    def __init__(self, mean, std):
        super().__init__()
        # Plain attributes, not buffers: they are the manifest's constants, not tensors the weights file holds.
        self.mean = torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1)
        self.std = torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1)

    def forward(self, x):
        return (x - self.mean) / self.std


class Residual(nn.Module):
    """activation(body(x) + shortcut(x)); the shortcut is the identity when absent."""

    def __init__(self, body, shortcut=None, activation=None):
        super().__init__()
        self.body = body
        self.shortcut = shortcut
        self.activation = activation

    def forward(self, x):
        y = self.body(x) + (x if self.shortcut is None else self.shortcut(x))
        return y if self.activation is None else self.activation(y)


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
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


COMPOSITES = {"GlobalAvgPool": GlobalAvgPool, "Normalize": Normalize, "Residual": Residual}


def module(description):
    """One module of the manifest's list: a torch.nn class or a Tailor composite, built with its keyword arguments and,
    for a composite, each of its parts as a Sequential (None when empty)."""
    parts = {name: sequential(modules) if modules else None for name, modules in description.get("parts", {}).items()}
    kind = COMPOSITES.get(description["module"]) or getattr(nn, description["module"])
    return kind(**description.get("args", {}), **parts)


def sequential(descriptions):
    return nn.Sequential(*[module(d) for d in descriptions])


def build(manifest):
    """The network as nn.Sequential, from the manifest's module list."""
    if "modules" not in manifest:
        raise SystemExit("this manifest lists no modules: it was written by an older Tailor; "
                         "load the model with Tailor and save it again (tailor ensemble, or retrain)")
    return sequential(manifest["modules"])


def check_declaration(net, declared):
    """Parameters must be exactly the trainable tensors the manifest declares, buffers exactly the others."""
    parameters = {name: p for name, p in net.named_parameters()}
    buffers = {name: b for name, b in net.named_buffers()}
    expect_parameters = {t["name"]: t for t in declared if t["trainable"]}
    expect_buffers = {t["name"]: t for t in declared if not t["trainable"]}
    assert parameters.keys() == expect_parameters.keys(), (sorted(parameters), sorted(expect_parameters))
    assert buffers.keys() == expect_buffers.keys(), (sorted(buffers), sorted(expect_buffers))
    for name, tensor in {**parameters, **buffers}.items():
        spec = {**expect_parameters, **expect_buffers}[name]
        assert list(tensor.shape) == spec["shape"], (name, list(tensor.shape), spec["shape"])
        assert (tensor.dtype == torch.int64) == (spec["dtype"] == "I64"), (name, tensor.dtype, spec["dtype"])


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def count(model_dir):
    net = build(json.load(open(f"{model_dir}/manifest.json")))
    print(json.dumps({"parameters": sum(p.numel() for p in net.parameters()),
                      "buffers": sum(b.numel() for b in net.buffers())}))


def score(model_dir, data_dir, probabilities_file):
    manifest = json.load(open(f"{model_dir}/manifest.json"))
    net = build(manifest)
    if "tensors" in manifest:
        check_declaration(net, manifest["tensors"])
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
    if probabilities_file:
        with open(probabilities_file, "w") as out:
            json.dump(probabilities.tolist(), out)


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description="Open a Tailor model in PyTorch.")
    arguments.add_argument("model", nargs="?", help="a Tailor model directory")
    arguments.add_argument("data", nargs="?", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST directory")
    arguments.add_argument("--probabilities", help="write every test image's probabilities to this JSON file")
    arguments.add_argument("--count", metavar="MODEL_DIR", help="print the parameter and buffer counts of a model")
    args = arguments.parse_args()
    if args.count:
        count(args.count)
    elif args.model:
        score(args.model, args.data, args.probabilities)
    else:
        arguments.error("give a model directory or --count MODEL_DIR")
