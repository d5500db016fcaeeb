using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Training;

/// <summary>The StyleGAN2 losses (ADA-SPEC 3): non-saturating logistic loss, R1 on un-augmented reals taken
/// through the augmentation, and bCR's consistency terms.</summary>
public static class GanLosses
{
    /// <summary>G: softplus(-D(aug(G(z)))).</summary>
    public static Tensor Generator(Tensor fakeLogits) => F.softplus(fakeLogits.neg()).mean();

    /// <summary>D: softplus(D(aug(G(z)))) + softplus(-D(aug(x))).</summary>
    public static Tensor Discriminator(Tensor fakeLogits, Tensor realLogits) =>
        F.softplus(fakeLogits).mean().add(F.softplus(realLogits.neg()).mean());

    /// <summary>G's loss as an expectation over D's inputs drawn from a distribution (<paramref name="fakeWeights"/>,
    /// summing to 1; the batch mean is the uniform case): sum_i w_i softplus(-D_i). Differentiable in the weights, so
    /// a generator that is a distribution over finitely many images gets its gradient through them.</summary>
    public static Tensor Generator(Tensor fakeLogits, Tensor fakeWeights) =>
        F.softplus(fakeLogits.neg()).mul(fakeWeights).sum();

    /// <summary>D's loss as an expectation over weighted inputs: sum_i f_i softplus(D_i) + sum_i r_i
    /// softplus(-D_i) with the fakes' and the reals' distributions f and r over the same or other inputs.</summary>
    public static Tensor Discriminator(Tensor fakeLogits, Tensor fakeWeights, Tensor realLogits,
        Tensor realWeights) =>
        F.softplus(fakeLogits).mul(fakeWeights).sum().add(F.softplus(realLogits.neg()).mul(realWeights).sum());

    /// <summary>R1 = (gamma / 2) E[ sum_{c,h,w} (dD(aug(x)) / dx)^2 ], the gradient taken with respect to the
    /// UN-augmented reals <paramref name="reals"/> (which must require grad) and kept differentiable
    /// (create_graph) so D's parameters get its gradient. Returns the per-image penalty [N] before the gamma
    /// factor.</summary>
    public static Tensor R1Penalty(Tensor realLogits, Tensor reals)
    {
        var grad = autograd.grad([realLogits.sum()], [reals], create_graph: true, retain_graph: true)[0];
        return grad.square().sum([1, 2, 3]);
    }

    /// <summary>bCR (Zhao et al. 2020): mean over the batch of (D(x) - D(T(x)))^2.</summary>
    public static Tensor Consistency(Tensor logits, Tensor augmentedLogits) => logits.sub(augmentedLogits).square()
        .mean();
}
