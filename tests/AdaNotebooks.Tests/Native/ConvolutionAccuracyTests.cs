using AdaNotebooks.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Tests.Native;

/// <summary>float32 conv2d against the same convolution in float64. libtorch 2.10's oneDNN kernels get these wrong
/// (see <see cref="OneDnn"/>); they pass because start-up turns oneDNN off. Run with ADA_ONEDNN=on to see them
/// fail.</summary>
public class ConvolutionAccuracyTests
{
    const double Tolerance = 1e-4;

    /// <summary>max |float32 - float64| / max |float64| of a 3x3 convolution, padding 1, to 8 channels.</summary>
    static double ForwardError(long n, long c, long size, ulong seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var x = randn([n, c, size, size], dtype: float64, generator: g);
        var w = randn([8, c, 3, 3], dtype: float64, generator: g);
        var exact = F.conv2d(x, w, padding: [1, 1]);
        var single = F.conv2d(x.to(float32), w.to(float32), padding: [1, 1]).to(float64);
        return ((single - exact).abs().max() / exact.abs().max()).item<double>();
    }

    /// <summary>The same error for what R1 and path-length regularisation do: the gradient of a convolution's output
    /// with respect to its input, built with create_graph, then a backward pass through it to the weight. Both the
    /// input gradient and the weight gradient are compared.</summary>
    static double DoubleBackwardError(long n, long c, long size, ulong seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var x0 = randn([n, c, size, size], dtype: float64, generator: g);
        var w0 = randn([c, c, 3, 3], dtype: float64, generator: g);
        Tensor Run(ScalarType type)
        {
            var x = x0.to(type).detach().clone().requires_grad_(true);
            var w = w0.to(type).detach().clone().requires_grad_(true);
            var y = F.leaky_relu(F.conv2d(x, w, padding: [1, 1]), 0.2);
            var gx = autograd.grad([y.square().sum()], [x], create_graph: true, retain_graph: true)[0];
            gx.square().sum().backward();
            return cat([gx.detach().flatten(), w.grad!.flatten()]).to(float64);
        }
        var exact = Run(float64);
        var single = Run(float32);
        return ((single - exact).abs().max() / exact.abs().max()).item<double>();
    }

    [Theory]
    [InlineData(2, 17, 4)]
    [InlineData(2, 17, 8)]
    [InlineData(4, 33, 4)]
    [InlineData(4, 129, 4)]
    [InlineData(2, 16, 4)]
    [InlineData(1, 17, 4)]
    [InlineData(2, 3, 4)]
    public void Float32Conv2dMatchesFloat64(long n, long c, long size)
    {
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var error = ForwardError(n, c, size, seed);
            Assert.True(error <= Tolerance, $"[{n}, {c}, {size}, {size}] seed {seed}: relative error {error:E2}");
        }
    }

    [Fact]
    public void Float32Conv2dMatchesFloat64ForEveryChannelCountUpTo40()
    {
        var bad = new List<string>();
        for (long n = 1; n <= 4; n++)
            foreach (long size in new[] { 4L, 8L })
                for (long c = 1; c <= 40; c++)
                {
                    var error = ForwardError(n, c, size, (ulong)(1000 * n + 100 * size + c));
                    if (!(error <= Tolerance)) bad.Add($"[{n}, {c}, {size}, {size}]: {error:E1}");
                }
        Assert.True(bad.Count == 0, $"{bad.Count} wrong: {string.Join("; ", bad.Take(20))}");
    }

    [Fact]
    public void Float32DoubleBackwardMatchesFloat64ForSmallChannelCounts()
    {
        var bad = new List<string>();
        for (long n = 1; n <= 4; n++)
            foreach (long size in new[] { 4L, 8L, 16L })
                for (long c = 1; c <= 16; c++)
                {
                    var error = DoubleBackwardError(n, c, size, (ulong)(1000 * n + 100 * size + c));
                    if (!(error <= Tolerance)) bad.Add($"[{n}, {c}, {size}, {size}]: {error:E1}");
                }
        Assert.True(bad.Count == 0, $"{bad.Count} wrong: {string.Join("; ", bad.Take(20))}");
    }

    [Fact]
    public void StartUpTurnsOneDnnOffUnlessAskedToKeepIt()
    {
        TorchNative.Ensure();
        if (!OperatingSystem.IsLinux()) return;
        Assert.NotNull(TorchNative.OneDnn);
        Assert.Equal(OneDnn.Requested, OneDnn.Enabled);
    }
}
