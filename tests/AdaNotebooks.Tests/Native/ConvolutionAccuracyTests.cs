using AdaNotebooks.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Tests.Native;

/// <summary>float32 conv2d against the same convolution in float64. libtorch 2.10's oneDNN kernels get these wrong
/// on some CPUs (see <see cref="OneDnn"/>); start-up keeps oneDNN only where its check passes, so on a CPU where
/// oneDNN stays on these scans test it far more widely than the start-up check does. Run with ADA_ONEDNN=on on such
/// a CPU to see them fail.</summary>
public class ConvolutionAccuracyTests
{
    const double Tolerance = ConvolutionCheck.Tolerance;

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
            var error = ConvolutionCheck.ForwardError(n, c, size, seed);
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
                    var error = ConvolutionCheck.ForwardError(n, c, size, (ulong)(1000 * n + 100 * size + c));
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
                    var error = ConvolutionCheck.DoubleBackwardError(n, c, size, (ulong)(1000 * n + 100 * size + c));
                    if (!(error <= Tolerance)) bad.Add($"[{n}, {c}, {size}, {size}]: {error:E1}");
                }
        Assert.True(bad.Count == 0, $"{bad.Count} wrong: {string.Join("; ", bad.Take(20))}");
    }

    [Fact]
    public void TheStartUpCheckFindsAConvolutionThatIsWrongForOneChannelCountOrNaN()
    {
        Tensor Right(Tensor x, Tensor w, long pad) => F.conv2d(x, w, padding: [pad, pad]);
        Assert.Null(ConvolutionCheck.FirstWrong(Right));

        Tensor OffAt17(Tensor x, Tensor w, long pad) => x.shape[1] == 17 ? Right(x, w, pad) * 1.001 : Right(x, w, pad);
        Assert.Equal("conv2d [2, 17, 4, 4] 3x3: relative error 1.0E-003", ConvolutionCheck.FirstWrong(OffAt17));

        Tensor NaNToRgb(Tensor x, Tensor w, long pad) =>
            w.shape[0] == 3 ? Right(x, w, pad) * double.NaN : Right(x, w, pad);
        Assert.StartsWith("conv2d [2, 32, 4, 4] 1x1 to 3 channels", ConvolutionCheck.FirstWrong(NaNToRgb));
    }

    [Fact]
    public void StartUpKeepsOneDnnOnlyWhereItsConvolutionsAreRight()
    {
        TorchNative.Ensure();
        if (!OperatingSystem.IsLinux()) return;
        Assert.NotNull(TorchNative.OneDnn);
        Assert.Equal(TorchNative.OneDnn!.Enabled, OneDnn.Enabled);
        if (OneDnn.Mode == "auto" && OneDnn.Enabled == true)
            Assert.Null(ConvolutionCheck.FirstWrong());   // what start-up checked, with oneDNN on
        if (OneDnn.Mode == "off") Assert.False(OneDnn.Enabled);
    }

    [Fact]
    public void AutoTurnsOneDnnOffWhenTheCheckFindsAWrongConvolution()
    {
        TorchNative.Ensure();
        if (!OperatingSystem.IsLinux() || OneDnn.Mode != "auto") return;
        var libtorchCpu = TorchNative.Report!.PreloadedFiles.First(f => Path.GetFileName(f) == "libtorch_cpu.so");
        var before = OneDnn.Enabled;
        try
        {
            // Only towards off: libtorch's own convolution is right on every CPU, so tests running beside this one
            // are not affected.
            var state = OneDnn.Apply(libtorchCpu, () => "conv2d [2, 17, 4, 4] 3x3: relative error 3.0E-001");
            Assert.False(state.Enabled);
            Assert.False(OneDnn.Enabled);
            Assert.Equal("off (wrong on this CPU: conv2d [2, 17, 4, 4] 3x3: relative error 3.0E-001; " +
                         "ADA_ONEDNN=on keeps it)", state.Note);

            var failed = OneDnn.Apply(libtorchCpu, () => throw new InvalidOperationException("no kernel"));
            Assert.False(failed.Enabled);
            Assert.Contains("the check failed (InvalidOperationException: no kernel)", failed.Note);
        }
        finally
        {
            OneDnn.Set(before == true);
        }
    }
}
