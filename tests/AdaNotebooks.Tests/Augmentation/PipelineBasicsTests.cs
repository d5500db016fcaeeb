using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

public class PipelineBasicsTests
{
    static Tensor Images(long n = 4, long c = 3, long size = 32, int seed = 1)
    {
        var g = new Generator((ulong)seed);
        return rand([n, c, size, size], generator: g).mul(2).sub(1);
    }

    [Theory]
    [InlineData("bgc")]
    [InlineData("bgcfnc")]
    [InlineData("blit")]
    public void PZeroIsTheExactIdentity(string preset)
    {
        using var scope = NewDisposeScope();
        var x = Images();
        var pipe = new AugmentPipe(preset, p: 0) { Generator = new Generator(3) };
        var y = pipe.Augment(x);
        Assert.True(x.eq(y).all().item<bool>());
    }

    [Fact]
    public void FilterBankRowsSumToAUnitImpulse()
    {
        var bank = ImageFilterOp.Bank;
        Assert.Equal(43, bank.GetLength(1));
        for (int k = 0; k < 43; k++)
        {
            double sum = 0;
            for (int r = 0; r < 4; r++) sum += bank[r, k];
            Assert.Equal(k == 21 ? 1.0 : 0.0, sum, 10);
        }
    }

    [Fact]
    public void ReflectPaddingMatchesPyTorchAndRepeatsBeyondTheSignal()
    {
        Assert.Equal([3.0, 2, 1, 2, 3, 4, 3, 2], SeparableMatrix.ReflectPad([1, 2, 3, 4], 2, 2));   // torch 'reflect'
        Assert.Equal([2.0, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2], SeparableMatrix.ReflectPad([1, 2, 3], 5, 5));
        Assert.Equal([7.0, 7, 7], SeparableMatrix.ReflectPad([7], 1, 1));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void FilteringWorksOnImagesSmallerThanItsPadding(int size)
    {
        using var scope = NewDisposeScope();
        var x = Images(3, 1, size);
        var unit = new ImageFilterOp().Apply(x, ones(3, 4));                 // the bank sums to a unit impulse
        Assert.True(unit.sub(x).abs().max().item<float>() < 1e-5f);
        var gains = tensor(new float[] { 4, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1 }).view(3, 4);
        var boosted = new ImageFilterOp().Apply(x, gains);
        Assert.True(boosted.isfinite().all().item<bool>());
        Assert.True(boosted[0].sub(x[0]).abs().max().item<float>() > 1e-2f);
        Assert.True(boosted[2].sub(x[2]).abs().max().item<float>() < 1e-5f);
        var pipe = new AugmentPipe("bgcfnc", p: 1) { Generator = new Generator(5) };
        Assert.Equal(x.shape, pipe.Augment(x).shape);
    }

    [Fact]
    public void FilterBankBuildingBlocksMatchTheSpec()
    {
        var lo = ImageFilterOp.Sym2;
        var lo2 = ImageFilterOp.Convolve(lo, lo.Reverse().ToArray()).Select(v => v / 2).ToArray();
        double[] expected = [-1 / 32.0, 0, 9 / 32.0, 0.5, 9 / 32.0, 0, -1 / 32.0];
        for (int i = 0; i < 7; i++) Assert.Equal(expected[i], lo2[i], 12);
    }

    [Fact]
    public void IdentityMatrixMarginIsSixAndResampleReproducesTheInput()
    {
        using var scope = NewDisposeScope();
        var x = Images(2, 3, 32);
        var gInv = eye(3).expand(2, 3, 3);
        Assert.Equal((6, 6, 6, 6), GeometricResample.Margin(gInv, 32, 32));
        var y = GeometricResample.Apply(x, gInv, GeometricResample.Margin(gInv, 32, 32));
        Assert.Equal(x.shape, y.shape);
        Assert.True(y.sub(x).abs().max().item<float>() < 1e-5f); // sym6 is orthonormal: up then down is the identity
    }

    [Fact]
    public void IntegerTranslationIsAnExactPixelShiftAwayFromTheBorder()
    {
        using var scope = NewDisposeScope();
        var x = Images(1, 3, 32);
        var pipe = new AugmentPipe(AugmentSpec.Ops(["xint"]));
        // xint at percentile 0.9: t = (2 * 0.9 - 1) * 0.125 = 0.1 -> round(3.2) = 3 pixels right and down.
        var y = pipe.AugmentAtPercentile(x, 0.9);
        var inner = y[.., .., 8..24, 8..24];
        var shifted = x[.., .., 5..21, 5..21];
        Assert.True(inner.sub(shifted).abs().max().item<float>() < 1e-4f);
    }

    [Fact]
    public void ColorMatricesMatchHandComputedValues()
    {
        using var scope = NewDisposeScope();
        double s3 = 1 / Math.Sqrt(3);
        // Luma flip: I - 2 v v^T, v = (1,1,1,0)/sqrt(3): diagonal 1 - 2/3, off-diagonal -2/3.
        var flip = new LumaFlipOp().Factor(ones(1));
        Assert.Equal(1 / 3.0, flip[0, 0, 0].item<float>(), 5);
        Assert.Equal(-2 / 3.0, flip[0, 0, 1].item<float>(), 5);
        Assert.Equal(1.0, flip[0, 3, 3].item<float>(), 6);
        // Saturation 0 keeps only the luma component: every row of the 3x3 block is (1/3, 1/3, 1/3).
        var sat = new SaturationOp().Factor(zeros(1));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) Assert.Equal(s3 * s3, sat[0, i, j].item<float>(), 5);
        // Hue rotation by 120 degrees about the grey axis cycles the channels R -> G -> B.
        var hue = new HueOp().Factor(full(1, (float)(2 * Math.PI / 3)));
        var red = tensor(new float[] { 1, 0, 0, 1 }).view(1, 4, 1);
        var rotated = hue.matmul(red).flatten();
        Assert.Equal(0.0, rotated[0].item<float>(), 5);
        Assert.Equal(1.0, rotated[1].item<float>(), 5);
        Assert.Equal(0.0, rotated[2].item<float>(), 5);
        // Brightness then contrast: x -> c (x + b).
        var spec = AugmentSpec.Ops(["brightness", "contrast"]);
        var pipe = new AugmentPipe(spec);
        var px = full(1, 3, 2, 2, 0.25f);
        var parameters = new AugmentParams(1, 3, new Dictionary<string, Tensor> { ["brightness"] = full(1, 0.1f),
            ["contrast"] = full(1, 2f) });
        var y = pipe.Apply(px, parameters);
        Assert.True(y.sub(0.7f).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void GrayscaleColorUsesTheAveragedRow()
    {
        using var scope = NewDisposeScope();
        var pipe = new AugmentPipe(AugmentSpec.Ops(["brightness", "lumaflip"]));
        var x = full(1, 1, 2, 2, 0.5f);
        var parameters = new AugmentParams(1, 1, new Dictionary<string, Tensor> { ["brightness"] = full(1, 0.2f),
            ["lumaflip"] = ones(1) });
        // C = (I - 2vv^T) translate(b): rows 0..2 averaged: x * (1 - 2) + b (1 - 2) => -(x + b) = -0.7
        var y = pipe.Apply(x, parameters);
        Assert.True(y.sub(-0.7f).abs().max().item<float>() < 1e-6f);
        Assert.DoesNotContain(pipe.EnabledOps(1), o => o is HueOp or SaturationOp);
    }

    [Fact]
    public void CutoutZeroesTheSquareAroundTheCentre()
    {
        using var scope = NewDisposeScope();
        var x = ones(1, 3, 8, 8);
        var pipe = new AugmentPipe(AugmentSpec.Ops(["cutout"]));
        var y = pipe.AugmentAtPercentile(x, 0.5); // centre (0.5, 0.5), size 0.5: pixels 2..5 removed
        Assert.Equal(0f, y[0, 0, 2..6, 2..6].abs().sum().item<float>());
        Assert.Equal(3 * 64 - 3 * 16, y.sum().item<float>());
    }

    [Fact]
    public void PresetsAcceptSingleOpsAndLists()
    {
        Assert.Equal(["rotate90"], AugmentSpec.Preset("rotate90").EnabledOps);
        Assert.Equal(["xflip", "rotate90", "xint", "hue"], AugmentSpec.Preset("hue,blit").EnabledOps);
        Assert.Equal(AugmentSpec.Preset("bgc").EnabledOps, AugmentSpec.Preset("blit,geom,color").EnabledOps);
        Assert.Contains("unknown augmentation op 'spin'",
            Assert.Throws<ArgumentException>(() => AugmentSpec.Preset("xflip,spin")).Message);
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        using var scope = NewDisposeScope();
        var pipe = new AugmentPipe("bgc", 0.5);
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => pipe.Augment(zeros(2, 4, 16, 16))).Message);
        Assert.Contains("unknown augmentation preset", Assert.Throws<ArgumentException>(() => AugmentSpec.Preset("bgx"))
            .Message);
        Assert.Contains("p must be", Assert.Throws<ArgumentException>(() => new AugmentPipe("bgc", -0.1)
            .Augment(zeros(2, 3, 16, 16))).Message);
        Assert.Contains("rotate_maxx", Assert.Throws<ArgumentException>(() => AugmentSpec.None.With("rotate_maxx", "1"))
            .Message);
        var bands = AugmentSpec.None.With("imgfilter_bands", "1,0,0,0").StrengthValues("imgfilter_bands");
        Assert.Equal([1.0, 0, 0, 0], bands);
    }
}
