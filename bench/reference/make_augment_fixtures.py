"""Generate numerical parity fixtures for the ADA augmentation pipeline.

The fixtures are produced by the reference implementation, ``AugmentPipe`` in
``training/augment.py`` of NVlabs/stylegan2-ada-pytorch, run in float32 on the
CPU. They are consumed by the C# tests under
``tests/AdaNotebooks.Tests/Augmentation``.

Requirements:
    * PyTorch and NumPy (and SciPy, which the reference imports).
    * A checkout of https://github.com/NVlabs/stylegan2-ada-pytorch on
      PYTHONPATH, so that ``from training.augment import AugmentPipe`` works.
      No CUDA is needed: on the CPU the reference uses its pure-PyTorch code
      paths (``_upfirdn2d_ref``, ``torch.nn.functional.conv2d`` and
      ``torch.nn.functional.grid_sample``).

What it writes (into the output folder):
    * ``input_rgb.npy``  float32 [2, 3, 32, 32], values in [-1, 1]
    * ``input_gray.npy`` float32 [2, 1, 32, 32], values in [-1, 1]
    * one float32 ``.npy`` per case, the output of
      ``AugmentPipe(**kwargs).forward(images, debug_percentile=q)``
      (debug mode: every enabled augmentation is applied with a parameter
      derived deterministically from ``q``)
    * ``identity_scale_p0.npy``: ``AugmentPipe(scale=1)`` with its ``p``
      buffer set to 0, run without ``debug_percentile`` (identity transform,
      still resampled by the reference)
    * ``manifest.json``: a list of entries
      ``{"name", "input": "rgb"|"gray", "ops": {flag: 1, ...},
      "settings": {name: value}, "q": float|null, "p": float|null,
      "output": "<file>.npy"}`` using the reference's argument names.
      ``q`` is the debug percentile (null when not in debug mode); ``p`` is
      the augmentation probability buffer (null in debug mode, where it has
      no effect).

Usage (from the repository root):
    PYTHONPATH=/path/to/stylegan2-ada-pytorch \\
        python3 bench/reference/make_augment_fixtures.py [OUTPUT_DIR]

OUTPUT_DIR defaults to tests/AdaNotebooks.Tests/Augmentation/Reference.
"""

import argparse
import json
import os
from pathlib import Path

import numpy as np
import torch

from training.augment import AugmentPipe

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "AdaNotebooks.Tests" / "Augmentation" / "Reference"

BATCH = 2
SIZE = 32

# Presets, as in the reference's train.py (plus "bgcfc" = bgcf + cutout).
BLIT = ["xflip", "rotate90", "xint"]
GEOM = ["scale", "rotate", "aniso", "xfrac"]
COLOR = ["brightness", "contrast", "lumaflip", "hue", "saturation"]
PRESETS = {
    "blit": BLIT,
    "geom": GEOM,
    "color": COLOR,
    "bgc": BLIT + GEOM + COLOR,
    "bgcf": BLIT + GEOM + COLOR + ["imgfilter"],
    "bgcfc": BLIT + GEOM + COLOR + ["imgfilter", "cutout"],
}

# Every probability flag except "noise" (its noise stays random in debug mode).
SINGLE_OPS = BLIT + GEOM + COLOR + ["imgfilter", "cutout"]


def make_images(rng, num_channels):
    """Smooth, asymmetric test images with a few shapes and a little noise."""
    coords = np.linspace(-1.0, 1.0, SIZE)
    yy, xx = np.meshgrid(coords, coords, indexing="ij")
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    images = np.zeros([BATCH, num_channels, SIZE, SIZE], dtype=np.float64)
    for b in range(BATCH):
        for c in range(num_channels):
            k = b * 3 + c + 1
            # Smooth background: tilted ramp plus a low-frequency wave.
            img = 0.45 * (np.cos(0.7 * k) * xx + np.sin(1.3 * k) * yy)
            img += 0.15 * np.sin(2.0 * xx + 1.5 * yy + 0.9 * k)
            # Off-center rectangle (upper right).
            rect = (rows >= 4 + b) & (rows < 12 + b) & (cols >= 18) & (cols < 28 - b)
            img[rect] = 0.8 - 0.3 * c
            # Disk (lower left).
            disk = (rows - (22 - b)) ** 2 + (cols - (8 + 2 * b)) ** 2 <= 25
            img[disk] = -0.7 + 0.35 * c
            # Right triangle (lower right), hypotenuse facing up-left.
            tri = (rows >= 18) & (rows < 29) & (cols >= 16) & (cols < 30) & (rows - 18 >= 29 - cols)
            img[tri] = 0.5 * np.cos(1.1 * k)
            # Thin horizontal bar near the top left.
            bar = (rows == 3 + 2 * b) & (cols >= 2) & (cols < 12)
            img[bar] = -0.9
            images[b, c] = img
    images += rng.uniform(-0.05, 0.05, size=images.shape)
    return np.clip(images, -1.0, 1.0).astype(np.float32)


def build_cases():
    cases = []

    def add(name, inp, ops, q, settings=None):
        cases.append(dict(name=name, input=inp, ops={op: 1 for op in ops},
                          settings=dict(settings or {}), q=q, p=None,
                          output=name + ".npy"))

    def tag(q):
        return "q%03d" % round(q * 100)

    for op in SINGLE_OPS:
        for q in (0.15, 0.8):
            add("%s_%s" % (op, tag(q)), "rgb", [op], q)

    for preset, ops in PRESETS.items():
        for q in (0.3, 0.9):
            add("%s_%s" % (preset, tag(q)), "rgb", ops, q)

    for op in ["xflip", "rotate", "scale", "brightness", "contrast", "lumaflip", "imgfilter"]:
        add("gray_%s_%s" % (op, tag(0.7)), "gray", [op], 0.7)
    add("gray_bgcf_%s" % tag(0.7), "gray", PRESETS["bgcf"], 0.7)
    # hue and saturation only act on RGB: on gray, bgc equals blit+geom+brightness/contrast/lumaflip.
    add("gray_bgc_%s" % tag(0.7), "gray", PRESETS["bgc"], 0.7)

    add("rotate_max050_q080", "rgb", ["rotate"], 0.8, {"rotate_max": 0.5})
    add("imgfilter_bands1000_q080", "rgb", ["imgfilter"], 0.8, {"imgfilter_bands": [1, 0, 0, 0]})
    add("imgfilter_bands0011_q015", "rgb", ["imgfilter"], 0.15, {"imgfilter_bands": [0, 0, 1, 1]})
    add("xint_max025_q090", "rgb", ["xint"], 0.9, {"xint_max": 0.25})
    add("cutout_size025_q030", "rgb", ["cutout"], 0.3, {"cutout_size": 0.25})
    add("contrast_std100_q080", "rgb", ["contrast"], 0.8, {"contrast_std": 1.0})

    cases.append(dict(name="identity_scale_p0", input="rgb", ops={"scale": 1},
                      settings={}, q=None, p=0.0, output="identity_scale_p0.npy"))
    return cases


def run_case(case, inputs):
    pipe = AugmentPipe(**case["ops"], **case["settings"]).to(torch.float32).eval()
    if case["p"] is not None:
        pipe.p.copy_(torch.full([], case["p"]))
    images = torch.from_numpy(inputs[case["input"]].copy())
    with torch.no_grad():
        if case["q"] is None:
            out = pipe.forward(images)
        else:
            out = pipe.forward(images, debug_percentile=case["q"])
    return out.detach().cpu().numpy().astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(DEFAULT_OUTPUT),
                        help="output folder (default: %(default)s)")
    args = parser.parse_args()
    out_dir = Path(args.output)
    out_dir.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    inputs = {"rgb": make_images(rng, 3), "gray": make_images(rng, 1)}
    np.save(out_dir / "input_rgb.npy", inputs["rgb"])
    np.save(out_dir / "input_gray.npy", inputs["gray"])

    cases = build_cases()
    for case in cases:
        out = run_case(case, inputs)
        if not np.all(np.isfinite(out)):
            raise RuntimeError("non-finite output in case %s" % case["name"])
        np.save(out_dir / case["output"], out)
        diff = np.abs(out - inputs[case["input"]]).max()
        print("%-28s max|out-in| = %.6g" % (case["name"], diff))

    with open(out_dir / "manifest.json", "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(out_dir, os.getcwd())))


if __name__ == "__main__":
    main()
