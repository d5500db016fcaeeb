using AdaNotebooks.Augmentation;
using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The non-leak argument (paper, section 2.2): applied with probability p &lt; 1, an augmentation acts on the
/// distribution of images as an invertible linear (Markov) operator, so D can only match the augmented real
/// distribution if G matches the real one. Checked on the finite space of all 3x3 binary grayscale images
/// (512 states), for the discrete ops, with the permutations computed from the pipeline's own inverse
/// matrices and color matrices.</summary>
public class MarkovInvertibilityTests
{
    const int Side = 3, States = 1 << (Side * Side);

    /// <summary>Pixel k of state s is +1 if bit k is set, else -1.</summary>
    static int Pixel(int state, int x, int y) => (state >> (y * Side + x)) & 1;

    /// <summary>The state reached from <paramref name="state"/> when every output pixel samples the input pixel
    /// G_inv maps it to (coordinates centred, wrapped around the 3x3 torus, so integer translation is a
    /// permutation too).</summary>
    static int Warp(int state, double[,] gInv)
    {
        double c = (Side - 1) / 2.0;
        int result = 0;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                double px = x - c, py = y - c;
                double sx = gInv[0, 0] * px + gInv[0, 1] * py + gInv[0, 2] + c;
                double sy = gInv[1, 0] * px + gInv[1, 1] * py + gInv[1, 2] + c;
                int ix = (((int)Math.Round(sx)) % Side + Side) % Side, iy = (((int)Math.Round(sy)) % Side + Side) % Side;
                Assert.True(Math.Abs(sx - Math.Round(sx)) < 1e-5 && Math.Abs(sy - Math.Round(sy)) < 1e-5, "discrete ops map pixels to pixels");
                result |= Pixel(state, ix, iy) << (y * Side + x);
            }
        return result;
    }

    static double[,] ToArray(Tensor m3) => new double[,]
    {
        { m3[0, 0].item<float>(), m3[0, 1].item<float>(), m3[0, 2].item<float>() },
        { m3[1, 0].item<float>(), m3[1, 1].item<float>(), m3[1, 2].item<float>() },
        { 0, 0, 1 },
    };

    /// <summary>Permutation matrix P[s', s] = 1 iff choice maps s to s'.</summary>
    static Tensor Permutation(Func<int, int> map)
    {
        var m = zeros(States, States, dtype: float64);
        for (int s = 0; s < States; s++) m[map(s), s] = 1.0;
        return m;
    }

    /// <summary>The Markov operator of a discrete op with multiplier 1 at probability p: with probability p a choice
    /// is drawn uniformly among all (identity included), otherwise the identity: T = (1 - p) I + p mean_i P_i.</summary>
    static Tensor Operator(IReadOnlyList<Tensor> choices, double p) =>
        eye(States, dtype: float64).mul(1 - p).add(stack(choices).mean([0]).mul(p));

    static IReadOnlyList<Tensor> XFlipChoices() =>
        new[] { 0f, 1f }.Select(i => Permutation(s => Warp(s, ToArray(new XFlipOp().InverseFactor(full(1, i), Side, Side)[0])))).ToList();

    static IReadOnlyList<Tensor> Rotate90Choices() =>
        new[] { 0f, 1f, 2f, 3f }.Select(i => Permutation(s => Warp(s, ToArray(new Rotate90Op().InverseFactor(full(1, i), Side, Side)[0])))).ToList();

    /// <summary>Integer translation by -1, 0, +1 pixels per axis (t = shift / size), wrapped.</summary>
    static IReadOnlyList<Tensor> TranslationChoices() =>
        (from dx in new[] { -1, 0, 1 } from dy in new[] { -1, 0, 1 }
         select Permutation(s => Warp(s, ToArray(new XIntOp().InverseFactor(tensor(new float[] { dx / (float)Side, dy / (float)Side }).view(1, 2), Side, Side)[0])))).ToList();

    /// <summary>Luma flip on grayscale through the pipeline's color matrix: x -> -x, i.e. every bit inverted.</summary>
    static IReadOnlyList<Tensor> LumaFlipChoices() =>
        new[] { 0f, 1f }.Select(i =>
        {
            var m = new LumaFlipOp().Factor(full(1, i));
            double gain = m[0, ..3, ..3].mean([0]).sum().item<float>();
            return Permutation(s => Math.Abs(gain + 1) < 1e-6 ? s ^ (States - 1) : s);
        }).ToList();

    static double SmallestSingularValue(Tensor t) => linalg.svdvals(t).min().item<double>();

    [Fact]
    public void EachDiscreteOpIsAMarkovOperator()
    {
        using var scope = NewDisposeScope();
        foreach (var choices in new[] { XFlipChoices(), Rotate90Choices(), TranslationChoices(), LumaFlipChoices() })
        {
            var t = Operator(choices, 0.6);
            Assert.True(t.ge(0).all().item<bool>());
            Assert.True(t.sum(dim: 0).sub(1).abs().max().item<double>() < 1e-12); // columns are distributions
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.95)]
    public void XFlipSmallestSingularValueIsOneMinusP(double p)
    {
        using var scope = NewDisposeScope();
        // T = (1 - p/2) I + (p/2) F with F an involution: eigenvalues 1 and 1 - p.
        Assert.Equal(1 - p, SmallestSingularValue(Operator(XFlipChoices(), p)), 9);
    }

    [Fact]
    public void DiscreteOpsAreSingularAtPOne()
    {
        using var scope = NewDisposeScope();
        foreach (var choices in new[] { XFlipChoices(), Rotate90Choices(), TranslationChoices(), LumaFlipChoices() })
            Assert.True(SmallestSingularValue(Operator(choices, 1.0)) < 1e-9);
    }

    [Fact]
    public void ComposedOperatorIsInvertibleBelowOneAndRecoversTheDistribution()
    {
        using var scope = NewDisposeScope();
        var sets = new[] { XFlipChoices(), Rotate90Choices(), TranslationChoices(), LumaFlipChoices() };
        Prop.ForAll(Gen.Choose(0, 95).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (percent, seed) =>
        {
            using var inner = NewDisposeScope();
            double p = percent / 100.0;
            var t = sets.Select(c => Operator(c, p)).Aggregate((a, b) => b.matmul(a));
            var sigma = SmallestSingularValue(t);
            var original = rand([States], dtype: float64, generator: new Generator((ulong)seed));
            original = original.div(original.sum());
            var augmented = t.matmul(original);
            var recovered = linalg.solve(t, augmented);
            return sigma > 1e-6 && recovered.sub(original).abs().max().item<double>() < 1e-8;
        }).QuickCheckThrowOnFailure();
    }
}
