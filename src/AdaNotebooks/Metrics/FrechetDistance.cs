using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Frechet distance between two Gaussians fitted to feature sets (FID with Inception-v3 features):
/// FD = |mu_g - mu_r|^2 + Tr(S_g + S_r - 2 sqrtm(S_g S_r)).
///
/// Only the trace of the matrix square root is needed. S_g S_r is similar to the symmetric positive
/// semi-definite M = S_r^{1/2} S_g S_r^{1/2} (conjugate by S_r^{1/2}), so both have the same real, non-negative
/// eigenvalues l_i and Tr sqrtm(S_g S_r) = sum_i sqrt(l_i). Two symmetric eigen-decompositions (of S_r, then of
/// M) give it in float64 without the complex intermediate values and the ill-conditioned Schur form of a
/// general sqrtm (scipy's route in the reference). Eigenvalues below the numerical rank threshold
/// (l_max * D * machine epsilon, as for a matrix rank) are rounding noise and set to 0: their square roots would
/// otherwise add ~sqrt(eps) errors, which matters for singular covariances (fewer samples than dimensions).</summary>
public static class FrechetDistance
{
    /// <summary>FD between the Gaussians fitted to two feature sets [N, D].</summary>
    public static double Compute(Tensor realFeatures, Tensor fakeFeatures)
    {
        using var real = FeatureStatistics.Of(realFeatures);
        using var fake = FeatureStatistics.Of(fakeFeatures);
        return Compute(real, fake);
    }

    public static double Compute(FeatureStatistics real, FeatureStatistics fake)
        => Compute(real.Mean, real.Covariance, fake.Mean, fake.Covariance);

    /// <summary>FD from means and covariances (any float dtype; computed in float64).</summary>
    public static double Compute(Tensor meanReal, Tensor covReal, Tensor meanFake, Tensor covFake)
    {
        if (meanReal.shape[0] != meanFake.shape[0])
            throw new ArgumentException($"feature dimensions differ: {meanReal.shape[0]} (real) vs " +
                                        $"{meanFake.shape[0]} (generated)");
        using var scope = NewDisposeScope();
        var muR = meanReal.to(float64);
        var muG = meanFake.to(float64);
        var sR = Symmetric(covReal.to(float64));
        var sG = Symmetric(covFake.to(float64));

        var diff = muG - muR;
        double meanTerm = diff.dot(diff).item<double>();
        double traceTerm = sR.trace().item<double>() + sG.trace().item<double>();
        return meanTerm + traceTerm - 2 * TraceSqrtProduct(sR, sG);
    }

    /// <summary>Tr sqrtm(A B) for symmetric positive semi-definite A, B: sum of sqrt(eig(A^{1/2} B A^{1/2})).</summary>
    public static double TraceSqrtProduct(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var rootA = SqrtPsd(Symmetric(a.to(float64)));
        var m = Symmetric(rootA.matmul(b.to(float64)).matmul(rootA));
        return AboveRankThreshold(linalg.eigvalsh(m)).sqrt().sum().item<double>();
    }

    /// <summary>The symmetric square root V diag(sqrt(max(l, 0))) V^T of a symmetric PSD matrix.</summary>
    static Tensor SqrtPsd(Tensor a)
    {
        var (values, vectors) = linalg.eigh(a);
        return vectors.mul(AboveRankThreshold(values).sqrt().unsqueeze(0)).matmul(vectors.t());
    }

    /// <summary>Eigenvalues with those below l_max * D * eps (and all negative ones) set to 0.</summary>
    static Tensor AboveRankThreshold(Tensor eigenvalues)
    {
        const double machineEpsilon = 2.220446049250313e-16; // 2^-52 (double.Epsilon is the smallest denormal instead)
        double threshold = eigenvalues.abs().max().item<double>() * eigenvalues.shape[0] * machineEpsilon;
        return eigenvalues.where(eigenvalues.gt(threshold), 0.0);
    }

    static Tensor Symmetric(Tensor a)
    {
        if (a.dim() != 2 || a.shape[0] != a.shape[1])
            throw new ArgumentException($"expected a square matrix, got shape [{string.Join(", ", a.shape)}]");
        return a.add(a.t()).mul(0.5);
    }
}
