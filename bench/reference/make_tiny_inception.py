"""Make a tiny TorchScript stand-in for the FID Inception detector (inception-2015-12-05.pt).

The real detector (NVlabs, used by stylegan2-ada-pytorch's metrics) is a scripted module whose forward is
``forward(img, return_features: bool = False, use_fp16: bool = False, no_output_bias: bool = False)``: it
takes uint8 NCHW RGB images of any size, resizes them itself, and returns 2048-d pool features when
``return_features`` is true (1008 logits otherwise). This script scripts a module with the same signature
and output shapes but only ~8k parameters, so the C# loader (Metrics/InceptionTorchScript.cs) can be
tested without the 100 MB file. Its features are NOT Inception features.

What it writes (into the output folder):
    * ``tiny-inception.pt``           the scripted module (torch.jit.save)
    * ``tiny-inception-input.npy``    uint8 [4, 3, 32, 32], a deterministic pattern
    * ``tiny-inception-features.npy`` float32 [4, 2048], forward(input, return_features=True)

Requirements: PyTorch (Debian's python3-torch 1.13 works) and NumPy.

Usage (from the repository root):
    python3 bench/reference/make_tiny_inception.py [OUTPUT_DIR]

OUTPUT_DIR defaults to tests/AdaNotebooks.Tests/Metrics/Fixtures.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


class TinyInception(torch.nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(2015)
        self.weight = torch.nn.Parameter(torch.randn(2048, 3, 1, 1, generator=g))
        self.bias = torch.nn.Parameter(torch.randn(2048, generator=g) * 0.1)

    def forward(self, img: torch.Tensor, return_features: bool = False, use_fp16: bool = False,
                no_output_bias: bool = False) -> torch.Tensor:
        assert img.shape[1] == 3
        x = img.to(torch.float32)
        x = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
        x = x * (2.0 / 255.0) - 1.0
        features = F.relu(F.conv2d(x, self.weight, self.bias)).mean(dim=[2, 3])
        if return_features:
            return features
        return features[:, :1008] * 2.0


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/AdaNotebooks.Tests/Metrics/Fixtures"
    os.makedirs(out, exist_ok=True)
    module = torch.jit.script(TinyInception().eval())
    module.save(os.path.join(out, "tiny-inception.pt"))

    n, c, y, x = np.meshgrid(np.arange(4), np.arange(3), np.arange(32), np.arange(32), indexing="ij")
    images = ((n * 37 + c * 11 + y * 5 + x * 3) % 256).astype(np.uint8)
    np.save(os.path.join(out, "tiny-inception-input.npy"), images)
    with torch.no_grad():
        features = module(torch.from_numpy(images), return_features=True)
    assert features.shape == (4, 2048)
    np.save(os.path.join(out, "tiny-inception-features.npy"), features.numpy().astype(np.float32))
    print(f"wrote {out}: tiny-inception.pt, input {images.shape}, features {tuple(features.shape)}")


if __name__ == "__main__":
    main()
