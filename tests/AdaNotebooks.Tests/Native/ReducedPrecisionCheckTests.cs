using AdaNotebooks.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Tests.Native;

/// <summary>The start-up check behind `--precision auto`: its measure finds a wrong bf16 kernel, and the decision
/// takes bf16 only when it is both right and fast enough.</summary>
public class ReducedPrecisionCheckTests
{
    static Tensor Conv(Tensor x, Tensor w) => F.conv2d(x, w, padding: [1, 1]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheMeasureAcceptsBf16ConvolutionAndFindsAWrongOne(bool doubleBackward)
    {
        double right = ReducedPrecisionCheck.Error([4, 32, 8, 8], [32, 32, 3, 3], Conv, 1, doubleBackward);
        Assert.True(right <= ReducedPrecisionCheck.Tolerance, $"bf16 conv2d: relative error {right:E2}");
        Assert.True(right > 1e-5, $"relative error {right:E2}: the bf16 run was not reduced");
        // A kernel 10 % off in bf16 only (as a wrong oneDNN path would be).
        Tensor Wrong(Tensor x, Tensor w) => x.dtype == ScalarType.BFloat16 ? Conv(x, w) * 1.1 : Conv(x, w);
        double wrong = ReducedPrecisionCheck.Error([4, 32, 8, 8], [32, 32, 3, 3], Wrong, 1, doubleBackward);
        Assert.True(wrong > ReducedPrecisionCheck.Tolerance, $"a 10 % error measured as {wrong:E2}");
    }

    [Fact]
    public void Bf16IsChosenOnlyWhenRightAndFastEnough()
    {
        Assert.True(ReducedPrecisionCheck.Decide(() => null, () => 1.8).Use);
        Assert.False(ReducedPrecisionCheck.Decide(() => null, () => 1.1).Use);
        var wrong = ReducedPrecisionCheck.Decide(() => "conv2d 3x3: relative error 1.0E-001", () => 3);
        Assert.False(wrong.Use);
        Assert.Contains("wrong", wrong.Note);
        Assert.False(ReducedPrecisionCheck.Decide(() => throw new NotSupportedException("no bf16"), () => 3).Use);
        Assert.Contains("1.10x", ReducedPrecisionCheck.Decide(() => null, () => 1.1).Note);
    }

    [Fact]
    public void TheAccuracyCasesRunOnlyWhereBf16IsFastEnough()
    {
        int checks = 0;
        string? Counted() { checks++; return null; }
        var slow = ReducedPrecisionCheck.Decide(Counted, () => 0.06);
        Assert.False(slow.Use);
        Assert.Equal(0, checks);
        Assert.Contains("0.06x", slow.Note);
        Assert.True(ReducedPrecisionCheck.Decide(Counted, () => 1.9).Use);
        Assert.Equal(1, checks);
    }

    [Fact]
    public void TheCheckOnThisCpuGivesAReason()
    {
        var state = ReducedPrecisionCheck.Auto;
        Assert.StartsWith(state.Use ? "bf16 (" : "fp32 (", state.Note);
        Assert.True(ReducedPrecisionCheck.FirstWrong() is null || !state.Use);
    }
}
