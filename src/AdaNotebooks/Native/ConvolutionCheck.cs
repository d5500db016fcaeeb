using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Native;

/// <summary>float32 conv2d and its double backward against the same computation in float64, which libtorch never
/// hands to oneDNN. Start-up runs <see cref="FirstWrong"/> to decide whether oneDNN may stay on (see
/// <see cref="OneDnn"/>); `ada doctor` and the tests use the same measures.</summary>
public static class ConvolutionCheck
{
    /// <summary>Largest relative error accepted (float32 rounding is about 1e-7 here).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>max |float32 - float64| / max |float64| of a k x k convolution with "same" padding from c to
    /// <paramref name="outChannels"/> channels on an [n, c, size, size] input. <paramref name="conv32"/> replaces
    /// the float32 convolution (to test the check itself).</summary>
    public static double ForwardError(long n, long c, long size, ulong seed, long outChannels = 8, long kernel = 3,
        Func<Tensor, Tensor, long, Tensor>? conv32 = null)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var x = randn([n, c, size, size], dtype: float64, generator: g);
        var w = randn([outChannels, c, kernel, kernel], dtype: float64, generator: g);
        long pad = kernel / 2;
        var exact = F.conv2d(x, w, padding: [pad, pad]);
        var single = (conv32 ?? Conv)(x.to(float32), w.to(float32), pad).to(float64);
        return ((single - exact).abs().max() / exact.abs().max()).item<double>();
    }

    /// <summary>The same error for what R1 and path-length regularisation do: the gradient of a convolution's output
    /// with respect to its input, built with create_graph, then a backward pass through it to the weight. Both the
    /// input gradient and the weight gradient are compared.</summary>
    public static double DoubleBackwardError(long n, long c, long size, ulong seed)
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

    /// <summary>The shapes start-up checks, where oneDNN went wrong on a CPU where it did: channel counts off its
    /// block of 8 or 16 with batches of 2 or more (the networks' RGB layers and the conv after minibatch-std), the
    /// 1x1 convolution to RGB, and the double backward at small channel counts. About 40 small convolutions.</summary>
    public static string? FirstWrong(Func<Tensor, Tensor, long, Tensor>? conv32 = null)
    {
        ulong seed = 1;
        foreach (long n in new[] { 2L, 4L })
            foreach (long size in new[] { 4L, 8L })
            {
                foreach (long c in new[] { 3L, 17L, 33L, 129L })
                    if (Wrong(ForwardError(n, c, size, seed++, conv32: conv32)) is { } e)
                        return $"conv2d [{n}, {c}, {size}, {size}] 3x3: relative error {e:E1}";
                if (Wrong(ForwardError(n, 32, size, seed++, outChannels: 3, kernel: 1, conv32: conv32)) is { } rgb)
                    return $"conv2d [{n}, 32, {size}, {size}] 1x1 to 3 channels: relative error {rgb:E1}";
                if (conv32 is not null) continue;
                foreach (long c in new[] { 1L, 3L, 5L, 8L, 13L })
                    if (Wrong(DoubleBackwardError(n, c, size, seed++)) is { } e)
                        return $"conv2d double backward [{n}, {c}, {size}, {size}]: relative error {e:E1}";
            }
        return null;
    }

    static double? Wrong(double error) => error <= Tolerance ? null : error;   // NaN counts as wrong

    static Tensor Conv(Tensor x, Tensor w, long pad) => F.conv2d(x, w, padding: [pad, pad]);
}
