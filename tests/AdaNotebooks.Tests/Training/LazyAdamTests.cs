using AdaNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Training;

public class LazyAdamTests
{
    [Fact]
    public void MatchesTorchSharpsAdamWithoutRegularisation()
    {
        using var scope = NewDisposeScope();
        var a = nn.Linear(4, 3);
        var b = nn.Linear(4, 3);
        b.load_state_dict(a.state_dict());
        var ours = new LazyAdam(a.named_parameters().Select(p => (p.name, p.parameter)), 0.01, 0.0, 0.99);
        var theirs = optim.Adam(b.parameters(), 0.01, 0.0, 0.99, 1e-8);
        var g = new Generator(1);
        for (int i = 0; i < 5; i++)
        {
            var x = randn([8, 4], generator: g);
            ours.ZeroGrad();
            a.forward(x).square().sum().backward();
            ours.StepOnce();
            theirs.zero_grad();
            b.forward(x).square().sum().backward();
            theirs.step();
        }
        Assert.True(a.weight.sub(b.weight).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void LazyRegularisationScalesLearningRateAndBetasAndSanitisesGradients()
    {
        var adam = new LazyAdam([], 0.0025, 0, 0.99, regInterval: 16);
        Assert.Equal(0.0025 * 16 / 17, adam.LearningRate, 12);
        Assert.Equal(Math.Pow(0.99, 16.0 / 17), adam.Beta2, 12);
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(zeros(2));
        var opt = new LazyAdam([("p", p)], 0.1, 0, 0.99);
        p.grad = tensor(new float[] { float.NaN, float.PositiveInfinity });
        opt.StepOnce();
        Assert.True(p.isfinite().all().item<bool>());
        Assert.Equal(0f, p[0].item<float>());
    }

    [Fact]
    public void StateRoundTripsExactly()
    {
        using var scope = NewDisposeScope();
        var p1 = new TorchSharp.Modules.Parameter(ones(3));
        var p2 = new TorchSharp.Modules.Parameter(ones(3));
        var a = new LazyAdam([("w", p1)], 0.1, 0, 0.99);
        p1.grad = tensor(new float[] { 1, 2, 3 });
        a.StepOnce();
        var b = new LazyAdam([("w", p2)], 0.1, 0, 0.99);
        using (no_grad()) p2.copy_(p1.detach());
        b.LoadStateDict(a.StateDict());
        p1.grad = tensor(new float[] { -1, 0.5f, 2 });
        p2.grad = tensor(new float[] { -1, 0.5f, 2 });
        a.StepOnce();
        b.StepOnce();
        Assert.True(p1.eq(p2).all().item<bool>());
        Assert.Equal(2, b.Step);
    }
}
