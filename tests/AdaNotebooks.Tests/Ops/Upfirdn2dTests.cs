using AdaNotebooks.Ops;
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
}
