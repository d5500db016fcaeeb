using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The parameters one pass of the pipeline uses for a batch, by op key (see <see cref="AugmentOp.Key"/>),
/// already gated (identity values where an op does not apply to an image). Float32 CPU tensors: inspect them,
/// replay them on other images, or plot their distributions.</summary>
public sealed record AugmentParams(long Batch, long Channels, IReadOnlyDictionary<string, Tensor> Values)
{
    public Tensor this[string key] => Values.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"no parameter '{key}' was sampled; sampled: {string.Join(", ", Values.Keys)}");

    public bool Has(string key) => Values.ContainsKey(key);
}
