using AdaNotebooks.Ops;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Ops;

public class Upfirdn2dTests
{
    /// <summary>A direct per-axis implementation of the definition, in plain arrays.</summary>
    static double[] Reference1D(double[] x, double[] f, int up, int down, int p0, int p1, bool flip, double gain)
    {
        var u = new double[x.Length * up];
        for (int i = 0; i < x.Length; i++) u[i * up] = x[i];
        var padded = new List<double>();
        for (int i = 0; i < p0; i++) padded.Add(0);
        padded.AddRange(u.Skip(Math.Max(-p0, 0)).Take(u.Length - Math.Max(-p0, 0) - Math.Max(-p1, 0)));
        for (int i = 0; i < p1; i++) padded.Add(0);
        var k = flip ? f : f.Reverse().ToArray();
        var y = new List<double>();
        for (int i = 0; i + k.Length <= padded.Count; i++)
            y.Add(Enumerable.Range(0, k.Length).Sum(j => padded[i + j] * k[j] * gain));
        return y.Where((_, i) => i % down == 0).ToArray();
    }

    [Theory]
    [InlineData(1, 1, 0, 0, false)]
    [InlineData(2, 1, 2, 1, false)]
    [InlineData(1, 2, 1, 1, true)]
    [InlineData(2, 2, -1, 3, false)]
    [InlineData(1, 1, 3, -2, true)]
    public void FilterMatchesTheDefinitionAlongX(int up, int down, int p0, int p1, bool flip)
    {
        using var scope = NewDisposeScope();
        double[] f = [0.1, 0.5, 0.3, -0.2];
        // One row and a 1 x taps 2-D filter: upfirdn along x alone.
        var row = new double[] { 1, -2, 3, 0.5, -1, 2, 4 };
        var x = tensor(row, dtype: float64).view(1, 1, 1, row.Length);
        var y2 = Upfirdn2d.Apply(x, tensor(f, dtype: float64).view(1, 4), upX: up, downX: down, padX0: p0, padX1: p1,
            flipFilter: flip);
        var expected = Reference1D(row, f, up, down, p0, p1, flip, 1);
        Assert.Equal(expected, y2.flatten().data<double>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void SeparableEqualsOuterProductFilter()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 9, 11, dtype: float64);
        var f = tensor(new[] { 1.0, 3, 3, 1 }, dtype: float64);
        var a = Upfirdn2d.Upsample(x, f / 8, up: 2, gain: 1);
        var b = Upfirdn2d.Upsample(x, f.outer(f) / 64, up: 2, gain: 1);
        Assert.Equal(new long[] { 2, 3, 18, 22 }, a.shape);
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void DownsampleHalvesAndPreservesConstants()
    {
        using var scope = NewDisposeScope();
        var x = full(1, 2, 16, 16, 0.7, dtype: float64);
        var f = Upfirdn2d.Filter([1, 3, 3, 1], separable: false).to(float64);
        var y = Upfirdn2d.Downsample(x, f, down: 2, padding: 0);
        Assert.Equal(new long[] { 1, 2, 8, 8 }, y.shape);
        // Away from the zero-padded border a normalised filter keeps a constant image constant.
        Assert.True(y[.., .., 1..7, 1..7].sub(0.7).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void SupportsDoubleBackward()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 1, 6, 6, dtype: float64).requires_grad_(true);
        var f = tensor(new[] { 1.0, 3, 3, 1 }, dtype: float64) / 8;
        var y = Upfirdn2d.Upsample(x, f).pow(2).sum();
        var g = autograd.grad([y], [x], create_graph: true, retain_graph: true)[0];
        var gg = autograd.grad([g.pow(2).sum()], [x])[0];
        Assert.True(gg.isfinite().all().item<bool>());
        Assert.True(gg.abs().sum().item<double>() > 0);
    }
    /// <summary>The matrix path (separable filters) against the step-by-step grouped convolution, in 2-D, for
    /// random factors, pads (crops included), flips, gains and rank-1 filters of 1-6 taps per axis.</summary>
    [Property(MaxTest = 60)]
    public bool SeparableFilterAsMatricesEqualsTheGroupedConvolution(int seed)
    {
        using var scope = NewDisposeScope();
        var rng = new Random(seed);
        int upX = rng.Next(1, 4), upY = rng.Next(1, 4), downX = rng.Next(1, 4), downY = rng.Next(1, 4);
        int tapsY = rng.Next(1, 7), tapsX = rng.Next(1, 7);
        int padX0 = rng.Next(-2, 5), padX1 = rng.Next(-2, 5), padY0 = rng.Next(-2, 5), padY1 = rng.Next(-2, 5);
        bool flip = rng.Next(2) == 0;
        double gain = rng.Next(1, 5);
        var g = new TorchSharp.torch.Generator((ulong)seed & 0xffffffff);
        int h = rng.Next(3, 9), w = rng.Next(3, 9);
        padY1 = Math.Max(padY1, tapsY - h * upY - padY0); // at least one filtered sample per axis
        padX1 = Math.Max(padX1, tapsX - w * upX - padX0);
        var x = randn([2, 3, h, w], dtype: float64, generator: g);
        var f = randn(tapsY, dtype: float64, generator: g).outer(randn(tapsX, dtype: float64, generator: g));
        var expected = Upfirdn2d.ApplyGrouped(x, f, upX, upY, downX, downY, padX0, padX1, padY0, padY1, flip, gain);
        var actual = Upfirdn2d.Apply(x, f, upX, upY, downX, downY, padX0, padX1, padY0, padY1, flip, gain);
        return actual.shape.SequenceEqual(expected.shape)
               && actual.allclose(expected, rtol: 1e-10, atol: 1e-10);
    }

    [Fact]
    public void ANonSeparableFilterStillFiltersIn2D()
    {
        using var scope = NewDisposeScope();
        var f = tensor(new double[] { 0, 1, 0, 1, -4, 1, 0, 1, 0 }, dtype: float64).view(3, 3); // a Laplacian, rank 2
        var x = zeros(1, 1, 5, 5, dtype: float64);
        x[0, 0, 2, 2] = tensor(1.0, dtype: float64);
        var y = Upfirdn2d.Apply(x, f, padX0: 1, padX1: 1, padY0: 1, padY1: 1);
        Assert.True(y[0, 0, 1..4, 1..4].allclose(f.flip(0, 1)));
        Assert.Equal(0, y.abs().sum().item<double>() - f.abs().sum().item<double>(), 12);
    }
}
