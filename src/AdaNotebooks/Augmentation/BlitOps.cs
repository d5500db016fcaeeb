using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>x-flip: i = floor(2u) in {0, 1}, factor scale_inv(1 - 2i, 1). Change rate 0.5 p.</summary>
public sealed class XFlipOp : GeometricOp
{
    public override string Name => "xflip";
    public override AugmentCategory Category => AugmentCategory.Blit;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var i = source.Uniform(batch).mul(2).floor();
        return i.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(i));
    }

    public override Tensor IsIdentity(Tensor i, long width, long height) => i.eq(0);

    public override Tensor InverseFactor(Tensor i, long width, long height) => Matrices.Scale2dInv(1 - 2 * i,
        ones_like(i));
}

/// <summary>90-degree rotation: i = floor(4u) in {0..3}, factor rotate_inv(-(pi/2) i). Change rate 0.75 p.</summary>
public sealed class Rotate90Op : GeometricOp
{
    public override string Name => "rotate90";
    public override AugmentCategory Category => AugmentCategory.Blit;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var i = source.Uniform(batch).mul(4).floor();
        return i.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(i));
    }

    public override Tensor IsIdentity(Tensor i, long width, long height) => i.eq(0);

    public override Tensor InverseFactor(Tensor i, long width, long height) =>
        Matrices.Rotate2dInv(i.mul(-Math.PI / 2));
}

/// <summary>Integer translation: t = (2u - 1) xint_max per axis ([B, 2], one gate per image), factor
/// translate_inv(round(t_x W), round(t_y H)) with round half to even.</summary>
public sealed class XIntOp : GeometricOp
{
    public static readonly AugmentStrength Max =
        new("xint_max", 0.125, "integer translation range, fraction of image size");

    public override string Name => "xint";
    public override AugmentCategory Category => AugmentCategory.Blit;
    public override IReadOnlyList<AugmentStrength> Strengths => [Max];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var t = source.Uniform(batch, 2).mul(2).sub(1).mul(spec.Strength(Max));
        return t.where(source.Gate(spec.Multiplier(Name) * source.P, batch, 1), zeros_like(t));
    }

    /// <summary>Identity when both rounded pixel shifts are 0.</summary>
    public override Tensor IsIdentity(Tensor t, long width, long height) =>
        t[.., 0].mul(width).round().eq(0).logical_and(t[.., 1].mul(height).round().eq(0));

    public override Tensor InverseFactor(Tensor t, long width, long height) =>
        Matrices.Translate2dInv(t[.., 0].mul(width).round(), t[.., 1].mul(height).round());
}
