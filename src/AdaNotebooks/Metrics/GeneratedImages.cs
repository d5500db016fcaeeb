using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Sources of generated images for <see cref="MetricSuite"/>: functions that, asked for n, return n new
/// float NCHW images in [-1, 1].</summary>
public static class GeneratedImages
{
    /// <summary>Latents z ~ N(0, I) of length <paramref name="zDim"/> from a seeded generator, batch after batch,
    /// through <paramref name="generate"/> (e.g. z => G_ema(z, c, psi)). Gradients are off.</summary>
    public static Func<int, Tensor> FromLatents(Func<Tensor, Tensor> generate, int zDim, long seed = 0, Device? device = null)
    {
        if (zDim < 1) throw new ArgumentException($"latent size {zDim}: expected at least 1");
        var random = new Generator((ulong)seed);
        return n =>
        {
            using var noGrad = no_grad();
            var z = randn([n, zDim], generator: random);
            if (device is not null) z = z.to(device);
            return generate(z);
        };
    }
}
