using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

public class DifferentiabilityTests
{
    public static TheoryData<string, double> OpsAndP()
    {
        var data = new TheoryData<string, double>();
        foreach (var op in AugmentOps.Names)
            foreach (var p in new[] { 0.0, 0.5, 1.0, 1.5 }) data.Add(op, p);
        return data;
    }

    [Theory]
    [MemberData(nameof(OpsAndP))]
    public void EveryOpHasFiniteGradientsAtAnyP(string op, double p)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var x = rand([4, 3, 32, 32], generator: g).mul(2).sub(1).requires_grad_(true);
        var w = randn([4, 3, 32, 32], generator: g);
        var pipe = new AugmentPipe(AugmentSpec.Ops([op]), p) { Generator = new Generator(6) };
        var y = pipe.Augment(x);
        y.mul(w).sum().backward();
        Assert.NotNull(x.grad);
        Assert.True(x.grad!.isfinite().all().item<bool>());
        // the exact identity passes gradients through unchanged
        if (p == 0) Assert.True(x.grad.eq(w).all().item<bool>());
    }

    /// <summary>R1 through the augmentation: penalty(w) = |d/dx D_w(aug(x))|^2 with a tiny nonlinear "discriminator"
    /// D_w(y) = sum(w * tanh(y)); its gradient with respect to w needs the double backward of the resample.
    /// Compared with central finite differences in float64.</summary>
    [Fact]
    public void R1ThroughTheGeometricResampleMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var x = rand([2, 1, 16, 16], generator: g, dtype: float64).mul(2).sub(1);
        var pipe = new AugmentPipe(AugmentSpec.Ops(["rotate", "scale", "xfrac"]));
        var parameters = pipe.Sample(2, 1, ParameterSource.AtPercentile(0.8));

        Tensor Penalty(Tensor w, bool graph)
        {
            var xi = x.detach().requires_grad_(true);
            var d = w.mul(pipe.Apply(xi, parameters).tanh()).sum();
            var grad = autograd.grad([d], [xi], create_graph: graph, retain_graph: graph)[0];
            return grad.square().sum();
        }

        var w0 = randn([2, 1, 16, 16], generator: g, dtype: float64).requires_grad_(true);
        var analytic = autograd.grad([Penalty(w0, graph: true)], [w0])[0];
        double h = 1e-5;
        foreach (var index in new[] { (0, 5, 7), (1, 8, 8), (0, 0, 15), (1, 12, 3) })
        {
            var e = zeros_like(w0);
            e[index.Item1, 0, index.Item2, index.Item3] = 1.0;
            double fd = (Penalty(w0.detach() + h * e, false).item<double>() - Penalty(w0.detach() - h * e, false)
                .item<double>()) / (2 * h);
            double a = analytic[index.Item1, 0, index.Item2, index.Item3].item<double>();
            Assert.True(Math.Abs(a - fd) <= 1e-6 * Math.Max(1, Math.Abs(fd)),
                $"at {index}: analytic {a}, finite difference {fd}");
        }
    }
}
