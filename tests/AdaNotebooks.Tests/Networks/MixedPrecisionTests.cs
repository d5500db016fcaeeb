using AdaNotebooks.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

/// <summary>The networks in mixed precision (the reference's num_fp16_res, here bf16): the same weights give the same
/// function within bf16's rounding, the reduced blocks really run reduced, and turning it off restores float32 to the
/// bit.</summary>
public class MixedPrecisionTests
{
    /// <summary>bf16 keeps 8 significant bits; through a dozen layers with float32 accumulation the outputs stay
    /// within a few per cent of float32 (measured: about 1 %).</summary>
    const double Tolerance = 0.05;

    [Theory]
    [InlineData(32, 4, 8)]
    [InlineData(32, 2, 16)]
    [InlineData(32, 1, 32)]
    [InlineData(16, 4, 8)]
    [InlineData(256, 4, 32)]
    [InlineData(8, 1, 8)]
    public void TheReducedResolutionsAreTheReferences(int resolution, int numRes, int from)
    {
        // The reference: fp16_resolution = max(2 ** (log2(img_resolution) + 1 - num_fp16_res), 8).
        var mixed = new MixedPrecision(ScalarType.BFloat16, numRes);
        Assert.Equal(from, mixed.FromResolution(resolution));
        Assert.Null(mixed.For(from / 2, resolution));
        Assert.Equal(ScalarType.BFloat16, mixed.For(from, resolution));
        Assert.Null(new MixedPrecision(ScalarType.BFloat16, 0).For(resolution, resolution));
    }

    static double RelativeError(Tensor reduced, Tensor single) =>
        (reduced - single).abs().max().item<float>() / single.abs().max().item<float>();

    [Fact]
    public void Bf16GAndDMatchFloat32OnTheSameWeights()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(5);
        var config = NetworkConfig.Cpu(resolution: 32);
        var g = config.CreateGenerator();
        var d = config.CreateDiscriminator();
        var z = randn(8, config.ZDim);
        var images = g.forward(z, noiseMode: NoiseMode.Const);
        var logits = d.forward(images);

        var mixed = new MixedPrecision(ScalarType.BFloat16, 4);
        g.SetPrecision(mixed);
        d.SetPrecision(mixed);
        var imagesBf16 = g.forward(z, noiseMode: NoiseMode.Const);
        var logitsBf16 = d.forward(images);
        Assert.Equal(ScalarType.Float32, imagesBf16.dtype);
        Assert.Equal(ScalarType.Float32, logitsBf16.dtype);
        double gError = RelativeError(imagesBf16, images), dError = RelativeError(logitsBf16, logits);
        Assert.True(gError <= Tolerance && dError <= Tolerance, $"G {gError:E2}, D {dError:E2}");
        // The reduced blocks really ran in bf16 (float32 would agree to about 1e-7).
        Assert.True(gError > 1e-4 && dError > 1e-4, $"G {gError:E2}, D {dError:E2}: no sign of bf16");

        g.SetPrecision(null);
        d.SetPrecision(null);
        Assert.True(g.forward(z, noiseMode: NoiseMode.Const).eq(images).all().item<bool>());
        Assert.True(d.forward(images).eq(logits).all().item<bool>());
    }

    [Fact]
    public void TheR1GradientInBf16PointsWhereFloat32s()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(6);
        var config = NetworkConfig.Small(resolution: 16);
        var d = config.CreateDiscriminator();
        var x = (rand(8, 3, 16, 16) * 2 - 1).requires_grad_(true);
        Tensor R1Gradient()
        {
            var logits = d.forward(x);
            return autograd.grad([logits.sum()], [x], create_graph: true, retain_graph: true)[0];
        }
        var single = R1Gradient();
        d.SetPrecision(new MixedPrecision(ScalarType.BFloat16, 4));
        var reduced = R1Gradient();
        Assert.Equal(ScalarType.Float32, reduced.dtype);
        double cosine = (single * reduced).sum().item<float>() /
                        (single.norm().item<float>() * reduced.norm().item<float>());
        Assert.True(cosine > 0.99, $"cosine of the R1 gradients {cosine:F4}");
        // The penalty's own gradient reaches D's float32 master weights.
        reduced.square().sum().backward();
        Assert.All(d.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.True(d.parameters().First().grad is { } grad && grad.isfinite().all().item<bool>());
    }
}
