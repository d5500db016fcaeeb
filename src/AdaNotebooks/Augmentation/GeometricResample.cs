using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Augmentation;

/// <summary>Executes a batch of inverse matrices G_inv as ONE anti-aliased resample (ADA-SPEC 1.6): reflect
/// padding by a margin shared by the batch, 2x upsampling with the sym6 low-pass, bilinear grid_sample at 2x,
/// 2x downsampling with the same filter. Because sym6 is orthonormal, the identity matrix reproduces the
/// input to ~1e-6.</summary>
public static class GeometricResample
{
    /// <summary>The 12-tap sym6 wavelet low-pass.</summary>
    public static readonly double[] Sym6 =
    [
        0.015404109327027373, 0.0034907120842174702, -0.11799011114819057, -0.048311742585633,
        0.4910559419267466, 0.787641141030194, 0.3379294217276218, -0.07263752278646252,
        -0.021060292512300564, 0.04472490177066578, 0.0017677118642428036, -0.007800708325034148,
    ];

    /// <summary>Hz_pad = taps / 4.</summary>
    public const int HzPad = 3;

    /// <summary>Reflect-padding margins (x0, y0, x1, y1): the output corners mapped through every G_inv of the
    /// batch, the maximum per side, plus (2 Hz_pad - cx, 2 Hz_pad - cy), clamped to [0, size - 1], rounded up.
    /// The identity gives 6 on every side.</summary>
    public static (int X0, int Y0, int X1, int Y1) Margin(Tensor gInv, long width, long height)
    {
        using var scope = NewDisposeScope();
        float cx = (width - 1) / 2f, cy = (height - 1) / 2f;
        var corners = tensor(new float[] { -cx, -cy, 1, cx, -cy, 1, cx, cy, 1, -cx, cy, 1 }, [4, 3]);
        var mapped = gInv.cpu().to(float32).matmul(corners.t());               // [B, 3, 4]
        var xy = mapped[.., ..2, ..].permute(1, 0, 2).flatten(1);               // [2, B * 4]
        var m = cat([xy.neg(), xy]).max(1).values;                              // [x0, y0, x1, y1]
        m = m.add(tensor(new float[] { 2 * HzPad - cx, 2 * HzPad - cy, 2 * HzPad - cx, 2 * HzPad - cy }));
        m = m.maximum(zeros(4)).minimum(tensor(new float[] { width - 1, height - 1, width - 1, height - 1 }));
        var v = m.ceil().to(int32).data<int>().ToArray();
        return (v[0], v[1], v[2], v[3]);
    }

    static double[] Hz => Sym6.Select(v => v / Sym6.Sum()).ToArray();

    /// <summary>Reflect padding by (m0, m1) followed by the 2x sym6 upsampling (pads (6, 5), true convolution,
    /// gain 2 per axis): [2 (n + m0 + m1) x n].</summary>
    public static Tensor UpsampleMatrix(int n, int m0, int m1) =>
        SeparableMatrix.Of($"geom-up:{n}:{m0}:{m1}", n, e => SeparableMatrix.Upfirdn(SeparableMatrix.ReflectPad(e, m0,
            m1), Hz, up: 2, down: 1, pad0: 6, pad1: 5, flipFilter: false, gain: 2));

    /// <summary>The 2x sym6 downsampling with a crop of Hz_pad (pads (-1, -1), cross-correlation): [n x 2 (n + 2
    /// Hz_pad)].</summary>
    public static Tensor DownsampleMatrix(int n) =>
        SeparableMatrix.Of($"geom-down:{n}", 2 * (n + 2 * HzPad), e => SeparableMatrix.Upfirdn(e, Hz, up: 1, down: 2,
            pad0: -1, pad1: -1, flipFilter: true, gain: 1));

    /// <summary>Resamples <paramref name="images"/> [B, C, H, W] by their G_inv [B, 3, 3] (pixel units, origin at the
    /// image centre) using the given batch-wide margin.</summary>
    public static Tensor Apply(Tensor images, Tensor gInv, (int X0, int Y0, int X1, int Y1) margin)
    {
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        var (mx0, my0, mx1, my1) = margin;
        var g = gInv.to(float32).cpu();

        // Reflect-pad, move the origin to the centre of the padded image, upsample 2x (one matrix per axis).
        var x = SeparableMatrix.Apply(images, UpsampleMatrix((int)h, my0, my1), UpsampleMatrix((int)w, mx0, mx1));
        g = Matrices.Constant3(1, 0, (mx0 - mx1) / 2.0, 0, 1, (my0 - my1) / 2.0).matmul(g);
        g = Matrices.Constant3(2, 0, 0, 0, 2, 0).matmul(g).matmul(Matrices.Constant3(0.5, 0, 0, 0, 0.5, 0));
        g = Matrices.Constant3(1, 0, -0.5, 0, 1, -0.5).matmul(g).matmul(Matrices.Constant3(1, 0, 0.5, 0, 1, 0.5));

        // Sample the output at 2x with bilinear interpolation, in normalised coordinates.
        long outH = (h + HzPad * 2) * 2, outW = (w + HzPad * 2) * 2;
        long inH = x.shape[2], inW = x.shape[3];
        g = Matrices.Constant3(2.0 / inW, 0, 0, 0, 2.0 / inH, 0).matmul(g)
            .matmul(Matrices.Constant3(outW / 2.0, 0, 0, 0, outH / 2.0, 0));
        var grid = F.affine_grid(g[.., ..2, ..].to(images.dtype, images.device), [b, c, outH, outW],
            align_corners: false);
        x = GridSampleGradFix.GridSample(x, grid);

        // Downsample 2x and crop Hz_pad on every side (one matrix per axis).
        return SeparableMatrix.Apply(x, DownsampleMatrix((int)h), DownsampleMatrix((int)w));
    }
}
