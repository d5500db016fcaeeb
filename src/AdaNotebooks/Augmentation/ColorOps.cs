using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Brightness: b = n brightness_std, factor translate3d(b, b, b).</summary>
public sealed class BrightnessOp : ColorOp
{
    public static readonly AugmentStrength Std = new("brightness_std", 0.2, "std of additive brightness");

    public override string Name => "brightness";
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var b = source.Normal(batch).mul(spec.Strength(Std));
        return b.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(b));
    }

    public override Tensor IsIdentity(Tensor b, long width, long height) => b.eq(0);

    public override Tensor Factor(Tensor b) => Matrices.Translate3d(b, b, b);
}

/// <summary>Contrast: c = 2^(n contrast_std), factor scale3d(c, c, c) (about 0, after brightness).</summary>
public sealed class ContrastOp : ColorOp
{
    public static readonly AugmentStrength Std = new("contrast_std", 0.5, "log2 std of contrast");

    public override string Name => "contrast";
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var c = source.Normal(batch).mul(spec.Strength(Std)).exp2();
        return c.where(source.Gate(spec.Multiplier(Name) * source.P, batch), ones_like(c));
    }

    public override Tensor IsIdentity(Tensor c, long width, long height) => c.eq(1);

    public override Tensor Factor(Tensor c) => Matrices.Scale3d(c, c, c);
}

/// <summary>Luma flip: i = floor(2u), factor I - 2 v v^T i (Householder reflection of the luma component).</summary>
public sealed class LumaFlipOp : ColorOp
{
    public override string Name => "lumaflip";

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var i = source.Uniform(batch).mul(2).floor();
        return i.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(i));
    }

    public override Tensor IsIdentity(Tensor i, long width, long height) => i.eq(0);

    public override Tensor Factor(Tensor i) => eye(4).sub(LumaOuter().mul(2).unsqueeze(0).mul(i.view(-1, 1, 1)));
}

/// <summary>Hue rotation (RGB only): theta = (2u - 1) pi hue_max, factor: rotation by theta about v.</summary>
public sealed class HueOp : ColorOp
{
    public static readonly AugmentStrength Max = new("hue_max", 1, "hue rotation range, 1 = full circle");

    public override string Name => "hue";
    public override IReadOnlyList<AugmentStrength> Strengths => [Max];
    public override bool RgbOnly => true;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var theta = source.Uniform(batch).mul(2).sub(1).mul(Math.PI * spec.Strength(Max));
        return theta.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(theta));
    }

    public override Tensor IsIdentity(Tensor theta, long width, long height) => theta.eq(0);

    public override Tensor Factor(Tensor theta) => Matrices.Rotate3d(LumaAxis, theta);
}

/// <summary>Saturation (RGB only): s = 2^(n saturation_std), factor v v^T + (I - v v^T) s.</summary>
public sealed class SaturationOp : ColorOp
{
    public static readonly AugmentStrength Std = new("saturation_std", 1, "log2 std of saturation");

    public override string Name => "saturation";
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];
    public override bool RgbOnly => true;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var s = source.Normal(batch).mul(spec.Strength(Std)).exp2();
        return s.where(source.Gate(spec.Multiplier(Name) * source.P, batch), ones_like(s));
    }

    public override Tensor IsIdentity(Tensor s, long width, long height) => s.eq(1);

    public override Tensor Factor(Tensor s)
    {
        var vv = LumaOuter().unsqueeze(0);
        return vv.add(eye(4).unsqueeze(0).sub(vv).mul(s.view(-1, 1, 1)));
    }
}
