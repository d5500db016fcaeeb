using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The ADA augmentation pipeline (Karras et al. 2020, appendix B; ADA-SPEC 1): 18 transformations in
/// five stages, each op applied to an image with probability multiplier * p. Sampling (<see cref="Sample"/>)
/// and application (<see cref="Apply"/>) are separate. Images whose parameters are all identity skip a stage
/// and come out bit-identical, so p = 0 is the exact identity.</summary>
public sealed class AugmentPipe : IAugment
{
    /// <summary>Every op in pipeline order.</summary>
    public static readonly IReadOnlyList<AugmentOp> AllOps =
    [
        new XFlipOp(), new Rotate90Op(), new XIntOp(),
        new ScaleOp(), new RotateOp(post: false), new AnisoOp(), new RotateOp(post: true), new XFracOp(),
        new BrightnessOp(), new ContrastOp(), new LumaFlipOp(), new HueOp(), new SaturationOp(),
        new ImageFilterOp(),
        new NoiseOp(), new CutoutOp(),
    ];

    public AugmentSpec Spec { get; }

    IPSource _p;

    /// <summary>The augmentation probability p (the reference lets it exceed 1; gates then saturate), read from its
    /// source (a p schedule during training). Setting it makes p a constant of this pipe.</summary>
    public double P { get => _p.P; set => _p = new ConstantP(value); }

    /// <summary>Random source for training-time draws; null uses torch's global generator.</summary>
    public Generator? Generator { get; set; }

    public AugmentPipe(AugmentSpec spec, double p = 0, Generator? generator = null)
        : this(spec, new ConstantP(p), generator) { }

    /// <summary>A pipe whose p is owned by <paramref name="p"/> (the trainer passes its p schedule).</summary>
    public AugmentPipe(AugmentSpec spec, IPSource p, Generator? generator = null)
    {
        Spec = spec;
        _p = p;
        Generator = generator;
    }

    public AugmentPipe(string preset, double p = 0, Generator? generator = null) : this(AugmentSpec.Preset(preset), p, generator) { }

    /// <summary>The ops that take part for images with <paramref name="channels"/> channels.</summary>
    public IReadOnlyList<AugmentOp> EnabledOps(long channels) => AllOps.Where(o => o.IsEnabled(Spec, channels)).ToList();

    /// <summary>Draws every enabled op's parameter for a batch.</summary>
    public AugmentParams Sample(long batch, long channels, ParameterSource source)
    {
        if (channels != 1 && channels != 3) throw new ArgumentException($"images must be RGB (3 channels) or L (1 channel), got {channels} channels");
        var values = new Dictionary<string, Tensor>();
        foreach (var op in EnabledOps(channels)) values[op.Key] = op.Sample(source, Spec, batch);
        return new AugmentParams(batch, channels, values);
    }

    /// <summary>Training-time augmentation at probability <see cref="P"/>.</summary>
    public Tensor Augment(Tensor images)
    {
        var source = ParameterSource.Random(P, Generator);
        return Apply(images, Sample(images.shape[0], images.shape[1], source), source);
    }

    /// <summary>The deterministic debug-percentile mode (ADA-SPEC 1.10): every enabled op applied with its
    /// parameter at percentile q.</summary>
    public Tensor AugmentAtPercentile(Tensor images, double q)
    {
        var source = ParameterSource.AtPercentile(q);
        return Apply(images, Sample(images.shape[0], images.shape[1], source), source);
    }

    /// <summary>Applies sampled parameters to images [B, C, H, W]. <paramref name="noiseSource"/> draws the
    /// additive noise itself (random even in debug mode).</summary>
    public Tensor Apply(Tensor images, AugmentParams parameters, ParameterSource? noiseSource = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"expected images [N, C, H, W], got shape [{string.Join(", ", images.shape)}]");
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        if (parameters.Batch != b || parameters.Channels != c)
            throw new ArgumentException($"parameters were sampled for {parameters.Batch} images with {parameters.Channels} channels, got {b} with {c}");
        var ops = EnabledOps(c).Where(o => parameters.Has(o.Key)).ToList();

        // 1. Blit + geometric: one inverse matrix per image, one resample for the images that move.
        var geometric = ops.OfType<GeometricOp>().ToList();
        if (geometric.Count > 0)
        {
            var gInv = eye(3).expand(b, 3, 3);
            var identity = ones(b, ScalarType.Bool);
            foreach (var op in geometric)
            {
                gInv = gInv.matmul(op.InverseFactor(parameters[op.Key], w, h));
                identity = identity.logical_and(op.IsIdentity(parameters[op.Key], w, h));
            }
            images = OnMoving(images, identity, (x, index) =>
                GeometricResample.Apply(x, gInv.index_select(0, index), GeometricResample.Margin(gInv, w, h)));
        }

        // 2. Color: one 4x4 matrix per image, C = factor @ C.
        var color = ops.OfType<ColorOp>().ToList();
        if (color.Count > 0)
        {
            var m = eye(4).expand(b, 4, 4);
            var identity = ones(b, ScalarType.Bool);
            foreach (var op in color)
            {
                m = op.Factor(parameters[op.Key]).matmul(m);
                identity = identity.logical_and(op.IsIdentity(parameters[op.Key], w, h));
            }
            images = OnMoving(images, identity, (x, index) => ApplyColor(x, m.index_select(0, index)));
        }

        // 3. Image-space filtering.
        if (parameters.Has("imgfilter") && ops.Any(o => o is ImageFilterOp))
        {
            var gains = parameters["imgfilter"];
            images = OnMoving(images, gains.eq(1).all(1), (x, index) => ImageFilterOp.Apply(x, gains.index_select(0, index)));
        }

        // 4. Additive noise, 5. cutout.
        if (parameters.Has("noise") && ops.Any(o => o is NoiseOp))
        {
            var sigma = parameters["noise"];
            var source = noiseSource ?? ParameterSource.Random(P, Generator);
            images = OnMoving(images, sigma.eq(0), (x, index) => NoiseOp.Apply(x, sigma.index_select(0, index), source));
        }
        if (parameters.Has("cutout") && ops.Any(o => o is CutoutOp))
        {
            var cut = parameters["cutout"];
            images = OnMoving(images, cut[.., 0].eq(0), (x, index) => CutoutOp.Apply(x, cut.index_select(0, index)));
        }
        return images;
    }

    /// <summary>RGB: out = C[:3, :3] x + C[:3, 3]; grayscale: rows 0..2 of C averaged to one row r,
    /// out = x (r0 + r1 + r2) + r3.</summary>
    public static Tensor ApplyColor(Tensor images, Tensor m)
    {
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        m = m.to(images.dtype, images.device);
        var x = images.reshape(b, c, h * w);
        if (c == 3)
            x = m[.., ..3, ..3].matmul(x).add(m[.., ..3, 3..]);
        else
        {
            var r = m[.., ..3, ..].mean([1], keepdim: true);
            x = x.mul(r[.., .., ..3].sum(2, keepdim: true)).add(r[.., .., 3..]);
        }
        return x.reshape(b, c, h, w);
    }

    /// <summary>Runs a stage only on the images it changes (identity[i] false); the others pass through
    /// untouched (bit-identical). The identity mask lives on the CPU, so this costs no device sync.</summary>
    static Tensor OnMoving(Tensor images, Tensor identity, Func<Tensor, Tensor, Tensor> stage)
    {
        var moving = identity.logical_not().nonzero().flatten();
        long count = moving.shape[0];
        if (count == 0) return images;
        if (count == images.shape[0]) return stage(images, moving);
        var index = moving.to(images.device);
        return images.index_copy(0, index, stage(images.index_select(0, index), moving));
    }
}
