using static TorchSharp.torch;
using TorchGenerator = TorchSharp.torch.Generator;

namespace AdaNotebooks.Training;

/// <summary>The generator call the path-length term runs: latents z [N, z_dim] and labels c [N, c_dim] (null when
/// unconditional) to the images [N, C, H, W] and the ws [N, num_ws, w_dim] that produced them. The trainer passes
/// the same call as in G main, style mixing included, and the returned ws must be the tensor the synthesis network
/// read, so that the images are differentiable with respect to it.</summary>
public delegate (Tensor Images, Tensor Ws) PathLengthGeneratorCall(Tensor z, Tensor? c);

/// <summary>One evaluation of the path-length term.</summary>
/// <param name="Loss">The scalar to backpropagate into G: mean over the reduced batch of
/// (images[:, 0, 0, 0] * 0 + penalty * weight), times the gain.</param>
/// <param name="Lengths">The path lengths [N'], one per image, differentiable.</param>
/// <param name="Penalty">(lengths - a)^2 [N'], before the weight, differentiable.</param>
/// <param name="Mean">The running mean a after this evaluation (also stored in <see cref="PathLengthPenalty.Mean"/>).
/// </param>
public sealed record PathLengthResult(Tensor Loss, Tensor Lengths, Tensor Penalty, double Mean);

/// <summary>StyleGAN2's path-length regularisation (Karras et al. 2020, "Analyzing and Improving the Image
/// Quality of StyleGAN", eq. 4), as the reference's StyleGAN2Loss runs it in its "Greg" phase (ADA-SPEC 3).
/// <para>The regulariser is E_{w,y} (||J_w^T y||_2 - a)^2 with y ~ N(0, I) / sqrt(H W): J_w is the Jacobian of
/// the image with respect to w, so J_w^T y = d(sum(g(w) * y)) / dw is one vector-Jacobian product per image,
/// and a is a running mean of the lengths. With ws [N, num_ws, w_dim] the length of image i is
/// sqrt(mean over num_ws of the sum over w_dim of (J^T y)^2). The 1/sqrt(H W) makes the lengths independent
/// of the resolution.</para>
/// <para>Lazy: it runs every <see cref="Interval"/> minibatches (when step % Interval == 0) as its own G
/// optimiser step, on the first batch / <see cref="BatchShrink"/> latents, its loss multiplied by the interval.
/// G's Adam compensates with lr * c and beta^c, c = Interval / (Interval + 1) (<see cref="LazyAdam"/>).</para>
/// <para>The running mean a = lerp(a, mean(lengths), <see cref="Decay"/>) starts at 0; it is training state
/// (<see cref="Mean"/>), to be saved in snapshots and restored on resume. As in the reference, the penalty of
/// the current step uses the updated a without detaching it, so the gradient also flows through the
/// Decay * mean(lengths) part of a; only the stored value is detached.</para></summary>
public sealed class PathLengthPenalty
{
    /// <summary>G_reg_interval: minibatches between two evaluations, and the gain of the loss.</summary>
    public const int Interval = 4;

    /// <summary>pl_batch_shrink: the term runs on batch / BatchShrink latents.</summary>
    public const int BatchShrink = 2;

    /// <summary>pl_decay: the weight of the new mean length in the running mean.</summary>
    public const double Decay = 0.01;

    /// <summary>pl_weight of the auto and paper configurations (the cifar configuration uses 0).</summary>
    public const double DefaultWeight = 2;

    /// <summary>pl_weight: the penalty's factor. 0 turns the term off.</summary>
    public double Weight { get; }

    /// <summary>pl_mean: the running mean a of the path lengths (0 at the start of training). The value is held
    /// in double but is always the float the tensor computation produced, so saving and restoring it is exact.
    /// </summary>
    public double Mean { get; set; }

    public PathLengthPenalty(double weight = DefaultWeight)
    {
        if (!(weight >= 0) || double.IsInfinity(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "path-length weight must be finite and >= 0");
        Weight = weight;
    }

    /// <summary>Whether the term is on (weight &gt; 0).</summary>
    public bool Enabled => Weight > 0;

    /// <summary>Whether the term runs in the minibatch with zero-based index <paramref name="step"/> (counted
    /// before the step's increment, like the reference's batch_idx): step % Interval == 0 and the term is on.
    /// </summary>
    public bool IsDue(long step) => Enabled && step % Interval == 0;

    /// <summary>The reduced batch: batch / BatchShrink (integer division), at least 1.</summary>
    public static int ReducedBatch(long batchSize) => (int)Math.Max(1, batchSize / BatchShrink);

    /// <summary>y = N(0, I) / sqrt(H W), shaped like <paramref name="images"/> [N, C, H, W].</summary>
    public static Tensor Noise(Tensor images, TorchGenerator? generator = null)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"path length: expected images [N, C, H, W], got {Shape(images)}");
        var y = randn(images.shape, dtype: images.dtype, device: images.device, generator: generator);
        return y.div(Math.Sqrt(images.shape[2] * images.shape[3]));
    }

    /// <summary>The path lengths [N]: g = d(sum(images * noise)) / d ws (kept differentiable: create_graph),
    /// then sqrt(mean over num_ws of sum over w_dim of g^2). <paramref name="ws"/> [N, num_ws, w_dim] must be part
    /// of the graph that produced <paramref name="images"/>.</summary>
    public static Tensor Lengths(Tensor images, Tensor ws, Tensor noise)
    {
        if (ws.dim() != 3)
            throw new ArgumentException($"path length: expected ws [N, num_ws, w_dim], got {Shape(ws)}");
        var grad = autograd.grad([images.mul(noise).sum()], [ws], create_graph: true, retain_graph: true)[0];
        return grad.square().sum(2).mean([1]).sqrt();
    }

    /// <summary>One evaluation: runs <paramref name="runG"/> on the first <see cref="ReducedBatch"/> rows of
    /// <paramref name="z"/> (and <paramref name="c"/>), draws the noise, computes the lengths, updates
    /// <see cref="Mean"/> and returns the loss to backpropagate (already multiplied by <paramref name="gain"/>,
    /// the interval by default). The caller zeroes G's gradients before, calls backward on the loss and steps
    /// G's optimiser after.</summary>
    public PathLengthResult Compute(PathLengthGeneratorCall runG, Tensor z, Tensor? c, double gain = Interval,
        TorchGenerator? noiseGenerator = null)
    {
        int n = ReducedBatch(z.shape[0]);
        var (images, ws) = runG(z.narrow(0, 0, n), c?.narrow(0, 0, n));
        var lengths = Lengths(images, ws, Noise(images, noiseGenerator));
        // The running mean lives in the lengths' dtype, as the reference's float32 pl_mean buffer; the weight is
        // a tensor of that dtype too, since 0-dim operands would otherwise promote the lerp to float64.
        var previous = full(Array.Empty<long>(), Mean, dtype: lengths.dtype, device: lengths.device);
        var decay = full(Array.Empty<long>(), Decay, dtype: lengths.dtype, device: lengths.device);
        var mean = previous.lerp(lengths.mean(), decay);
        Mean = mean.detach().to(float64).item<double>();
        var penalty = lengths.sub(mean).square();
        var loss = images.select(1, 0).select(1, 0).select(1, 0).mul(0).add(penalty.mul(Weight)).mean().mul(gain);
        return new PathLengthResult(loss, lengths, penalty, Mean);
    }

    static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
