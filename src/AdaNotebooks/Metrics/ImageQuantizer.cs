using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Generated images are judged as the 8-bit images a user would save: like the reference,
/// uint8 = clamp(x * 127.5 + 128, 0, 255), truncated, before any feature extraction.</summary>
public static class ImageQuantizer
{
    /// <summary>Float NCHW images in [-1, 1] to a uint8 tensor of the same shape (on the CPU).</summary>
    public static Tensor ToUInt8(Tensor images)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"expected NCHW images, got shape [{string.Join(", ", images.shape)}]");
        if (images.dtype == ScalarType.Byte) return images.cpu();
        if (!images.is_floating_point())
            throw new ArgumentException($"expected float images in [-1, 1] or uint8, got {images.dtype}");
        using var scope = NewDisposeScope();
        var q = images.detach().cpu().to(float32).mul(127.5).add(128).clamp(0, 255).to(ScalarType.Byte);
        return q.MoveToOuterDisposeScope();
    }
}
