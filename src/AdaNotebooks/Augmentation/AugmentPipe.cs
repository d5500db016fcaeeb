using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The ADA augmentation pipeline (Karras et al. 2020, appendix B; ADA-SPEC 1): 18 transformations in
/// five stages, each op applied to an image with probability multiplier * p. Sampling (<see cref="Sample"/>)
/// and application (<see cref="Apply"/>) are separate. Images whose parameters are all identity skip a stage
/// and come out bit-identical, so p = 0 is the exact identity.</summary>
public sealed class AugmentPipe : IAugment
{
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

    public AugmentPipe(string preset, double p = 0, Generator? generator = null) : this(AugmentSpec.Preset(preset), p,
        generator) { }

    /// <summary>The ops that take part for images with <paramref name="channels"/> channels.</summary>
    public IReadOnlyList<AugmentOp> EnabledOps(long channels) =>
        AugmentOps.All.Where(o => o.IsEnabled(Spec, channels)).ToList();

    /// <summary>Draws every enabled op's parameter for a batch.</summary>
    public AugmentParams Sample(long batch, long channels, ParameterSource source)
    {
        if (channels != 1 && channels != 3)
            throw new ArgumentException($"images must be RGB (3 channels) or L (1 channel), got {channels} channels");
        var values = new Dictionary<string, Tensor>();
        foreach (var op in EnabledOps(channels)) values[op.Key] = op.Sample(source, Spec, batch);
        return new AugmentParams(batch, channels, values);
    }

    /// <summary>Training-time augmentation at probability <see cref="P"/>.</summary>
    public Tensor Augment(Tensor images)
    {
        var source = ParameterSource.Random(P, Generator);
        return Apply(images, Sample(images.shape[0], images.shape[1], source));
    }

    /// <summary>The deterministic debug-percentile mode (ADA-SPEC 1.10): every enabled op applied with its
    /// parameter at percentile q.</summary>
    public Tensor AugmentAtPercentile(Tensor images, double q)
    {
        var source = ParameterSource.AtPercentile(q);
        return Apply(images, Sample(images.shape[0], images.shape[1], source));
    }

    /// <summary>Applies sampled parameters to images [B, C, H, W]. Every stage runs the same way: the images
    /// whose parameters for the stage's ops are all identity pass through untouched, the others go through the
    /// stage with their own parameters. The geometric ops are fused into one inverse matrix per image and one
    /// resample, the color ops into one 4x4 matrix; filter, noise and cutout apply their op. Nothing is drawn
    /// here, so the same parameters always give the same images.</summary>
    public Tensor Apply(Tensor images, AugmentParams parameters)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"expected images [N, C, H, W], got shape [{string.Join(", ", images.shape)}]");
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        if (parameters.Batch != b || parameters.Channels != c)
            throw new ArgumentException($"parameters were sampled for {parameters.Batch} images with " +
                                        $"{parameters.Channels} channels, got {b} with {c}");
        var ops = EnabledOps(c).Where(o => parameters.Has(o.Key)).ToList();
        foreach (var stage in Enum.GetValues<AugmentStage>())
        {
            var stageOps = ops.Where(o => o.Stage == stage).ToList();
            if (stageOps.Count == 0) continue;
            var identity = Identity(stageOps, parameters, w, h);
            Func<Tensor, Tensor, Tensor> run = stage switch
            {
                AugmentStage.Geometric => GeometricStage(stageOps.Cast<GeometricOp>(), parameters, w, h),
                AugmentStage.Color => ColorStage(stageOps.Cast<ColorOp>(), parameters, b),
                _ => (x, index) =>
                    stageOps.Aggregate(x, (y, op) => op.Apply(y, parameters[op.Key].index_select(0, index))),
            };
            images = OnMoving(images, identity, run);
        }
        return images;
    }

    /// <summary>Per image [B] (bool): whether the parameters leave it as it is, every op's parameter identity (the
    /// images <see cref="Apply"/> passes through untouched).</summary>
    public Tensor Unchanged(AugmentParams parameters, long width, long height) =>
        Identity(EnabledOps(parameters.Channels).Where(o => parameters.Has(o.Key)), parameters, width, height);

    static Tensor Identity(IEnumerable<AugmentOp> ops, AugmentParams parameters, long width, long height)
    {
        var identity = ones(parameters.Batch, ScalarType.Bool);
        foreach (var op in ops) identity = identity.logical_and(op.IsIdentity(parameters[op.Key], width, height));
        return identity;
    }

    /// <summary>One inverse matrix per image (factors right-multiplied in pipeline order) and one resample with
    /// a margin shared by the whole batch (<see cref="AugmentParams.Whole"/> for a subset), as the reference
    /// computes it.</summary>
    static Func<Tensor, Tensor, Tensor> GeometricStage(IEnumerable<GeometricOp> ops, AugmentParams parameters,
        long w, long h)
    {
        var list = ops.ToList();
        Tensor Compose(AugmentParams prm) => list.Aggregate(eye(3).expand(prm.Batch, 3, 3),
            (g, op) => g.matmul(op.InverseFactor(prm[op.Key], w, h)));
        var gInv = Compose(parameters);
        return (x, index) => GeometricResample.Apply(x, gInv.index_select(0, index),
            GeometricResample.Margin(parameters.Whole is { } whole ? Compose(whole) : gInv, w, h));
    }

    /// <summary>One 4x4 color matrix per image, C = factor @ C in pipeline order.</summary>
    static Func<Tensor, Tensor, Tensor> ColorStage(IEnumerable<ColorOp> ops, AugmentParams parameters, long b)
    {
        var m = ops.Aggregate(eye(4).expand(b, 4, 4), (c, op) => op.Factor(parameters[op.Key]).matmul(c));
        return (x, index) => ColorOp.ApplyMatrix(x, m.index_select(0, index));
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
