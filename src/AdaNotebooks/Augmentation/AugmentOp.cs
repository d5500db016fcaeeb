using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The stage of the pipeline an op contributes to (ADA-SPEC 1.1, in this order).</summary>
public enum AugmentStage { Geometric, Color, Filter, Corruption }

/// <summary>One augmentation op. Every op has the same shape: it samples its parameter for a batch (drawn,
/// then gated by multiplier * p, identity where the gate stays closed) and later contributes that parameter
/// to its stage. Sampling and application are separate so parameters can be inspected, replayed and tested.</summary>
public abstract class AugmentOp
{
    /// <summary>The key of the parameter in <see cref="AugmentParams"/> (the reference's flag name; the two
    /// arbitrary rotations are "rotate" and "rotate_post").</summary>
    public abstract string Key { get; }

    /// <summary>The flag whose multiplier gates this op.</summary>
    public virtual string Flag => Key;

    public abstract AugmentStage Stage { get; }

    /// <summary>Whether the op takes part for this spec and channel count (hue and saturation need RGB).</summary>
    public virtual bool IsEnabled(AugmentSpec spec, long channels) => spec.Multiplier(Flag) > 0;

    /// <summary>The gated parameter for <paramref name="batch"/> images: [B] or [B, k], float32 on the CPU.</summary>
    public abstract Tensor Sample(ParameterSource source, AugmentSpec spec, long batch);

    /// <summary>Per image: does this parameter leave the image unchanged? [B] bool.</summary>
    public abstract Tensor IsIdentity(Tensor parameter, long width, long height);
}

/// <summary>A blit or general geometric op: contributes a factor right-multiplied into the inverse matrix
/// G_inv (output pixel -> input pixel, ADA-SPEC 1.5).</summary>
public abstract class GeometricOp : AugmentOp
{
    public override AugmentStage Stage => AugmentStage.Geometric;

    /// <summary>[B, 3, 3] factor in pixel units for images of the given size.</summary>
    public abstract Tensor InverseFactor(Tensor parameter, long width, long height);
}

/// <summary>A color op: contributes a 4x4 factor left-multiplied into the color matrix C (ADA-SPEC 1.7).</summary>
public abstract class ColorOp : AugmentOp
{
    public override AugmentStage Stage => AugmentStage.Color;

    /// <summary>[B, 4, 4] factor.</summary>
    public abstract Tensor Factor(Tensor parameter);

    /// <summary>The luma axis v = (1, 1, 1, 0) / sqrt(3).</summary>
    public static readonly double[] LumaAxis = [1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 0];

    protected static Tensor LumaOuter()
    {
        var v = tensor(LumaAxis.Select(x => (float)x).ToArray());
        return v.outer(v);
    }
}
