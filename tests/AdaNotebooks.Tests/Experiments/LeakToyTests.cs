using AdaNotebooks.Experiments;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The exact toy GAN: it learns the data when the augmentation is invertible, cannot tell a glyph's
/// orientations apart at p = 1, and G's gradient reaches its logits through the augmented distribution.</summary>
public class LeakToyTests
{
    [Fact]
    public void TheDataIsOrientedAndTheRotatedStatesAreItsTurns()
    {
        using var problem = LeakToyProblem.Create("rotate90", 0.5);
        Assert.Equal(18, LeakToyProblem.Upright.Count);
        Assert.Equal(1.0, problem.Data.sum().item<float>(), 5);
        // Three quarter turns of each of the 18 glyphs, none of them a data state.
        Assert.Equal(54, problem.Rotated.sum().item<float>());
        Assert.All(problem.Turned, s => Assert.Equal(1f, problem.Rotated[s].item<float>()));
        Assert.Equal(0f, problem.Rotated.mul(problem.Data).sum().item<float>());
        // W maps distributions over states to distributions over D's inputs.
        Assert.True(problem.Augment.sum(dim: 0).sub(1).abs().max().item<float>() < 1e-5);
        Assert.Equal(0.75, problem.PredictedRotatedAtOne(full(LeakToyProblem.States, 1.0 / 512)), 9);
    }

    [Theory]
    [InlineData(0.0, LeakToyStart.Uniform)]
    [InlineData(0.5, LeakToyStart.Rotated)]
    public void WithAnInvertibleAugmentationGFindsTheData(double p, LeakToyStart start)
    {
        var run = LeakToy.Run(new LeakToyOptions { Op = "rotate90", P = p, Start = start, Steps = 600 });
        if (start == LeakToyStart.Rotated) Assert.True(run.Trajectory[0].Rotated > 0.98);
        Assert.True(run.Tv <= 0.05, $"p = {p}, {start} start: TV {run.Tv:0.###} after 600 steps");
        Assert.True(run.Rotated <= 0.02, $"p = {p}, {start} start: rotated share {run.Rotated:0.###}");
        Assert.NotNull(run.StepsToTv);
        Assert.Equal(600, run.Trajectory[^1].Step);
        Assert.Equal(1.0, run.Distribution.Sum(), 9);
    }

    [Theory]
    [InlineData("rotate90", 0.75)]
    [InlineData("lumaflip", 0.5)]
    public void AtPOneGCannotTellOrientationsApart(string op, double predicted)
    {
        var run = LeakToy.Run(new LeakToyOptions { Op = op, P = 1, Steps = 600 });
        Assert.Equal(predicted, run.PredictedRotatedAtOne, 9);
        // G's mass gathers on the data's orbits, split among their members as it started.
        Assert.InRange(run.Rotated, predicted - 0.01, predicted + 0.001);
        Assert.True(run.Tv >= predicted - 0.01, $"{op}: TV {run.Tv:0.###}");
    }

    [Fact]
    public void ResampledPixelsTellTheOrientationsApartEvenAtPOne()
    {
        // The identity is not resampled and the quarter turns ring: D sees which images were turned, and G learns
        // the data although the augmentation is applied with p = 1.
        var run = LeakToy.Run(new LeakToyOptions
        {
            Op = "rotate90", P = 1, Steps = 500, Pixels = LeakToyPixels.Resampled,
        });
        Assert.True(run.Rotated < 0.1, $"rotated share {run.Rotated:0.###}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void GsGradientFlowsThroughTheAugmentation(double p)
    {
        using var scope = NewDisposeScope();
        using var problem = LeakToyProblem.Create("rotate90", p);
        using var d = new ToyDiscriminator(9, 16, new Generator(3));
        var logits = rand(LeakToyProblem.States, generator: new Generator(4)).requires_grad_();
        var outputs = d.forward(problem.Inputs).detach();
        LeakToy.GeneratorLoss(problem, outputs, logits).backward();
        // dL/dlogit_s = pi_s (g_s - sum_t pi_t g_t) with g = W^T softplus(-D): the loss of state s after
        // augmentation.
        var pi = F.softmax(logits.detach(), 0);
        var g = problem.Augment.t().matmul(F.softplus(outputs.neg()));
        var expected = pi.mul(g.sub(pi.dot(g)));
        Assert.True(logits.grad!.allclose(expected, rtol: 1e-4, atol: 1e-7));
        // A glyph and its quarter turn: told apart below p = 1, alike at p = 1.
        int s = LeakToyProblem.Upright[0], turned = problem.Turned[0];
        double difference = Math.Abs(g[s].item<float>() - g[turned].item<float>());
        if (p < 1) Assert.True(difference > 1e-4, $"p = {p}: augmented losses {g[s].item<float>()} alike");
        else Assert.True(difference < 1e-5, $"p = 1: augmented losses differ by {difference}");
    }

    [Fact]
    public void BadOptionsAreRefusedWithTheValue()
    {
        var xint = Assert.Throws<ArgumentException>(() => LeakToy.Run(new LeakToyOptions { Op = "xint" }));
        Assert.Contains("never moves a 3x3 image", xint.Message);
        var p = Assert.Throws<ArgumentException>(() => LeakToy.Run(new LeakToyOptions { P = 1.5 }));
        Assert.Contains("p 1.5", p.Message);
    }
}
