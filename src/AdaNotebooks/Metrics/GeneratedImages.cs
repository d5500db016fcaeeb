using AdaNotebooks.Data;
using AdaNotebooks.Networks;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Sources of generated images for <see cref="MetricSuite"/>: functions that, asked for n, return n new
/// float NCHW images in [-1, 1].</summary>
public static class GeneratedImages
{
    /// <summary>Latents z ~ N(0, I) of length <paramref name="zDim"/> from a seeded generator, batch after batch,
    /// through <paramref name="generate"/>. Gradients are off.</summary>
    public static Func<int, Tensor> FromLatents(Func<Tensor, Tensor> generate, int zDim, long seed = 0)
    {
        if (zDim < 1) throw new ArgumentException($"latent size {zDim}: expected at least 1");
        var random = new TorchSharp.torch.Generator((ulong)seed);
        return n =>
        {
            using var noGrad = no_grad();
            return generate(randn([n, zDim], generator: random));
        };
    }

    /// <summary>Images of a generator network (normally G_ema) as the reference's metrics draw them: z ~ N(0, I),
    /// per-layer noise random, and for a conditional network labels drawn at random from the dataset's
    /// labels.</summary>
    public static Func<int, Tensor> FromGenerator(Networks.Generator generator, ImageDataset? labels = null,
        double truncationPsi = 1,
                                                  long seed = 0, NoiseMode noiseMode = NoiseMode.Random)
    {
        if (generator.CDim > 0 && labels is not { HasLabels: true })
            throw new ArgumentException($"the generator is conditional ({generator.CDim} classes): metrics need a " +
                                        "labelled dataset to draw labels from");
        var labelRandom = new Random(unchecked((int)seed) ^ 0x5eed);
        return FromLatents(z =>
        {
            Tensor? c = null;
            if (generator.CDim > 0)
            {
                var drawn = Enumerable.Range(0, (int)z.shape[0])
                    .Select(_ => (long)labels!.Label(labelRandom.Next(labels.Count))).ToArray();
                c = nn.functional.one_hot(tensor(drawn), generator.CDim).to(float32);
            }
            return generator.forward(z, c, truncationPsi, noiseMode: noiseMode);
        }, generator.ZDim, seed);
    }
}
