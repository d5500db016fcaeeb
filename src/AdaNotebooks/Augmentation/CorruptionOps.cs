using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Additive RGB noise: sigma = |n| noise_std per image (debug: erfinv(q) noise_std); x += N(0, 1) sigma.
/// The parameter is [B, 2] = (sigma, seed): the noise image is drawn from a generator seeded per image, and
/// the seed is drawn while sampling (random even in debug mode), so the same parameters give the same noise.</summary>
public sealed class NoiseOp : AugmentOp
{
    public static readonly AugmentStrength Std = new("noise_std", 0.1, "std of noise");

    public override string Name => "noise";
    public override AugmentCategory Category => AugmentCategory.Noise;
    public override IReadOnlyList<AugmentStrength> Strengths => [Std];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var sigma = source.IsDebug
            ? full(batch, ParameterSource.ErfInv(source.Percentile!.Value) * (float)spec.Strength(Std))
            : source.Normal(batch).abs().mul(spec.Strength(Std));
        sigma = sigma.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(sigma));
        return stack([sigma, source.Seeds(batch)], 1);
    }

    public override Tensor IsIdentity(Tensor p, long width, long height) => p[.., 0].eq(0);

    /// <summary>Image i gets sigma_i times standard normal noise from a generator seeded with seed_i.</summary>
    public override Tensor Apply(Tensor images, Tensor p)
    {
        var seeds = p[.., 1].cpu().to(ScalarType.Int64).data<long>().ToArray();
        var shape = images.shape[1..];
        var noise = stack(seeds.Select(seed =>
        {
            using var generator = new Generator((ulong)seed);
            return randn(shape, generator: generator);
        }).ToArray());
        var sigma = p[.., 0].to(images.dtype, images.device).view(-1, 1, 1, 1);
        return images.add(noise.to(images.dtype, images.device).mul(sigma));
    }
}

/// <summary>Cutout: a square of side cutout_size (fraction of the image) at centre (u_x, u_y) set to 0;
/// the parameter is [B, 3] = (size, c_x, c_y), size 0 where the gate stays closed. A pixel is kept iff
/// |(x + 0.5)/W - c_x| >= size/2 or |(y + 0.5)/H - c_y| >= size/2.</summary>
public sealed class CutoutOp : AugmentOp
{
    public static readonly AugmentStrength Size = new("cutout_size", 0.5, "cutout side, fraction of image size");

    public override string Name => "cutout";
    public override AugmentCategory Category => AugmentCategory.Cutout;
    public override IReadOnlyList<AugmentStrength> Strengths => [Size];

    public override Tensor Sample(ParameterSource source, AugmentSpec spec, long batch)
    {
        var size = full(batch, (float)spec.Strength(Size));
        size = size.where(source.Gate(spec.Multiplier(Name) * source.P, batch), zeros_like(size));
        var centre = source.Uniform(batch, 2);
        return cat([size.unsqueeze(1), centre], 1);
    }

    public override Tensor IsIdentity(Tensor p, long width, long height) => p[.., 0].eq(0);

    public override Tensor Apply(Tensor images, Tensor p)
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
