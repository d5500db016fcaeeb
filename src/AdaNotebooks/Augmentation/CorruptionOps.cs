using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Additive RGB noise: sigma = |n| noise_std per image (debug: erfinv(q) noise_std); x += N(0, 1) sigma.</summary>
public sealed class NoiseOp : AugmentOp
{
    public override string Key => "noise";
    public override AugmentStage Stage => AugmentStage.Corruption;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var sigma = source.IsDebug
            ? full(batch, ParameterSource.ErfInv(source.Percentile!.Value) * (float)spec.NoiseStd)
            : source.Normal(batch).abs().mul(spec.NoiseStd);
        return sigma.where(source.Gate(spec.Noise * source.P, batch), zeros_like(sigma));
    }

    public override Tensor IsIdentity(Tensor sigma, long width, long height) => sigma.eq(0);

    public static Tensor Apply(Tensor images, Tensor sigma, ParameterSource source) =>
        images.add(source.Noise(images.shape, images.device).to(images.device).mul(sigma.to(images.dtype, images.device).view(-1, 1, 1, 1)));
}

/// <summary>Cutout: a square of side cutout_size (fraction of the image) at centre (u_x, u_y) set to 0;
/// the parameter is [B, 3] = (size, c_x, c_y), size 0 where the gate stays closed. A pixel is kept iff
/// |(x + 0.5)/W - c_x| >= size/2 or |(y + 0.5)/H - c_y| >= size/2.</summary>
public sealed class CutoutOp : AugmentOp
{
    public override string Key => "cutout";
    public override AugmentStage Stage => AugmentStage.Corruption;

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var size = full(batch, (float)spec.CutoutSize);
        size = size.where(source.Gate(spec.Cutout * source.P, batch), zeros_like(size));
        var centre = source.Uniform(batch, 2);
        return cat([size.unsqueeze(1), centre], 1);
    }

    public override Tensor IsIdentity(Tensor p, long width, long height) => p[.., 0].eq(0);

    public static Tensor Apply(Tensor images, Tensor p)
    {
        long h = images.shape[2], w = images.shape[3];
        var q = p.to(images.dtype, images.device);
        var size = q[.., 0].view(-1, 1, 1, 1);
        var x = arange(w, device: images.device, dtype: images.dtype).add(0.5).div(w).view(1, 1, 1, -1);
        var y = arange(h, device: images.device, dtype: images.dtype).add(0.5).div(h).view(1, 1, -1, 1);
        var keepX = x.sub(q[.., 1].view(-1, 1, 1, 1)).abs().ge(size.div(2));
        var keepY = y.sub(q[.., 2].view(-1, 1, 1, 1)).abs().ge(size.div(2));
        return images.mul(keepX.logical_or(keepY).to(images.dtype));
    }
}
