using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;
using TorchGenerator = TorchSharp.torch.Generator;

namespace AdaNotebooks.Tests.Training;

public class PathLengthPenaltyTests
{
    /// <summary>A tiny generator: the mapping network in float32 (it casts its input to float32), the synthesis
    /// network in <paramref name="dtype"/>.</summary>
    static AdaNotebooks.Networks.Generator TinyGenerator(ScalarType dtype)
    {
        random.manual_seed(5);
        var g = TinyRuns.Network.CreateGenerator();
        g.synthesis.to(dtype);
        return g;
    }

    /// <summary>The generator call: mapping (without touching w_avg), ws cast to the synthesis dtype, then
    /// synthesis with its constant noise buffers (deterministic in ws).</summary>
    static PathLengthGeneratorCall Call(AdaNotebooks.Networks.Generator g, Action<Tensor>? seeWs = null) => (z, c) =>
    {
        var dtype = g.synthesis.parameters().First().dtype;
        var ws = g.mapping.forward(z, c, skipWAvgUpdate: true).to(dtype);
        seeWs?.Invoke(ws);
        return (g.synthesis.forward(ws, NoiseMode.Const), ws);
    };

    [Fact]
    public void ConstantsAndScheduleFollowTheReference()
    {
        Assert.Equal(4, PathLengthPenalty.Interval);
        Assert.Equal(2, PathLengthPenalty.BatchShrink);
        Assert.Equal(0.01, PathLengthPenalty.Decay);
        Assert.Equal(16, PathLengthPenalty.ReducedBatch(32));
        Assert.Equal(2, PathLengthPenalty.ReducedBatch(5));
        Assert.Equal(1, PathLengthPenalty.ReducedBatch(1));
        var pl = new PathLengthPenalty();
        Assert.Equal(2, pl.Weight);
        Assert.Equal(0, pl.Mean);
        Assert.Equal(new[] { true, false, false, false, true }, Enumerable.Range(0, 5).Select(s => pl.IsDue(s)));
        Assert.False(new PathLengthPenalty(0).IsDue(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathLengthPenalty(-1));
    }

    /// <summary>For fixed noise y, the length of image i is sqrt(mean_k sum_j (d sum(g(ws) * y) / d ws[i, k, j])^2),
    /// the derivatives taken here by central finite differences in float64 over every component of ws[i]; the
    /// noise is N(0, 1) / sqrt(H W), drawn from the same generator state the penalty uses.</summary>
    [Fact]
    public void LengthsMatchFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var g = TinyGenerator(float64);
        var z = randn(6, g.ZDim, generator: new TorchGenerator(11));
        Tensor? captured = null;
        var pl = new PathLengthPenalty();
        var result = pl.Compute(Call(g, ws => captured = ws), z, null, noiseGenerator: new TorchGenerator(7));

        var ws0 = captured!.detach().clone();
        long n = ws0.shape[0], numWs = ws0.shape[1], wDim = ws0.shape[2];
        Assert.Equal(3, n);
        Assert.Equal(new[] { n }, result.Lengths.shape);
        var img0 = g.synthesis.forward(ws0, NoiseMode.Const);
        long h = img0.shape[2], w = img0.shape[3];
        var y = randn(img0.shape, dtype: float64, generator: new TorchGenerator(7)).div(Math.Sqrt(h * w));

        // Per-image sums of g(ws) * y; the images of a batch do not interact, so perturbing ws[:, k, j] gives
        // the derivative for every image at once.
        double[] PerImage(Tensor ws)
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return g.synthesis.forward(ws, NoiseMode.Const).mul(y).sum([1, 2, 3]).data<double>().ToArray();
        }
        const double step = 1e-5;
        var sumSquares = new double[n, numWs];
        for (long k = 0; k < numWs; k++)
            for (long j = 0; j < wDim; j++)
            {
                var plus = ws0.clone();
                plus[.., k, j] += step;
                var minus = ws0.clone();
                minus[.., k, j] -= step;
                double[] fp = PerImage(plus), fm = PerImage(minus);
                for (int i = 0; i < n; i++)
                {
                    double d = (fp[i] - fm[i]) / (2 * step);
                    sumSquares[i, k] += d * d;
                }
            }
        for (int i = 0; i < n; i++)
        {
            double expected = Math.Sqrt(Enumerable.Range(0, (int)numWs).Average(k => sumSquares[i, k]));
            double actual = result.Lengths[i].item<double>();
            Assert.True(expected > 1e-3, $"image {i}: degenerate length {expected}");
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected,
                $"image {i}: {actual} vs finite differences {expected}");
        }
    }

    /// <summary>Two evaluations: a1 = lerp(0, m1, 0.01) = 0.01 m1, a2 = lerp(a1, m2, 0.01) = 0.99 a1 + 0.01 m2,
    /// with m the mean length of each call; the penalty is (lengths - a)^2 with the updated a and the loss
    /// mean(penalty * weight) * gain.</summary>
    [Fact]
    public void MeanFollowsLerpWithDecay()
    {
        using var scope = NewDisposeScope();
        var g = TinyGenerator(float64);
        var pl = new PathLengthPenalty(weight: 3);
        var z1 = randn(8, g.ZDim, generator: new TorchGenerator(1));
        var z2 = randn(8, g.ZDim, generator: new TorchGenerator(2));
        var r1 = pl.Compute(Call(g), z1, null);
        double m1 = r1.Lengths.mean().item<double>();
        Assert.Equal(4, r1.Lengths.shape[0]);
        Assert.Equal(0.01 * m1, pl.Mean, 15);
        Assert.Equal(pl.Mean, r1.Mean);
        var r2 = pl.Compute(Call(g), z2, null, gain: 5);
        double m2 = r2.Lengths.mean().item<double>();
        Assert.Equal(0.99 * 0.01 * m1 + 0.01 * m2, pl.Mean, 15);
        var lengths = r2.Lengths.detach().data<double>().ToArray();
        double[] penalty = lengths.Select(l => (l - pl.Mean) * (l - pl.Mean)).ToArray();
        var actualPenalty = r2.Penalty.detach().data<double>().ToArray();
        for (int i = 0; i < penalty.Length; i++) Assert.Equal(penalty[i], actualPenalty[i], 12);
        Assert.Equal(penalty.Average() * 3 * 5, r2.Loss.item<double>(), 12);
        Assert.True(m1 > 0 && Math.Abs(m1 - m2) > 1e-6, "the two calls should see different lengths");
    }

    /// <summary>The mean survives a save and restore exactly: in float32 it is a float value, so a double (and
    /// its JSON text) holds it exactly, and a restored instance continues as the original one would. A float32
    /// stand-in for G (tanh of a fixed linear map of ws) keeps libtorch's float32 convolutions out of it.</summary>
    [Fact]
    public void MeanRestoresExactly()
    {
        using var scope = NewDisposeScope();
        var map = randn([2 * 8, 3 * 4 * 4], generator: new TorchGenerator(6)).div(4);
        PathLengthGeneratorCall standIn = (z, c) =>
        {
            var ws = z.reshape(z.shape[0], 2, 8).detach().requires_grad_(true);
            return (ws.reshape(z.shape[0], -1).matmul(map).tanh().reshape(z.shape[0], 3, 4, 4), ws);
        };
        var z = randn([6, 16], generator: new TorchGenerator(3));
        var a = new PathLengthPenalty();
        a.Compute(standIn, z, null, noiseGenerator: new TorchGenerator(4));
        Assert.True(a.Mean > 0);
        Assert.Equal(a.Mean, (double)(float)a.Mean);
        var b = new PathLengthPenalty { Mean = System.Text.Json.JsonSerializer.Deserialize<double>(
            System.Text.Json.JsonSerializer.Serialize(a.Mean)) };
        var ra = a.Compute(standIn, z, null, noiseGenerator: new TorchGenerator(5));
        var rb = b.Compute(standIn, z, null, noiseGenerator: new TorchGenerator(5));
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(ra.Loss.item<float>(), rb.Loss.item<float>());
    }

    /// <summary>The loss reaches every part of G (mapping and synthesis) through the double backward of the
    /// modulated convolutions, with finite, nonzero gradients. The synthesis network runs in float64: libtorch's
    /// float32 CPU convolution (oneDNN) returns wrong or non-finite second-order weight gradients for small
    /// channel counts (see <see cref="Float32ConvolutionDoubleBackwardMatchesFloat64"/>).</summary>
    [Fact]
    public void GradientReachesGeneratorParameters()
    {
        using var scope = NewDisposeScope();
        var g = TinyGenerator(float64);
        var z = randn(8, g.ZDim, generator: new TorchGenerator(9));
        var pl = new PathLengthPenalty { Mean = 0.3 };
        var result = pl.Compute(Call(g), z, null);
        result.Loss.backward();
        var named = g.named_parameters().ToList();
        foreach (var (name, p) in named)
            if (p.grad is { } grad) Assert.True(grad.isfinite().all().item<bool>(), $"{name}: non-finite gradient");
        double Norm(string prefix) => named
            .Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal) && p.parameter.grad is not null)
            .Sum(p => p.parameter.grad!.square().sum().to(float64).item<double>());
        Assert.True(Norm("mapping.") > 0, "no gradient in the mapping network");
        Assert.True(Norm("synthesis.") > 0, "no gradient in the synthesis network");
        var convWeights = named.Where(p => p.name.EndsWith(".conv1.weight", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(convWeights);
        Assert.All(convWeights,
            p => Assert.True(p.parameter.grad is { } gr && gr.abs().sum().to(float64).item<double>() > 0, p.name));
    }

    /// <summary>The loss's gradient with respect to G's parameters (a double backward) matches central finite
    /// differences in float64 (the synthesis network's parameters), with the noise and the running mean held
    /// fixed.</summary>
    [Fact]
    public void PenaltyGradientMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var g = TinyGenerator(float64);
        var z = randn(4, g.ZDim, generator: new TorchGenerator(21));
        var pl = new PathLengthPenalty();
        Tensor Loss()
        {
            pl.Mean = 0.25;
            return pl.Compute(Call(g), z, null, noiseGenerator: new TorchGenerator(8)).Loss;
        }
        var parameters = g.synthesis.named_parameters().ToList();
        var grads = autograd.grad([Loss()], parameters.Select(p => (Tensor)p.parameter).ToList(), allow_unused: true);
        int checkedCount = 0;
        for (int k = 0; k < parameters.Count; k += Math.Max(1, parameters.Count / 8))
        {
            var (name, p) = parameters[k];
            if (grads[k] is null) continue;
            var flat = p.detach().view(-1);
            long i = flat.shape[0] / 2;
            double h = 1e-6, original = flat[i].item<double>();
            using (no_grad()) flat[i] = original + h;
            double plus = Loss().item<double>();
            using (no_grad()) flat[i] = original - h;
            double minus = Loss().item<double>();
            using (no_grad()) flat[i] = original;
            double fd = (plus - minus) / (2 * h);
            double analytic = grads[k].reshape(-1)[i].item<double>();
            Assert.True(Math.Abs(analytic - fd) <= 1e-5 * Math.Max(1, Math.Abs(fd)),
                $"{name}[{i}]: analytic {analytic}, finite difference {fd}");
            checkedCount++;
        }
        Assert.True(checkedCount >= 5);
    }

    /// <summary>Both formulations of the modulated convolution support the double backward the term needs, and
    /// give the same second-order gradient with respect to the weight.</summary>
    [Fact]
    public void DoubleBackwardThroughBothModulatedConvFormulations()
    {
        using var scope = NewDisposeScope();
        var gen = new TorchGenerator(13);
        var x = randn([2, 3, 6, 6], dtype: float64, generator: gen);
        var weight = randn([4, 3, 3, 3], dtype: float64, generator: gen);
        var s = randn([2, 3], dtype: float64, generator: gen);
        var y = randn([2, 4, 6, 6], dtype: float64, generator: gen);
        var results = new List<Tensor>();
        foreach (var formulation in new[] { ModulatedConvFormulation.Split, ModulatedConvFormulation.Grouped })
        {
            var wr = weight.detach().requires_grad_(true);
            var sr = s.detach().requires_grad_(true);
            var outImg = ModulatedConv2d.Apply(x, wr, sr, demodulate: true, padding: 1, formulation: formulation);
            var gs = autograd.grad([outImg.mul(y).sum()], [sr], create_graph: true, retain_graph: true)[0];
            var gw = autograd.grad([gs.square().sum()], [wr])[0];
            Assert.True(gw.isfinite().all().item<bool>() && gw.abs().sum().item<double>() > 0, formulation.ToString());
            results.Add(gw);
        }
        Assert.True(results[0].allclose(results[1], rtol: 1e-9, atol: 1e-12));
    }

    /// <summary>The second-order weight gradient of a plain 3x3 convolution (padding 1, 4 channels, 16x16, batch 4),
    /// the pattern of R1 and of the path-length term, in float32 against float64. With libtorch 2.x through
    /// TorchSharp 0.107 on the CPU, with oneDNN on, this failed on an AVX-512 machine: some draws gave a relative
    /// error near 1, others NaN. Start-up keeps oneDNN only where its convolutions check right (Native/OneDnn.cs).
    /// </summary>
    [Fact]
    public void Float32ConvolutionDoubleBackwardMatchesFloat64()
    {
        using var scope = NewDisposeScope();
        for (int draw = 0; draw < 6; draw++)
        {
            var grads = new List<Tensor>();
            foreach (var dtype in new[] { float32, float64 })
            {
                var gen = new TorchGenerator((ulong)(3 + draw));
                var x = randn([4, 4, 16, 16], generator: gen).to(dtype).requires_grad_(true);
                var w = randn([4, 4, 3, 3], generator: gen).to(dtype).requires_grad_(true);
                var o = nn.functional.conv2d(x, w, padding: [1, 1]);
                var y = randn(o.shape, generator: gen).to(dtype);
                var gx = autograd.grad([o.mul(y).sum()], [x], create_graph: true, retain_graph: true)[0];
                gx.square().sum().backward();
                grads.Add(w.grad!.to(float64));
            }
            double error = grads[0].sub(grads[1]).abs().max().item<double>() / grads[1].abs().max().item<double>();
            Assert.True(error < 1e-4, $"draw {draw}: relative error {error}");
        }
    }
}
