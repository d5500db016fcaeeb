"""Make state dicts written by PyTorch itself, with the reference's outputs, for the import tests.

The networks are the reference's own ``Generator`` and ``Discriminator`` from ``training/networks.py`` of
NVlabs/stylegan2-ada-pytorch, built tiny (16x16, a few channels), run in float32 on the CPU (no fp16 layers,
the reference's pure-PyTorch op paths). Every parameter and buffer gets deterministic pseudo-random values
(including the biases, the noise strengths and w_avg, which the reference initialises to constants), so each
part of the computation shows in the outputs. The state dicts are written with ``torch.save`` (PyTorch's zip
format) and consumed by tests/AdaNotebooks.Tests/Networks/PyTorchStateDictTests.cs through ``ada import``.

What it writes (into the output folder), for each case NAME:
    * ``NAME-G.pt``, ``NAME-D.pt``  torch.save(G.state_dict()), torch.save(D.state_dict())
    * ``NAME-z.npy``                float32 [2, z_dim]
    * ``NAME-c.npy``                float32 [2, c_dim] (one-hot rows; [2, 0] without labels)
    * ``NAME-img.npy``              float32 [2, 3, 16, 16]: G(z, c, truncation_psi, noise_mode='const')
    * ``NAME-d-input.npy``          float32 [2, 3, 16, 16], fixed images in [-1, 1]
    * ``NAME-d-logits.npy``         float32 [2, 1]: D(d_input, c)
    * ``manifest.json``             the cases: the reference's constructor arguments, truncation_psi and the
      minibatch-std group size (not stored in state dicts)

Requirements: Debian's python3-torch (1.13) and python3-numpy; a checkout of
https://github.com/NVlabs/stylegan2-ada-pytorch, given with --reference (or on PYTHONPATH), so that
``from training.networks import Generator, Discriminator`` works. No CUDA is needed.

Usage (from the repository root):
    /usr/bin/python3 bench/reference/make_state_dict_fixture.py --reference /path/to/stylegan2-ada-pytorch \\
        [--out OUTPUT_DIR]

OUTPUT_DIR defaults to tests/AdaNotebooks.Tests/Networks/PyTorchStateDicts.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "AdaNotebooks.Tests" / "Networks" / "PyTorchStateDicts"

RES = 16
BATCH = 2

# Two small configurations that together cover every G and D architecture, conditioning and truncation.
# channel_base 128 / channel_max 16 give 16 channels at 4x4 and 8x8, 8 at 16x16. conv_clamp is 256 as in every
# reference configuration (state dicts do not store it; `ada import` assumes 256).
CASES = [
    {
        "name": "skip-resnet-cond",
        "G": dict(z_dim=4, c_dim=2, w_dim=8, img_resolution=RES, img_channels=3,
                  mapping_kwargs=dict(num_layers=2),
                  synthesis_kwargs=dict(channel_base=128, channel_max=16, num_fp16_res=0, conv_clamp=256,
                                        architecture="skip")),
        "D": dict(c_dim=2, img_resolution=RES, img_channels=3, architecture="resnet",
                  channel_base=128, channel_max=16, num_fp16_res=0, conv_clamp=256,
                  mapping_kwargs=dict(num_layers=2), epilogue_kwargs=dict(mbstd_group_size=2)),
        "truncation_psi": 0.7,
        "mbstd_group_size": 2,
        "seed": 1,
    },
    {
        "name": "resnet-orig",
        "G": dict(z_dim=8, c_dim=0, w_dim=8, img_resolution=RES, img_channels=3,
                  mapping_kwargs=dict(num_layers=3),
                  synthesis_kwargs=dict(channel_base=128, channel_max=16, num_fp16_res=0, conv_clamp=256,
                                        architecture="resnet")),
        "D": dict(c_dim=0, img_resolution=RES, img_channels=3, architecture="orig",
                  channel_base=128, channel_max=16, num_fp16_res=0, conv_clamp=256,
                  epilogue_kwargs=dict(mbstd_group_size=2)),
        "truncation_psi": 1.0,
        "mbstd_group_size": 2,
        "seed": 2,
    },
]


def randomize(module, generator):
    """Deterministic values for every tensor except the fixed FIR filters (resample_filter)."""
    with torch.no_grad():
        for key, t in module.state_dict().items():
            if key.endswith("resample_filter"):
                continue
            values = torch.randn(t.shape, generator=generator, dtype=torch.float64)
            if key.endswith("bias") or key.endswith("noise_strength"):
                values *= 0.2
            elif key.endswith("w_avg"):
                values *= 0.5
            t.copy_(values.to(t.dtype))


def fixed_images(seed):
    """Smooth images in [-1, 1] with a little structure, [BATCH, 3, RES, RES]."""
    coords = np.linspace(-1.0, 1.0, RES)
    yy, xx = np.meshgrid(coords, coords, indexing="ij")
    images = np.zeros([BATCH, 3, RES, RES], dtype=np.float64)
    for b in range(BATCH):
        for ch in range(3):
            images[b, ch] = np.sin(3.0 * xx + 1.7 * ch + seed) * np.cos(2.0 * yy - 0.9 * b)
    return np.clip(images, -1.0, 1.0).astype(np.float32)


def make_case(case, out, networks):
    name = case["name"]
    generator = torch.Generator().manual_seed(case["seed"])
    G = networks.Generator(**case["G"]).eval()
    D = networks.Discriminator(**case["D"]).eval()
    randomize(G, generator)
    randomize(D, generator)

    z = torch.randn([BATCH, G.z_dim], generator=generator)
    c = torch.eye(max(G.c_dim, 1))[:BATCH, :G.c_dim].contiguous() if G.c_dim > 0 else torch.zeros([BATCH, 0])
    with torch.no_grad():
        img = G(z, c, truncation_psi=case["truncation_psi"], noise_mode="const")
        d_input = torch.from_numpy(fixed_images(case["seed"]))
        logits = D(d_input, c)

    torch.save(G.state_dict(), out / f"{name}-G.pt")
    torch.save(D.state_dict(), out / f"{name}-D.pt")
    for suffix, t in [("z", z), ("c", c), ("img", img), ("d-input", d_input), ("d-logits", logits)]:
        np.save(out / f"{name}-{suffix}.npy", t.detach().numpy().astype(np.float32))
    print(f"{name}: G {sum(p.numel() for p in G.parameters())} parameters, D {sum(p.numel() for p in D.parameters())};"
          f" img sum {img.sum().item():.6f}, logits {logits.flatten().tolist()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", help="checkout of NVlabs/stylegan2-ada-pytorch (default: PYTHONPATH)")
    parser.add_argument("--out", default=str(DEFAULT_OUTPUT), help="output folder")
    args = parser.parse_args()
    if args.reference:
        sys.path.insert(0, str(Path(args.reference).resolve()))
    from training import networks  # the reference's module

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    for case in CASES:
        make_case(case, out, networks)
    manifest = {
        "torch": torch.__version__,
        "reference": "NVlabs/stylegan2-ada-pytorch training/networks.py",
        "cases": CASES,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
