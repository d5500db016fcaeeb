using AdaNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Training;

public class R1Tests
{
    /// <summary>The gradient of the R1 penalty with respect to D's weights (a double backward through D) matches
    /// central finite differences, in float64, on a tiny discriminator.</summary>
    [Fact]
    public void R1GradientMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var d = TinyRuns.Network.CreateDiscriminator();
        d.to(float64);
        var x = rand(4, 3, 16, 16, dtype: float64).mul(2).sub(1);

        double Penalty()
        {
            var xi = x.detach().requires_grad_(true);
            return GanLosses.R1Penalty(d.forward(xi), xi).mean().item<double>();
        }

        var xr = x.detach().requires_grad_(true);
        var penalty = GanLosses.R1Penalty(d.forward(xr), xr).mean();
        var parameters = d.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var grads = autograd.grad([penalty], parameters.Select(p => (Tensor)p.parameter).ToList(), allow_unused: true);
        int checkedCount = 0;
        for (int k = 0; k < parameters.Count; k += Math.Max(1, parameters.Count / 6))
        {
            var (name, p) = parameters[k];
            if (grads[k] is null) continue;
            var flat = p.detach().view(-1);
            long i = flat.shape[0] / 2;
            double h = 1e-6, original = flat[i].item<double>();
            using (no_grad()) flat[i] = original + h;
            double plus = Penalty();
            using (no_grad()) flat[i] = original - h;
            double minus = Penalty();
            using (no_grad()) flat[i] = original;
            double fd = (plus - minus) / (2 * h);
            double analytic = grads[k].reshape(-1)[i].item<double>();
            Assert.True(Math.Abs(analytic - fd) <= 1e-5 * Math.Max(1, Math.Abs(fd)),
                $"{name}[{i}]: analytic {analytic}, finite difference {fd}");
            checkedCount++;
        }
        Assert.True(checkedCount >= 4);
    }
}
