using System.Diagnostics;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Native;

/// <summary>What the start-up check found about this CPU's bfloat16 convolutions.</summary>
/// <param name="Use">Whether `--precision auto` trains in bf16 here.</param>
/// <param name="Speedup">fp32 time / bf16 time of the measured layer (forward and backward); NaN if not
/// measured.</param>
/// <param name="Note">One line for `ada doctor`, the notebooks and the run's configuration.</param>
public sealed record ReducedPrecisionState(bool Use, double Speedup, string Note);

/// <summary>The start-up check behind `--precision auto`, run once per process when first needed: bfloat16 is used
/// only where this CPU's bf16 convolutions are right (against float32, within bf16's rounding, on the shapes the
/// networks use: 3x3 and 1x1 convolutions, the strided transposed convolution of G's upsampling, their backward pass
/// and the double backward of R1 and path-length regularisation) and at least <see cref="MinimumSpeedup"/> times
/// faster than float32 on a measured layer (a 3x3 convolution 128 -> 128 at 16x16, batch 32, forward and
/// backward). libtorch runs bf16 convolutions through oneDNN, which uses the CPU's AVX512-BF16 or AMX units where
/// it has them and emulates them (slower than float32) where it has not. The speed is measured first: where bf16 is
/// not fast enough the accuracy cases, slow in emulated bf16, are not run.</summary>
public static class ReducedPrecisionCheck
{
    /// <summary>Largest relative error accepted (|bf16 - fp32| / |fp32| in the Euclidean norm): bf16 keeps 8
    /// significant bits (rounding 2^-9, about 2e-3 per value); measured here 3e-3 to 5e-3 forward and backward and
    /// up to 1.1e-2 for the double backward at 256 channels, the same with oneDNN off (libtorch's own bf16 path), while
    /// a wrong kernel is off by 10 % or more.</summary>
    public const double Tolerance = 3e-2;

    /// <summary>The speed-up over float32 that bf16 must reach on the measured layer to be chosen.</summary>
    public const double MinimumSpeedup = 1.3;

    static readonly Lazy<ReducedPrecisionState> _auto = new(() => Decide(FirstWrong, MeasureSpeedup));

    /// <summary>The decision of `--precision auto` for this process (the check runs on first use).</summary>
    public static ReducedPrecisionState Auto => _auto.Value;

    /// <summary>The decision from a speed measurement and, only where bf16 is fast enough, an accuracy check (null:
    /// right, else what was wrong); the parameters exist so that the tests can check the decision itself.</summary>
    public static ReducedPrecisionState Decide(Func<string?> firstWrong, Func<double> speedup)
    {
        double s;
        try { s = speedup(); }
        catch (Exception e)
        {
            return new ReducedPrecisionState(false, double.NaN, $"fp32 (bf16 timing failed: {e.Message})");
        }
        if (!(s >= MinimumSpeedup))
            return new ReducedPrecisionState(false, s, $"fp32 (bf16 is only {s:0.00}x float32's speed on a 3x3 " +
                                                       $"convolution here; {MinimumSpeedup}x is needed)");
        string? wrong;
        try { wrong = firstWrong(); }
        catch (Exception e) { wrong = $"the check failed ({e.GetType().Name}: {e.Message})"; }
        return wrong is null
            ? new ReducedPrecisionState(true, s, $"bf16 (right on this CPU and {s:0.00}x float32's speed on a 3x3 " +
                                                 "convolution)")
            : new ReducedPrecisionState(false, s, $"fp32 (bf16 is {s:0.00}x float32's speed here but wrong: {wrong})");
    }

    /// <summary>The largest |bf16 - fp32| / |fp32| (Euclidean norms) of a layer's output, its input gradient and its
    /// weight gradient,
    /// and, with <paramref name="doubleBackward"/>, of the gradient of |d sum(y^2) / dx|^2 with respect to the
    /// weight (what R1 computes). <paramref name="layer"/> maps (x, w) to y in x's type.</summary>
    public static double Error(long[] xShape, long[] wShape, Func<Tensor, Tensor, Tensor> layer, ulong seed,
        bool doubleBackward = false)
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(seed);
        var x0 = randn(xShape, generator: g);
        var w0 = randn(wShape, generator: g).div(Math.Sqrt(wShape.Skip(1).Aggregate(1L, (a, b) => a * b)));
        List<Tensor> Run(ScalarType type)
        {
            var x = x0.detach().clone().requires_grad_(true);
            var w = w0.detach().clone().requires_grad_(true);
            var y = F.leaky_relu(layer(x.to(type), w.to(type)), 0.2).to(float32);
            var parts = new List<Tensor> { y.detach().flatten() };
            if (doubleBackward)
            {
                var gx = autograd.grad([y.square().sum()], [x], create_graph: true, retain_graph: true)[0];
                gx.square().sum().backward();
                parts.Add(gx.detach().flatten());
            }
            else
            {
                y.square().sum().backward();
                parts.Add(x.grad!.flatten());
            }
            parts.Add(w.grad!.flatten());
            return parts;
        }
        var single = Run(float32);
        var reduced = Run(bfloat16);
        return single.Zip(reduced).Max(p =>
            (p.Second - p.First).norm().item<float>() / Math.Max(p.First.norm().item<float>(), 1e-30));
    }

    /// <summary>The shapes the check runs (the networks' layer kinds at their small and large widths); null when
    /// every one is right, else the first that is not.</summary>
    public static string? FirstWrong()
    {
        ulong seed = 1;
        Tensor Conv3(Tensor x, Tensor w) => F.conv2d(x, w, padding: [1, 1]);
        Tensor Conv1(Tensor x, Tensor w) => F.conv2d(x, w);
        Tensor Down(Tensor x, Tensor w) => F.conv2d(x, w, strides: [2, 2]);
        Tensor Up(Tensor x, Tensor w) => F.conv_transpose2d(x, w, strides: [2, 2]);
        var cases = new List<(string Name, long[] X, long[] W, Func<Tensor, Tensor, Tensor> Layer, bool Double)>();
        foreach (long c in new[] { 16L, 32L, 128L })
        {
            cases.Add(($"conv2d 3x3 [8, {c}, 16, 16]", [8, c, 16, 16], [c, c, 3, 3], Conv3, false));
            cases.Add(($"conv2d 3x3 stride 2 [8, {c}, 17, 17]", [8, c, 17, 17], [c, c, 3, 3], Down, false));
            cases.Add(($"conv_transpose2d 3x3 stride 2 [8, {c}, 8, 8]", [8, c, 8, 8], [c, c, 3, 3], Up, false));
            cases.Add(($"conv2d 3x3 double backward [8, {c}, 8, 8]", [8, c, 8, 8], [c, c, 3, 3], Conv3, true));
        }
        cases.Add(("conv2d 1x1 to 3 channels [8, 32, 16, 16]", [8, 32, 16, 16], [3, 32, 1, 1], Conv1, false));
        cases.Add(("conv2d 1x1 from 3 channels [8, 3, 16, 16]", [8, 3, 16, 16], [32, 3, 1, 1], Conv1, true));
        cases.Add(("conv2d 3x3 [8, 129, 4, 4]", [8, 129, 4, 4], [129, 129, 3, 3], Conv3, true));
        foreach (var (name, x, w, layer, twice) in cases)
        {
            double e = Error(x, w, layer, seed++, twice);
            if (!(e <= Tolerance)) return $"{name}: relative error {e:E1}";   // NaN counts as wrong
        }
        return null;
    }

    /// <summary>fp32 time / bf16 time of a 3x3 convolution 128 -> 128 on [32, 128, 16, 16], forward and backward,
    /// the best of 5 alternating repetitions each after a warm-up; of the first repetition alone where bf16 took more
    /// than twice float32's time (emulated bf16: more repetitions cannot reach the threshold and each costs a
    /// second).</summary>
    public static double MeasureSpeedup()
    {
        using var scope = NewDisposeScope();
        var x = randn(32, 128, 16, 16);
        var w = randn(128, 128, 3, 3).div(Math.Sqrt(128 * 9));
        double Once(ScalarType type)
        {
            using var inner = NewDisposeScope();
            var xt = x.to(type).requires_grad_(true);
            var wt = w.to(type).requires_grad_(true);
            var sw = Stopwatch.StartNew();
            F.conv2d(xt, wt, padding: [1, 1]).square().sum().backward();
            return sw.Elapsed.TotalSeconds;
        }
        Once(float32);
        Once(bfloat16);
        double best32 = Once(float32), best16 = Once(bfloat16);
        if (best16 > 2 * best32) return best32 / best16;
        for (int i = 1; i < 5; i++)
        {
            best32 = Math.Min(best32, Once(float32));
            best16 = Math.Min(best16, Once(bfloat16));
        }
        return best32 / best16;
    }
}
