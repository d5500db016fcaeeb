using AdaNotebooks.Native;
using AdaNotebooks.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Experiments;

/// <summary>The exact toy GAN of the leak lab: G is a distribution over the 512 binary 3x3 images (softmax of one
/// logit per state), D a small MLP (<see cref="ToyDiscriminator"/>), the data 18 upright glyphs
/// (<see cref="LeakToyProblem"/>), and every input of D, real or fake, goes through the real pipeline's op at p.
/// No minibatches: each step takes the trainer's non-saturating logistic losses as exact expectations over the
/// states and over the op's choices, W q for the reals and W pi for G (<see cref="GanLosses"/>), so G's gradient
/// reaches its logits through the weights W pi. The leak is measured exactly: TV(G, data) and G's mass on the
/// data's rotated versions. For p &lt; 1 the augmentation is invertible and G should find the data; at p = 1 it
/// cannot tell a glyph's orientations apart.</summary>
public static class LeakToy
{
    /// <summary>Steps per <see cref="FinalizerFence"/>.</summary>
    const int FenceSteps = 200;

    /// <summary>Trains one toy GAN and returns its trajectory; <paramref name="onPoint"/> sees every recorded point
    /// as it happens (a notebook can chart the run live).</summary>
    public static LeakToyRun Run(LeakToyOptions options, Action<LeakToyPoint>? onPoint = null)
    {
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var problem = LeakToyProblem.Create(options.Op, options.P, options.Pixels);
        using var d = new ToyDiscriminator(LeakToyProblem.Side * LeakToyProblem.Side, options.Hidden,
            new Generator((ulong)options.Seed));
        using var start = problem.StartLogits(options.Start);
        using var logits = nn.Parameter(start.clone());
        // The trainer's Adam (PyTorch's arithmetic, plain tensors), as every run here uses.
        var optG = new LazyAdam([("logits", logits)], options.LearningRateG, beta1: 0, beta2: 0.99);
        var optD = new LazyAdam(d.named_parameters(), options.LearningRateD, beta1: 0, beta2: 0.99);
        var trajectory = new List<LeakToyPoint>();
        FinalizerFence? fence = null;   // one per FenceSteps steps: a step here is far shorter than a collection
        try
        {
            for (int step = 0; ; step++)
            {
                if (step % FenceSteps == 0) { fence?.Dispose(); fence = FinalizerFence.Enter(); }
                using var scope = NewDisposeScope();
                if (step % options.RecordEvery == 0 || step == options.Steps)
                {
                    var pi = F.softmax(logits.detach(), 0);
                    var point = new LeakToyPoint(step, problem.Tv(pi), problem.RotatedShare(pi));
                    trajectory.Add(point);
                    onPoint?.Invoke(point);
                }
                if (step == options.Steps) break;

                var lossD = DiscriminatorLoss(problem, d.forward(problem.Inputs), logits.detach());
                optD.ZeroGrad();
                lossD.backward();
                optD.StepOnce();

                Tensor after;
                using (no_grad()) after = d.forward(problem.Inputs);
                var lossG = GeneratorLoss(problem, after, logits);
                optG.ZeroGrad();
                lossG.backward();
                optG.StepOnce();
            }
        }
        finally { fence?.Dispose(); }
        using var final = F.softmax(logits.detach().to(float64), 0);
        using var initial = F.softmax(start, 0);
        return new LeakToyRun(options, trajectory, final.data<double>().ToArray(),
            problem.PredictedRotatedAtOne(initial), clock.Elapsed.TotalSeconds);
    }

    /// <summary>D's loss softplus(D(aug(G))) + softplus(-D(aug(x))), expected over the augmented fakes W softmax(G)
    /// and the augmented reals W q; <paramref name="outputs"/> are D's logits for the problem's inputs.</summary>
    public static Tensor DiscriminatorLoss(LeakToyProblem problem, Tensor outputs, Tensor logits)
    {
        using var scope = NewDisposeScope();
        var fake = problem.Augment.matmul(F.softmax(logits, 0));
        var real = problem.Augment.matmul(problem.Data);
        return GanLosses.Discriminator(outputs, fake, outputs, real).MoveToOuterDisposeScope();
    }

    /// <summary>G's loss softplus(-D(aug(G))), expected over W softmax(G): D's outputs are constants here, so the
    /// gradient reaches G's logits through the augmented distribution W softmax(logits) alone.</summary>
    public static Tensor GeneratorLoss(LeakToyProblem problem, Tensor outputs, Tensor logits) =>
        GanLosses.Generator(outputs, problem.Augment.matmul(F.softmax(logits, 0)));
}
