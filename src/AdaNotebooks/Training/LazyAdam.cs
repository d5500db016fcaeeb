using static TorchSharp.torch;

namespace AdaNotebooks.Training;

/// <summary>Adam (Kingma and Ba) exactly as PyTorch computes it, with the StyleGAN2 lazy-regularisation
/// compensation: when a regulariser runs every I minibatches, lr and betas become lr * c and beta^c with
/// c = I / (I + 1). Gradients are sanitised first (nan_to_num: NaN -> 0, +-inf -> +-1e5) like the reference.
/// Its state (m, v per parameter, step count) is plain tensors, so snapshots can store it and resume exactly.</summary>
public sealed class LazyAdam
{
    readonly IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Param)> _params;
    readonly Dictionary<string, (Tensor M, Tensor V)> _moments = new();

    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public long Step { get; private set; }

    /// <param name="regInterval">The lazy regulariser's interval I, or null for none.</param>
    public LazyAdam(IEnumerable<(string, TorchSharp.Modules.Parameter)> parameters, double lr, double beta1,
        double beta2, double eps = 1e-8, int? regInterval = null)
    {
        _params = parameters.ToList();
        double c = regInterval is { } i ? i / (i + 1.0) : 1.0;
        LearningRate = lr * c;
        Beta1 = Math.Pow(beta1, c);
        Beta2 = Math.Pow(beta2, c);
        Eps = eps;
    }

    public void ZeroGrad()
    {
        foreach (var (_, p) in _params) p.grad = null;
    }

    /// <summary>One Adam step on every parameter that has a gradient.</summary>
    public void StepOnce()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Step++;
        double bc1 = 1 - Math.Pow(Beta1, Step), bc2 = 1 - Math.Pow(Beta2, Step);
        foreach (var (name, p) in _params)
        {
            var g = p.grad;
            if (g is null) continue;
            g = g.nan_to_num(0, 1e5, -1e5);
            if (!_moments.TryGetValue(name, out var mv))
            {
                mv = (zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope());
                _moments[name] = mv;
            }
            mv.M.mul_(Beta1).add_(g, alpha: 1 - Beta1);
            mv.V.mul_(Beta2).addcmul_(g, g, value: 1 - Beta2);
            var denom = mv.V.sqrt().div(Math.Sqrt(bc2)).add(Eps);
            p.addcdiv_(mv.M, denom, value: -LearningRate / bc1);
        }
    }

    /// <summary>The optimiser state as named tensors (for snapshots): "step", "{param}.m", "{param}.v".</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var sd = new Dictionary<string, Tensor> { ["step"] = tensor(new float[] { Step }) };
        foreach (var (name, (m, v)) in _moments)
        {
            sd[name + ".m"] = m;
            sd[name + ".v"] = v;
        }
        return sd;
    }

    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> sd)
    {
        Step = (long)sd["step"].item<float>();
        foreach (var m in _moments.Values) { m.M.Dispose(); m.V.Dispose(); }
        _moments.Clear();
        foreach (var (name, p) in _params)
            if (sd.TryGetValue(name + ".m", out var m) && sd.TryGetValue(name + ".v", out var v))
            {
                if (!m.shape.SequenceEqual(p.shape))
                    throw new InvalidDataException($"optimiser state for '{name}' has shape " +
                                                   $"[{string.Join(", ", m.shape)}], the parameter " +
                                                   $"[{string.Join(", ", p.shape)}]");
                _moments[name] = (m.to(p.dtype, p.device).clone().DetachFromDisposeScope(), v.to(p.dtype, p.device)
                    .clone().DetachFromDisposeScope());
            }
    }
}
