#!/usr/bin/env python3
"""ImageNet preprocessing to a .npy input: resize the short side to 256, centre-crop 224,
scale to [0,1], normalise with the ImageNet mean/std, NCHW float32 with batch 1."""
import sys

import numpy as np
from PIL import Image


def preprocess(path, size=224, resize=256):
    im = Image.open(path).convert("RGB")
    w, h = im.size
    s = resize / min(w, h)
    im = im.resize((max(size, round(w * s)), max(size, round(h * s))), Image.BILINEAR)
    w, h = im.size
    left, top = (w - size) // 2, (h - size) // 2
    im = im.crop((left, top, left + size, top + size))
    x = np.asarray(im, dtype=np.float32) / 255.0
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
    x = (x - mean) / std
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: preprocess_image.py IMAGE OUT.npy")
    np.save(sys.argv[2], preprocess(sys.argv[1]))
