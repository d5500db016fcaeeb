"""PyTorch baseline of AdaNotebooks' training step, for `ada bench train` comparisons.

The same networks as AdaNotebooks' `cpu` configuration at 32x32 (StyleGAN2: 2-layer mapping network with z, w 256,
skip generator with modulated/demodulated convolutions, resnet discriminator with minibatch standard deviation,
channel_base 1024, channel_max 256, conv_clamp 256), written from the published architecture, and the same step:
non-saturating logistic loss for G and D, lazy R1 every 16 minibatches (gamma 0.0002 * 32^2 / 32), Adam
(lr 0.0025, betas (0, 0.99), lazy-regularisation compensation for D), EMA of G. No augmentation (p = 0 on the
AdaNotebooks side skips the pipeline entirely).

Run it next to the C# benchmark on a quiet machine, with the same thread count:
    OMP_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_baseline.py --batch 32 --steps 20 --threads 2
    dotnet run -c Release --project src/AdaNotebooks.Cli -- bench train --config cpu --res 32 --batch 32 --p 0 --steps 20 --threads 2
Debian's PyTorch is enough (`apt-get install python3-torch libopenblas0-openmp`: without an optimised BLAS its
matrix products fall back to the reference BLAS); run it with /usr/bin/python3, since a `python3` earlier on PATH may
have no torch. It prints "baseline img/s: N" last.
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

SQRT2 = math.sqrt(2)
CLAMP = 256.0


def lrelu(x, gain=SQRT2, clamp=None):
    x = F.leaky_relu(x, 0.2) * gain
    return x.clamp(-clamp, clamp) if clamp is not None else x


def resample_filter():
    f = torch.tensor([1.0, 3.0, 3.0, 1.0])
    f = torch.outer(f, f)
    return f / f.sum()


def filter2d(x, f, pad, gain=1.0):
    """Depthwise 4x4 FIR filter with zero padding (x0, x1, y0, y1), as a true convolution (symmetric filter)."""
    c = x.shape[1]
    x = F.pad(x, pad)
    w = (f * gain).to(x.dtype)[None, None].repeat(c, 1, 1, 1)
    return F.conv2d(x, w, groups=c)


class FC(torch.nn.Module):
    def __init__(self, fin, fout, lr_mul=1.0, bias_init=0.0, act=False):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(fout, fin) / lr_mul)
        self.bias = torch.nn.Parameter(torch.full([fout], float(bias_init)))
        self.gain = lr_mul / math.sqrt(fin)
        self.lr_mul = lr_mul
        self.act = act

    def forward(self, x):
        x = F.linear(x, self.weight * self.gain, self.bias * self.lr_mul)
        return lrelu(x) if self.act else x


class ModConv(torch.nn.Module):
    """Modulated 3x3 convolution in the split form: scale inputs, one shared convolution, scale outputs."""
    def __init__(self, cin, cout, w_dim, res, up=False):
        super().__init__()
        self.affine = FC(w_dim, cin, bias_init=1.0)
        self.weight = torch.nn.Parameter(torch.randn(cout, cin, 3, 3))
        self.bias = torch.nn.Parameter(torch.zeros(cout))
        self.noise_strength = torch.nn.Parameter(torch.zeros([]))
        self.up, self.res = up, res
        self.register_buffer('f', resample_filter())

    def forward(self, x, w):
        s = self.affine(w)                                                       # [N, cin]
        d = torch.rsqrt((s.square() @ self.weight.square().sum([2, 3]).t()) + 1e-8)  # [N, cout]
        x = x * s[:, :, None, None]
        if self.up:
            x = F.conv_transpose2d(x, self.weight.transpose(0, 1), stride=2)
            x = filter2d(x, self.f, [1, 1, 1, 1], gain=4)
        else:
            x = F.conv2d(x, self.weight, padding=1)
        x = x * d[:, :, None, None]
        x = x + torch.randn(x.shape[0], 1, self.res, self.res) * self.noise_strength
        return lrelu(x + self.bias[None, :, None, None], clamp=CLAMP * SQRT2)


class ToRGB(torch.nn.Module):
    def __init__(self, cin, w_dim):
        super().__init__()
        self.affine = FC(w_dim, cin, bias_init=1.0)
        self.weight = torch.nn.Parameter(torch.randn(3, cin, 1, 1))
        self.bias = torch.nn.Parameter(torch.zeros(3))
        self.gain = 1 / math.sqrt(cin)

    def forward(self, x, w):
        s = self.affine(w) * self.gain
        x = F.conv2d(x * s[:, :, None, None], self.weight)
        return (x + self.bias[None, :, None, None]).clamp(-CLAMP, CLAMP)


def channels(res):
    return min(1024 // res, 256)


class Generator(torch.nn.Module):
    def __init__(self, z_dim=256, w_dim=256, resolution=32):
        super().__init__()
        self.z_dim = z_dim
        self.mapping = torch.nn.ModuleList([FC(z_dim, w_dim, lr_mul=0.01, act=True), FC(w_dim, w_dim, lr_mul=0.01, act=True)])
        self.const = torch.nn.Parameter(torch.randn(channels(4), 4, 4))
        self.blocks = torch.nn.ModuleList()
        res = 4
        while res <= resolution:
            cin, cout = channels(res // 2) if res > 4 else channels(4), channels(res)
            block = torch.nn.Module()
            block.conv0 = ModConv(cin, cout, w_dim, res, up=True) if res > 4 else None
            block.conv1 = ModConv(cout, cout, w_dim, res)
            block.torgb = ToRGB(cout, w_dim)
            self.blocks.append(block)
            res *= 2
        self.register_buffer('f', resample_filter())

    def forward(self, z):
        x = z * torch.rsqrt(z.square().mean(1, keepdim=True) + 1e-8)
        for fc in self.mapping:
            x = fc(x)
        w = x
        h = self.const[None].repeat(z.shape[0], 1, 1, 1)
        img = None
        for block in self.blocks:
            if block.conv0 is not None:
                h = block.conv0(h, w)
            h = block.conv1(h, w)
            if img is not None:
                n, c, r, _ = img.shape
                up = torch.zeros(n, c, r * 2, r * 2)
                up[:, :, ::2, ::2] = img
                img = filter2d(up, self.f, [2, 1, 2, 1], gain=4)
            y = block.torgb(h, w)
            img = y if img is None else img + y
        return img


class Conv(torch.nn.Module):
    def __init__(self, cin, cout, k, bias=True, down=False, act=True):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(cout, cin, k, k))
        self.bias = torch.nn.Parameter(torch.zeros(cout)) if bias else None
        self.gain = 1 / math.sqrt(cin * k * k)
        self.k, self.down, self.act = k, down, act
        self.register_buffer('f', resample_filter())

    def forward(self, x, gain=1.0):
        w = self.weight * self.gain
        if self.down:
            x = filter2d(x, self.f, [2, 2, 2, 2] if self.k == 3 else [1, 1, 1, 1])
            x = F.conv2d(x, w, stride=2)
        else:
            x = F.conv2d(x, w, padding=self.k // 2)
        if self.bias is not None:
            x = x + self.bias[None, :, None, None]
        return lrelu(x, gain=SQRT2 * gain, clamp=CLAMP * gain) if self.act else x * gain


class Discriminator(torch.nn.Module):
    def __init__(self, resolution=32):
        super().__init__()
        self.fromrgb = Conv(3, channels(resolution), 1)
        self.blocks = torch.nn.ModuleList()
        res = resolution
        while res > 4:
            block = torch.nn.Module()
            block.conv0 = Conv(channels(res), channels(res), 3)
            block.conv1 = Conv(channels(res), channels(res // 2), 3, down=True)
            block.skip = Conv(channels(res), channels(res // 2), 1, bias=False, down=True, act=False)
            self.blocks.append(block)
            res //= 2
        c4 = channels(4)
        self.conv = Conv(c4 + 1, c4, 3)
        self.fc = FC(c4 * 16, c4, act=True)
        self.out = FC(c4, 1)

    def forward(self, img, group=4):
        x = self.fromrgb(img)
        for block in self.blocks:
            y = block.skip(x, gain=math.sqrt(0.5))
            x = block.conv1(block.conv0(x), gain=math.sqrt(0.5))
            x = y + x
        n, c, h, w = x.shape
        g = min(group, n)
        y = x.reshape(g, -1, c, h, w)
        y = (y - y.mean(0)).square().mean(0)
        y = (y + 1e-8).sqrt().mean([1, 2, 3])
        y = y.reshape(-1, 1, 1, 1).repeat(g, 1, h, w)
        x = self.conv(torch.cat([x, y], 1))
        return self.out(self.fc(x.flatten(1)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--steps', type=int, default=20)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    G, D, G_ema = Generator(), Discriminator(), Generator()
    G_ema.load_state_dict(G.state_dict())
    c = 16 / 17
    opt_G = torch.optim.Adam(G.parameters(), lr=0.0025, betas=(0, 0.99), eps=1e-8)
    opt_D = torch.optim.Adam(D.parameters(), lr=0.0025 * c, betas=(0, 0.99 ** c), eps=1e-8)
    reals = torch.rand(args.batch * 8, 3, 32, 32) * 2 - 1   # stands in for the dataset (loading is not timed)
    gamma = 0.0002 * 32 * 32 / args.batch
    n = args.batch

    def step(i):
        x = reals[(i % 8) * n:(i % 8 + 1) * n]
        # G main.
        opt_G.zero_grad(set_to_none=True)
        F.softplus(-D(G(torch.randn(n, G.z_dim)))).mean().backward()
        opt_G.step()
        # D main.
        opt_D.zero_grad(set_to_none=True)
        with torch.no_grad():
            fake = G(torch.randn(n, G.z_dim))
        (F.softplus(D(fake)).mean() + F.softplus(-D(x)).mean()).backward()
        opt_D.step()
        # Lazy R1.
        if i % 16 == 0:
            opt_D.zero_grad(set_to_none=True)
            xr = x.detach().requires_grad_(True)
            logits = D(xr)
            grad, = torch.autograd.grad(logits.sum(), xr, create_graph=True)
            (grad.square().sum([1, 2, 3]).mean() * gamma / 2 * 16 + logits.mean() * 0).backward()
            opt_D.step()
        # EMA.
        with torch.no_grad():
            for p_ema, p in zip(G_ema.parameters(), G.parameters()):
                p_ema.copy_(p.lerp(p_ema, 0.5 ** (n / 10000)))

    for i in range(3):
        step(i)
    start = time.perf_counter()
    for i in range(3, 3 + args.steps):
        step(i)
    seconds = time.perf_counter() - start
    g_params = sum(p.numel() for p in G.parameters())
    d_params = sum(p.numel() for p in D.parameters())
    print(f'PyTorch {torch.__version__}, threads {torch.get_num_threads()}, G {g_params:,} / D {d_params:,} parameters, '
          f'batch {n}, {args.steps} steps in {seconds:.1f} s')
    print(f'baseline img/s: {args.steps * n / seconds:.1f}')


if __name__ == '__main__':
    main()
