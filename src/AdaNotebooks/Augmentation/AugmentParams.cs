using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The parameters one pass of the pipeline uses for a batch, by op key (see <see cref="AugmentOp.Key"/>),
/// already gated (identity values where an op does not apply to an image). Float32 CPU tensors: inspect them,
/// replay them on other images, or plot their distributions.</summary>
public sealed record AugmentParams(long Batch, long Channels, IReadOnlyDictionary<string, Tensor> Values)
{
    public Tensor this[string key] => Values.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"no parameter '{key}' was sampled; sampled: " +
                                         $"{string.Join(", ", Values.Keys)}");

    public bool Has(string key) => Values.ContainsKey(key);

    /// <summary>For a <see cref="Subset"/>: the whole batch it was taken from. The geometric stage pads every
    /// image of a batch by one margin computed from the whole batch (as the reference does), and that margin
    /// moves the result by up to ~1e-4; a subset keeps its batch's margin, so an image replayed alone comes out
    /// as it did in its batch.</summary>
    public AugmentParams? Whole { get; init; }

    /// <summary>The parameters of some of the images (e.g. one image, to replay it alone).</summary>
    public AugmentParams Subset(params long[] images)
    {
        var index = tensor(images);
        var values = Values.ToDictionary(v => v.Key, v => v.Value.index_select(0, index));
        return new AugmentParams(images.Length, Channels, values) { Whole = Whole ?? this };
    }
}
