using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Isotropic scaling: s = 2^(n scale_std), factor scale_inv(s, s).</summary>
public sealed class ScaleOp : GeometricOp
{
    public static readonly AugmentStrength Std = new("scale_std", 0.2, "log2 std of isotropic scale");

    public override string Name => "scale";
    public override AugmentCategory Category => AugmentCategory.Geom;
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var s = source.Normal(batch).mul(spec.Strength(Std)).exp2();
        return s.where(source.Gate(spec.Multiplier(Name) * source.P, batch), ones_like(s));
    }

    public override Tensor IsIdentity(Tensor s, long width, long height) => s.eq(1);

    public override Tensor InverseFactor(Tensor s, long width, long height) => Matrices.Scale2dInv(s, s);
}

/// <summary>Arbitrary rotation, applied twice: before the anisotropic scaling ("rotate") and after it
/// ("rotate_post"), each with its own angle theta = (2u - 1) pi rotate_max and gate at
/// p_rot = 1 - sqrt(clamp(1 - rotate * p, 0, 1)), so that P(pre or post) = rotate * p. In debug mode the
/// post-rotation angle is 0. Factor rotate_inv(-theta).</summary>
public sealed class RotateOp(bool post) : GeometricOp
{
    public static readonly AugmentStrength Max = new("rotate_max", 1, "rotation range, 1 = full circle");

    public bool Post { get; } = post;

    public override string Name => "rotate";
    public override string Key => Post ? "rotate_post" : "rotate";
    public override AugmentCategory Category => AugmentCategory.Geom;
    public override IReadOnlyList<AugmentStrength> Strengths => [Max];

    /// <summary>p_rot: each of the two rotations' gate probability.</summary>
    public static double GateProbability(double multiplier, double p) => 1 - Math.Sqrt(Math.Clamp(1 - multiplier * p, 0,
        1));

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var theta = source.Uniform(batch).mul(2).sub(1).mul(Math.PI * spec.Strength(Max));
        theta = theta.where(source.Gate(GateProbability(spec.Multiplier(Name), source.P), batch), zeros_like(theta));
        return Post && source.IsDebug ? zeros_like(theta) : theta;
    }

    public override Tensor IsIdentity(Tensor theta, long width, long height) => theta.eq(0);

    public override Tensor InverseFactor(Tensor theta, long width, long height) => Matrices.Rotate2dInv(theta.neg());
}

/// <summary>Anisotropic scaling: s = 2^(n aniso_std), factor scale_inv(s, 1/s).</summary>
public sealed class AnisoOp : GeometricOp
{
    public static readonly AugmentStrength Std = new("aniso_std", 0.2, "log2 std of anisotropic scale");

    public override string Name => "aniso";
    public override AugmentCategory Category => AugmentCategory.Geom;
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var s = source.Normal(batch).mul(spec.Strength(Std)).exp2();
        return s.where(source.Gate(spec.Multiplier(Name) * source.P, batch), ones_like(s));
    }

    public override Tensor IsIdentity(Tensor s, long width, long height) => s.eq(1);

    public override Tensor InverseFactor(Tensor s, long width, long height) => Matrices.Scale2dInv(s, s.reciprocal());
}

/// <summary>Fractional translation: t = n xfrac_std per axis ([B, 2], one gate per image), factor
/// translate_inv(t_x W, t_y H).</summary>
public sealed class XFracOp : GeometricOp
{
    public static readonly AugmentStrength Std =
        new("xfrac_std", 0.125, "std of fractional translation, fraction of image size");

    public override string Name => "xfrac";
    public override AugmentCategory Category => AugmentCategory.Geom;
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var t = source.Normal(batch, 2).mul(spec.Strength(Std));
        return t.where(source.Gate(spec.Multiplier(Name) * source.P, batch, 1), zeros_like(t));
    }

    public override Tensor IsIdentity(Tensor t, long width, long height) => t.eq(0).all(1);

    public override Tensor InverseFactor(Tensor t, long width, long height) =>
        Matrices.Translate2dInv(t[.., 0].mul(width), t[.., 1].mul(height));
}
