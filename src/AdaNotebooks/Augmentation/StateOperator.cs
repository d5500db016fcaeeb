using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>An augmentation as a Markov operator between finite sets of binary images (pixels -1 or 1):
/// T[s', s] = P(augmenting state s gives state s'). Columns are the input states in their given order; rows are
/// <see cref="States"/>, the inputs first, then every other image an input turned into. A distribution x over
/// the inputs becomes T x after augmentation, so T injective (sigma_min > 0) means distinct distributions stay
/// distinct: D can only match the augmented reals if G matches the reals (the paper's non-leak argument).
/// Built from the real pipeline by <see cref="PipelineOperator"/>.</summary>
/// <param name="T">[rows, inputs] float64; every column sums to 1.</param>
/// <param name="States">[rows, C, H, W] float32, values -1 or 1.</param>
/// <param name="MaxDeviation">The largest distance of a pipeline output pixel from the state it was mapped to
/// (resampling rings around edges; below 0.5 the nearest state is never in doubt).</param>
public sealed record StateOperator(Tensor T, Tensor States, double MaxDeviation)
{
    public int Inputs => (int)T.shape[1];
    public int Rows => (int)T.shape[0];

    /// <summary>Each row's state as a key: one '0' or '1' per value (see <see cref="Key"/>).</summary>
    public IReadOnlyList<string> Keys { get; } = KeysOf(States);

    /// <summary>A binary image's key: '1' where a value is positive, '0' elsewhere, in memory order.</summary>
    public static string Key(Tensor image) => KeysOf(image.unsqueeze(0))[0];

    /// <summary>The keys of images [N, ...].</summary>
    public static IReadOnlyList<string> KeysOf(Tensor images)
    {
        using var positive = images.gt(0).flatten(1).cpu();
        var bits = positive.data<bool>().ToArray();
        int size = (int)positive.shape[1];
        return Enumerable.Range(0, (int)positive.shape[0])
            .Select(i => string.Concat(bits[(i * size)..((i + 1) * size)].Select(b => b ? '1' : '0'))).ToList();
    }

    /// <summary>The smallest singular value of T: 0 iff two distinct input distributions augment alike.</summary>
    public double SmallestSingularValue()
    {
        using var values = linalg.svdvals(T);
        return values.min().item<double>();
    }
}
