using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Brightness: b = n brightness_std, factor translate3d(b, b, b).</summary>
public sealed class BrightnessOp : ColorOp
{
    public override string Key => "brightness";

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var b = source.Normal(batch).mul(spec.BrightnessStd);
        return b.where(source.Gate(spec.Brightness * source.P, batch), zeros_like(b));
    }

    public override Tensor IsIdentity(Tensor b, long width, long height) => b.eq(0);

    public override Tensor Factor(Tensor b) => Matrices.Translate3d(b, b, b);
}

/// <summary>Contrast: c = 2^(n contrast_std), factor scale3d(c, c, c) (about 0, after brightness).</summary>
public sealed class ContrastOp : ColorOp
{
    public override string Key => "contrast";

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var c = source.Normal(batch).mul(spec.ContrastStd).exp2();
        return c.where(source.Gate(spec.Contrast * source.P, batch), ones_like(c));
    }

    public override Tensor IsIdentity(Tensor c, long width, long height) => c.eq(1);

    public override Tensor Factor(Tensor c) => Matrices.Scale3d(c, c, c);
}

/// <summary>Luma flip: i = floor(2u), factor I - 2 v v^T i (Householder reflection of the luma component).</summary>
public sealed class LumaFlipOp : ColorOp
{
    public override string Key => "lumaflip";

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var i = source.Uniform(batch).mul(2).floor();
        return i.where(source.Gate(spec.LumaFlip * source.P, batch), zeros_like(i));
    }

    public override Tensor IsIdentity(Tensor i, long width, long height) => i.eq(0);

    public override Tensor Factor(Tensor i) => eye(4).sub(LumaOuter().mul(2).unsqueeze(0).mul(i.view(-1, 1, 1)));
}

/// <summary>Hue rotation (RGB only): theta = (2u - 1) pi hue_max, factor: rotation by theta about v.</summary>
public sealed class HueOp : ColorOp
{
    public override string Key => "hue";

    public override bool IsEnabled(AugmentSpec spec, long channels) => spec.Hue > 0 && channels > 1;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var theta = source.Uniform(batch).mul(2).sub(1).mul(Math.PI * spec.HueMax);
        return theta.where(source.Gate(spec.Hue * source.P, batch), zeros_like(theta));
    }

    public override Tensor IsIdentity(Tensor theta, long width, long height) => theta.eq(0);

    public override Tensor Factor(Tensor theta) => Matrices.Rotate3d(LumaAxis, theta);
}

/// <summary>Saturation (RGB only): s = 2^(n saturation_std), factor v v^T + (I - v v^T) s.</summary>
public sealed class SaturationOp : ColorOp
{
    public override string Key => "saturation";

    public override bool IsEnabled(AugmentSpec spec, long channels) => spec.Saturation > 0 && channels > 1;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var s = source.Normal(batch).mul(spec.SaturationStd).exp2();
        return s.where(source.Gate(spec.Saturation * source.P, batch), ones_like(s));
    }

    public override Tensor IsIdentity(Tensor s, long width, long height) => s.eq(1);

    public override Tensor Factor(Tensor s)
    {
        var vv = LumaOuter().unsqueeze(0);
        return vv.add(eye(4).unsqueeze(0).sub(vv).mul(s.view(-1, 1, 1)));
    }
}
