using AdaNotebooks.Networks;
using TorchSharp;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Tests.Networks;

public class NetworkBehaviourTests
{
    [Fact]
    public void ConstNoiseModeIsDeterministic()
    {
        using var scope = NewDisposeScope();
        using var g = SmallNets.Config().CreateGenerator();
        g.eval();
        var z = randn(3, 16);
        using var noGrad = no_grad();
        var a = g.forward(z, noiseMode: NoiseMode.Const);
        var b = g.forward(z, noiseMode: NoiseMode.Const);
        Assert.True(a.eq(b).all().item<bool>());
        // Random noise differs once the noise strengths are non-zero.
        foreach (var (name, p) in g.named_parameters())
            if (name.EndsWith("noise_strength")) p.fill_(0.5);
        var r1 = g.forward(z, noiseMode: NoiseMode.Random);
        var r2 = g.forward(z, noiseMode: NoiseMode.Random);
        Assert.False(r1.eq(r2).all().item<bool>());
        var n1 = g.forward(z, noiseMode: NoiseMode.None);
        var n2 = g.forward(z, noiseMode: NoiseMode.None);
        Assert.True(n1.eq(n2).all().item<bool>());
    }

    [Fact]
    public void NetworksOutliveTheDisposeScopeTheyWereBuiltIn()
    {
        Generator g;
        Discriminator d;
        using (NewDisposeScope())
        {
            g = SmallNets.Config().CreateGenerator();
            d = SmallNets.Config().CreateDiscriminator();
        }
        using var scope = NewDisposeScope();
        var img = g.forward(randn(4, 16), noiseMode: NoiseMode.Const);
        Assert.True(isfinite(d.forward(img)).all().item<bool>());
        Assert.Equal(64f, g.synthesis.Blocks[1].resample_filter.sum().item<float>() * 64f, 3);
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void WAvgIsTrackedOnlyInTrainingMode()
    {
        using var scope = NewDisposeScope();
        using var g = SmallNets.Config().CreateGenerator();
        var z = randn(8, 16);
        g.eval();
        g.forward(z);
        Assert.Equal(0, g.mapping.w_avg!.abs().sum().item<float>());
        g.train();
        var ws = g.mapping.forward(z, null, skipWAvgUpdate: true);
        g.mapping.forward(z, null);
        var expected = ws.select(1, 0).mean([0]) * (1 - 0.995);
        Assert.True(g.mapping.w_avg.allclose(expected, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void TruncationWithPsiOneIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var g = SmallNets.Config().CreateGenerator();
        g.eval();
        g.mapping.w_avg!.copy_(randn(16));
        var z = randn(5, 16);
        var plain = g.mapping.forward(z, null);
        Assert.True(plain.eq(g.mapping.forward(z, null, truncationPsi: 1)).all().item<bool>());
        Assert.True(plain.eq(g.mapping.forward(z, null, truncationPsi: 1, truncationCutoff: 2)).all().item<bool>());
        // psi = 0 gives w_avg; a cutoff truncates only the first ws.
        var zero = g.mapping.forward(z, null, truncationPsi: 0);
        Assert.True(zero.allclose(g.mapping.w_avg.expand_as(zero)));
        var cut = g.mapping.forward(z, null, truncationPsi: 0.5, truncationCutoff: 2);
        Assert.True(cut.narrow(1, 2, g.NumWs - 2).eq(plain.narrow(1, 2, g.NumWs - 2)).all().item<bool>());
        Assert.True(cut.narrow(1, 0, 2).allclose(g.mapping.w_avg.lerp(plain.narrow(1, 0, 2), 0.5)));
    }

    [Fact]
    public void GeneratorAndDiscriminatorGradientsAreFinite()
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(cDim: 3);
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        var c = eye(3).index_select(0, tensor(new long[] { 0, 1, 2, 0 }));
        var loss = nn.functional.softplus(-d.forward(g.forward(randn(4, 16), c), c)).mean();
        loss.backward();
        foreach (var (name, p) in g.named_parameters().Concat(d.named_parameters()))
        {
            Assert.NotNull(p.grad);
            Assert.True(isfinite(p.grad!).all().item<bool>(), $"{name} has a non-finite gradient");
        }
        Assert.True(g.synthesis.Blocks[0].@const!.grad!.abs().sum().item<float>() > 0);
        Assert.True(g.mapping.Layers[0].weight.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData(Architecture.Resnet)]
    [InlineData(Architecture.Orig)]
    [InlineData(Architecture.Skip)]
    public void R1DoubleBackwardWorksThroughD(Architecture architecture)
    {
        using var scope = NewDisposeScope();
        using var d = SmallNets.Config(d: architecture).CreateDiscriminator();
        var x = randn(4, 3, 16, 16).requires_grad_(true);
        var logits = d.forward(x);
        var grad = torch.autograd.grad([logits.sum()], [x], create_graph: true, retain_graph: true)[0];
        var penalty = grad.square().sum([1, 2, 3]).mean();
        Assert.True(penalty.item<float>() > 0);
        penalty.backward();
        foreach (var (name, p) in d.named_parameters())
        {
            if (name.StartsWith("b4.out.bias")) continue; // a constant shift has no input gradient
            Assert.NotNull(p.grad);
            Assert.True(isfinite(p.grad!).all().item<bool>(), $"{name} has a non-finite R1 gradient");
        }
        Assert.True(d.b4.fc.weight.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void R1GradientMatchesFiniteDifferencesInFloat64()
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(d: Architecture.Resnet) with { ChannelBase = 64, ChannelMax = 4 };
        using var d = config.CreateDiscriminator();
        d.to(float64);
        var x = randn(2, 3, 16, 16, dtype: float64).requires_grad_(true);
        Tensor Penalty()
        {
            var gr = torch.autograd.grad([d.forward(x).sum()], [x], create_graph: true, retain_graph: true)[0];
            return gr.square().sum();
        }
        var p = d.b4.fc.weight;
        var analytic = torch.autograd.grad([Penalty()], [p])[0];
        // Directional derivative along a random direction.
        var dir = randn_like(p);
        double eps = 1e-6;
        double f0, f1;
        using (no_grad()) p.add_(dir * eps);
        f1 = Penalty().item<double>();
        using (no_grad()) p.sub_(dir * (2 * eps));
        f0 = Penalty().item<double>();
        using (no_grad()) p.add_(dir * eps);
        double numeric = (f1 - f0) / (2 * eps);
        double exact = (analytic * dir).sum().item<double>();
        Assert.True(Math.Abs(numeric - exact) <= 1e-5 * Math.Max(1, Math.Abs(exact)),
            $"numeric {numeric} vs analytic {exact}");
    }

    [Fact]
    public void MinibatchStdGroupsSamplesNAndNPlusNOverG()
    {
        using var scope = NewDisposeScope();
        var layer = new MinibatchStdLayer(4);
        var x = randn(8, 3, 2, 2, dtype: float64);
        var y = layer.forward(x);
        Assert.Equal(new long[] { 8, 4, 2, 2 }, y.shape);
        // N = 8, G = 4: groups {0, 2, 4, 6} and {1, 3, 5, 7}.
        foreach (var members in new[] { new long[] { 0, 2, 4, 6 }, [1, 3, 5, 7] })
        {
            var group = x.index_select(0, tensor(members));
            var std = (group.var([0], unbiased: false) + 1e-8).sqrt().mean().item<double>();
            foreach (var n in members)
                Assert.True(y[n, 3].sub(std).abs().max().item<double>() < 1e-12, $"sample {n}");
        }
        // Changing sample 0 changes the statistic of its group only.
        var x2 = x.clone();
        x2[0].add_(1.0);
        var y2 = layer.forward(x2);
        foreach (var n in new long[] { 0, 2, 4, 6 })
            Assert.NotEqual(y[n, 3, 0, 0].item<double>(), y2[n, 3, 0, 0].item<double>());
        foreach (var n in new long[] { 1, 3, 5, 7 })
            Assert.Equal(y[n, 3, 0, 0].item<double>(), y2[n, 3, 0, 0].item<double>());
        // G = min(group, N); N must be divisible by G.
        Assert.Equal(new long[] { 3, 4, 2, 2 }, layer.forward(x.narrow(0, 0, 3)).shape);
        Assert.Throws<ArgumentException>(() => layer.forward(x.narrow(0, 0, 6)));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public void GroupedAndSplitModulatedConvolutionsAgree(int up, bool demodulate)
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 5, 6, 6, dtype: float64);
        var w = randn(7, 5, 3, 3, dtype: float64);
        var s = randn(3, 5, dtype: float64);
        var f = Resampling.NewFilter().to(float64);
        var a = ModulatedConv2d.Apply(x, w, s, demodulate, up, padding: 1, filter: f,
            formulation: ModulatedConvFormulation.Grouped);
        var b = ModulatedConv2d.Apply(x, w, s, demodulate, up, padding: 1, filter: f,
            formulation: ModulatedConvFormulation.Split);
        Assert.Equal(new long[] { 3, 7, 6 * up, 6 * up }, a.shape);
        Assert.True(a.allclose(b, rtol: 1e-10, atol: 1e-10));
    }

    [Fact]
    public void ModulatedConvolutionMatchesTheDefinition()
    {
        using var scope = NewDisposeScope();
        // One sample, no resampling: W'[o,i] = W[o,i] s[i], d[o] = rsqrt(sum W'^2 + 1e-8), a cross-correlation.
        var x = randn(1, 2, 5, 5, dtype: float64);
        var w = randn(3, 2, 3, 3, dtype: float64);
        var s = randn(1, 2, dtype: float64);
        var wm = w * s.view(1, 2, 1, 1);
        wm = wm * (wm.square().sum([1, 2, 3], keepdim: true) + 1e-8).rsqrt();
        var expected = nn.functional.conv2d(x, wm, padding: [1, 1]);
        var y = ModulatedConv2d.Apply(x, w, s, padding: 1);
        Assert.True(y.allclose(expected, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void UpsamplingConvolutionIsTransposedConvThenFilter()
    {
        using var scope = NewDisposeScope();
        // conv0 (up 2): conv_transpose2d stride 2 with the unflipped [in, out] weight, then the 4x4 filter with
        // gain 4 and padding 1: equivalently, zero-insertion, padding 2 and a correlation with the flipped kernel.
        var x = randn(1, 2, 4, 4, dtype: float64);
        var w = randn(3, 2, 3, 3, dtype: float64);
        var f = Resampling.NewFilter().to(float64);
        var y = Conv2dResample.Apply(x, w, f, up: 2, padding: 1);
        var z = AdaNotebooks.Ops.Upfirdn2d.Apply(x, ones(1, 1, dtype: float64), upX: 2, upY: 2, padX0: 2, padX1: 2,
            padY0: 2, padY1: 2);
        z = z.narrow(2, 0, z.shape[2] - 1).narrow(3, 0, z.shape[3] - 1);
        z = nn.functional.conv2d(z, w.flip(2, 3));
        z = AdaNotebooks.Ops.Upfirdn2d.Apply(z, f, padX0: 1, padX1: 1, padY0: 1, padY1: 1, gain: 4);
        Assert.Equal(new long[] { 1, 3, 8, 8 }, y.shape);
        Assert.True(y.allclose(z, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void ConvClampBoundsTheLayerOutputs()
    {
        using var scope = NewDisposeScope();
        var layer = new SynthesisLayer(4, 4, 8, 8, convClamp: 0.05);
        var y = layer.forward(randn(2, 4, 8, 8) * 100, randn(2, 8), NoiseMode.None);
        Assert.True(y.abs().max().item<float>() <= 0.05f + 1e-7f);
        var conv = new Conv2dLayer(4, 4, 3, activation: Activation.LRelu, convClamp: 0.05);
        Assert.True(conv.forward(randn(2, 4, 8, 8) * 100, gain: 2).abs().max().item<float>() <= 0.1f + 1e-7f);
    }

    [Fact]
    public void FreezeLayersStopsGradientsOfTheFirstLayers()
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config();
        using var d = new Discriminator(0, 16, 3, Architecture.Resnet, config.ChannelBase, config.ChannelMax,
            freezeLayers: 5);
        // Layers from the highest resolution: b16.fromrgb, conv0, conv1, skip, then b8.conv0 (frozen), b8.conv1
        // (trained).
        var frozen = d.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).ToHashSet();
        Assert.Contains("b16.fromrgb.weight", frozen);
        Assert.Contains("b16.skip.weight", frozen);
        Assert.Contains("b8.conv0.weight", frozen);
        Assert.DoesNotContain("b8.conv1.weight", frozen);
        Assert.DoesNotContain("b4.conv.weight", frozen);
    }

    [Fact]
    public void SeedsGiveNumpyRandomStateNormals()
    {
        // numpy.random.RandomState(seed).randn(5), as the reference's generate.py draws z.
        Assert.Equal([1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675],
            LatentSeeds.RandomStateNormals(0, 5));
        Assert.Equal([-1.0856306033005612, 0.9973454465835858, 0.28297849805199204, -1.506294713918092,
            -0.5786002519685364],
            LatentSeeds.RandomStateNormals(123, 5));
        Assert.Equal([0.6484086742306527, 0.6693235306338161, -1.0805437227474493, 0.2845010447986309,
            0.11388773652167104],
            LatentSeeds.RandomStateNormals(4294967295, 5));
        using var scope = NewDisposeScope();
        var z = LatentSeeds.Z([1, 123], 3);
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(1.6243453636632417f, z[0, 0].item<float>());
    }
}
