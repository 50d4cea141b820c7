"""Opens a Tailor model directory in plain PyTorch and scores it on the Fashion-MNIST test set.

Tailor's weights.safetensors holds the tensors named and laid out as torch.nn.Sequential holds them when every layer
of the spec, and every activation written on a conv2d or dense layer, is its own module; a residual layer is one
module with a `body` Sequential and, when the body changes the shape, a `shortcut` Sequential (1x1 conv, batch norm).
This script rebuilds that module from manifest.json, checks it against the tensors the manifest declares (parameters
are the trainable ones, buffers the rest), and loads the weights with load_state_dict(strict=True): no conversion,
no guessing.

Usage: python3 load_tailor_model.py MODEL_DIR [DATA_DIR] [--probabilities OUT.json]
           scores the model on the test set (needs torch and numpy); optionally writes every test image's probabilities
       python3 load_tailor_model.py --count CONFIG.json
           prints the parameter and buffer counts of the config's model (its full form, as Tailor writes configs)
"""
import argparse, gzip, json, struct
import numpy as np
import torch
import torch.nn as nn

ACTIVATIONS = {"relu": nn.ReLU, "leakyRelu": lambda: nn.LeakyReLU(0.01), "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
DTYPES = {"F32": "<f4", "I64": "<i8"}


class GlobalAvgPool(nn.Module):
    """The mean of each channel over height and width: [N, C, H, W] -> [N, C]."""

    def forward(self, x):
        return x.mean((2, 3))


class Residual(nn.Module):
    """activation(body(x) + shortcut(x)); the shortcut is the identity when absent."""

    def __init__(self, body, shortcut, activation):
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


def activation(name):
    return None if name in (None, "linear") else ACTIVATIONS[name]()


def stride(layer):
    kind = layer["type"]
    if kind == "conv2d":
        return layer.get("stride", 1)
    if kind in ("maxPool2d", "avgPool2d"):
        return layer.get("stride", layer["size"])
    if kind == "residual":
        total = 1
        for inner in layer["layers"]:
            total *= stride(inner)
        return total
    return 1


def sequence(layers, shape):
    """Modules for a list of layers, numbered as Tailor numbers them, and the output shape: (c, h, w) or (n,)."""
    modules = []
    for layer in layers:
        kind = layer["type"]
        if kind == "conv2d":
            kernel, step = layer["kernel"], layer.get("stride", 1)
            padding = layer.get("padding", "valid")
            pad = 0 if padding == "valid" else (kernel - 1) // 2 if padding == "same" else padding
            modules.append(nn.Conv2d(shape[0], layer["filters"], kernel, step, pad, bias=layer.get("bias", True)))
            shape = (layer["filters"],) + tuple((s + 2 * pad - kernel) // step + 1 for s in shape[1:])
        elif kind in ("maxPool2d", "avgPool2d"):
            size, step = layer["size"], layer.get("stride", layer["size"])
            modules.append((nn.MaxPool2d if kind == "maxPool2d" else nn.AvgPool2d)(size, step))
            shape = (shape[0],) + tuple((s - size) // step + 1 for s in shape[1:])
        elif kind == "globalAvgPool":
            modules.append(GlobalAvgPool())
            shape = (shape[0],)
        elif kind == "flatten":
            modules.append(nn.Flatten())
            shape = (int(np.prod(shape)),)
        elif kind == "dense":
            modules.append(nn.Linear(shape[0], layer["units"], bias=layer.get("bias", True)))
            shape = (layer["units"],)
        elif kind == "dropout":
            modules.append(nn.Dropout(layer["rate"]))
        elif kind == "batchNorm":
            norm = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
            modules.append(norm(shape[0], eps=layer.get("epsilon", 1e-5), momentum=layer.get("momentum", 0.1)))
        elif kind == "activation":
            modules.append(activation(layer["activation"]))
        elif kind == "residual":
            body, out = sequence(layer["layers"], shape)
            shortcut = None
            if out != shape:
                shortcut = nn.Sequential(nn.Conv2d(shape[0], out[0], 1, stride(layer), bias=False), nn.BatchNorm2d(out[0]))
            modules.append(Residual(body, shortcut, activation(layer.get("activation", "relu"))))
            shape = out
        elif kind == "softmax":
            modules.append(nn.Linear(shape[0], layer["classes"]))
            modules.append(nn.Softmax(dim=1))
            shape = (layer["classes"],)
            continue
        else:
            raise ValueError(f"unknown layer type {kind}")
        if kind in ("conv2d", "dense") and activation(layer.get("activation")) is not None:
            modules.append(activation(layer["activation"]))
    return nn.Sequential(*modules), shape


def build(model):
    """The spec as nn.Sequential."""
    net, _ = sequence(model["layers"], tuple(model["input"]))
    return net


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


def count(config_file):
    net = build(json.load(open(config_file))["model"])
    print(json.dumps({"parameters": sum(p.numel() for p in net.parameters()),
                      "buffers": sum(b.numel() for b in net.buffers())}))


def score(model_dir, data_dir, probabilities_file):
    manifest = json.load(open(f"{model_dir}/manifest.json"))
    net = build(manifest["model"])
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
    arguments.add_argument("--count", metavar="CONFIG", help="print the parameter and buffer counts of a config's model")
    args = arguments.parse_args()
    if args.count:
        count(args.count)
    elif args.model:
        score(args.model, args.data, args.probabilities)
    else:
        arguments.error("give a model directory or --count CONFIG")
