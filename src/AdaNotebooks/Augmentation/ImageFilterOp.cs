using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Image-space filtering (ADA-SPEC 1.8): four frequency bands, each amplified by t_i = 2^(n imgfilter_std)
/// with probability imgfilter * p * bands[i]. The parameter is the per-band gains [B, 4] (1 = untouched); the
/// applied filter is g @ bank with g the power-normalised product of the band gains, applied separably
/// (cross-correlation, not reversed) after reflect padding of 21. Images of 21x21 or smaller, which the reference
/// rejects, are padded by repeated reflection (<see cref="SeparableMatrix.ReflectPad"/>).</summary>
public sealed class ImageFilterOp : AugmentOp
{
    public static readonly AugmentStrength Bands = new("imgfilter_bands", [1, 1, 1, 1], "per-band multipliers");
    public static readonly AugmentStrength Std = new("imgfilter_std", 1, "log2 std of band gain");

    public override string Name => "imgfilter";
    public override AugmentCategory Category => AugmentCategory.Filter;
    public override IReadOnlyList<AugmentStrength> Strengths => [Bands, Std];

    /// <summary>The sym2 (db2) low-pass filter.</summary>
    public static readonly double[] Sym2 = [-0.12940952255092145, 0.22414386804185735, 0.836516303737469,
        0.48296291314469025];

    /// <summary>Expected power spectrum of natural images (1/f), per band.</summary>
    static readonly float[] ExpectedPower = [10f / 13, 1f / 13, 1f / 13, 1f / 13];

    /// <summary>The 4 x 43 filter bank: rows are bands [0, pi/8], [pi/8, pi/4], [pi/4, pi/2], [pi/2, pi]; they sum to a
    /// unit impulse.</summary>
    public static readonly double[,] Bank = BuildBank();

    static double[,] BuildBank()
    {
        var lo = Sym2;
        var hi = lo.Select((h, k) => k % 2 == 0 ? h : -h).ToArray();               // H(-z)
        var lo2 = Convolve(lo, lo.Reverse().ToArray()).Select(x => x / 2).ToArray(); // H(z) H(z^-1) / 2
        var hi2 = Convolve(hi, hi.Reverse().ToArray()).Select(x => x / 2).ToArray(); // H(-z) H(-z^-1) / 2
        var rows = new double[4][];
        rows[0] = [1];
        for (int r = 1; r < 4; r++) rows[r] = [0];
        for (int i = 1; i < 4; i++)
        {
            for (int r = 0; r < 4; r++)
            {
                var dilated = new double[rows[r].Length * 2 - 1];
                for (int k = 0; k < rows[r].Length; k++) dilated[2 * k] = rows[r][k];
                rows[r] = Convolve(dilated, lo2);
            }
            int n = rows[i].Length, start = (n - hi2.Length) / 2;
            for (int k = 0; k < hi2.Length; k++) rows[i][start + k] += hi2[k];
        }
        var bank = new double[4, rows[0].Length];
        for (int r = 0; r < 4; r++)
            for (int k = 0; k < rows[r].Length; k++) bank[r, k] = rows[r][k];
        return bank;
    }

    /// <summary>Full 1-D convolution.</summary>
    public static double[] Convolve(double[] a, double[] b)
    {
        var y = new double[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++) y[i + j] += a[i] * b[j];
        return y;
    }

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var gains = new List<Tensor>();
        var bands = spec.StrengthValues(Bands);
        for (int i = 0; i < 4; i++)
        {
            double band = bands[i];
            var t = source.Normal(batch).mul(spec.Strength(Std)).exp2();
            if (source.IsDebug)
                gains.Add(band > 0 ? t : ones_like(t));
            else
                gains.Add(t.where(source.Gate(spec.Multiplier(Name) * source.P * band, batch), ones_like(t)));
        }
        return stack(gains, 1);
    }

    public override Tensor IsIdentity(Tensor gains, long width, long height) => gains.eq(1).all(1);

    /// <summary>The combined gain vector g [B, 4]: for each band, t = ones with t[i] = t_i, t /= sqrt(sum e t^2), g *=
    /// t.</summary>
    public static Tensor CombinedGain(Tensor bandGains)
    {
        long batch = bandGains.shape[0];
        var e = tensor(ExpectedPower);
        var g = ones(batch, 4);
        for (int i = 0; i < 4; i++)
        {
            var t = ones(batch, 4).index_copy(1, tensor(new long[] { i }), bandGains[.., i..(i + 1)]);
            t = t.div(e.mul(t.square()).sum(-1, keepdim: true).sqrt());
            g = g.mul(t);
        }
        return g;
    }

    /// <summary>Band i's filter after reflect padding of 21, as an [n x n] matrix (cross-correlation, not
    /// reversed).</summary>
    public static Tensor BandMatrix(int band, int n)
    {
        int taps = Bank.GetLength(1), pad = taps / 2;
        var f = Enumerable.Range(0, taps).Select(k => Bank[band, k]).ToArray();
        return SeparableMatrix.Of($"imgfilter:{band}:{n}", n,
            e => SeparableMatrix.Upfirdn(SeparableMatrix.ReflectPad(e, pad, pad), f, 1, 1, 0, 0, flipFilter: true,
                gain: 1));
    }

    /// <summary>Filters the images with their per-image filters g @ bank. The filter is linear in g, so each
    /// image's operator along an axis is sum_i g_i B_i with B_i the band matrices.</summary>
    public override Tensor Apply(Tensor images, Tensor bandGains)
    {
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        var g = CombinedGain(bandGains);                                                    // [B, 4]
        Tensor Operator(long n) => g.matmul(stack(Enumerable.Range(0, 4).Select(i => BandMatrix(i, (int)n)).ToArray())
            .view(4, n * n)).view(b, 1, n, n);
        return SeparableMatrix.Apply(images, Operator(h), Operator(w));
    }
}
