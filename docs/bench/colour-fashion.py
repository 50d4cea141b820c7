#!/usr/bin/python3
"""Writes a colour image-folder data set made from Fashion-MNIST: every image tinted a random colour (seeded, so the
colour says nothing of the class), resized to 32x32 with PIL's bicubic filter, saved as PNG (train) and JPEG (test)
under OUT/train/<class>/ and OUT/test/<class>/. Class folder names are Fashion-MNIST's ("T-shirt/top" as T-shirt-top).

Usage: docs/bench/colour-fashion.py OUT [--data DIR] [--train-per-class N] [--test-per-class N] [--seed S]
Needs python3-pil and python3-numpy (Debian packages).
"""
import argparse
import gzip
import os
import struct

import numpy as np
from PIL import Image

CLASSES = ["T-shirt-top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def idx(path):
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    dims = struct.unpack(">" + "i" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def find(directory, base):
    for name in (base + ".gz", base):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise SystemExit(f"{directory}: missing {base}.gz")


def write(out, images, labels, per_class, extension, rng):
    counts = [0] * len(CLASSES)
    for image, label in zip(images, labels):
        if counts[label] >= per_class:
            continue
        tint = rng.uniform(0.35, 1.0, size=3)
        rgb = (image[:, :, None].astype(np.float32) * tint[None, None, :]).round().astype(np.uint8)
        picture = Image.fromarray(rgb, "RGB").resize((32, 32), Image.BICUBIC)
        folder = os.path.join(out, CLASSES[label])
        os.makedirs(folder, exist_ok=True)
        picture.save(os.path.join(folder, f"{counts[label]:05d}.{extension}"), quality=95)
        counts[label] += 1
    return sum(counts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--data", default=os.environ.get("TAILOR_DATA", "/usr/share/datasets/fashion-mnist"))
    parser.add_argument("--train-per-class", type=int, default=1000)
    parser.add_argument("--test-per-class", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if os.path.exists(args.out):
        raise SystemExit(f"{args.out} exists; give a new directory")
    rng = np.random.default_rng(args.seed)
    train = write(os.path.join(args.out, "train"), idx(find(args.data, "train-images-idx3-ubyte")),
                  idx(find(args.data, "train-labels-idx1-ubyte")), args.train_per_class, "png", rng)
    test = write(os.path.join(args.out, "test"), idx(find(args.data, "t10k-images-idx3-ubyte")),
                 idx(find(args.data, "t10k-labels-idx1-ubyte")), args.test_per_class, "jpg", rng)
    print(f"wrote {train} training PNGs and {test} test JPEGs of 32x32 colour into {args.out}")


if __name__ == "__main__":
    main()
