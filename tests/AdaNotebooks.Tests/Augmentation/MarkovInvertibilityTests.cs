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
    const int States = MarkovOperator.States;

    static IReadOnlyList<Tensor> XFlipChoices() => MarkovOperator.Choices("xflip");
    static IReadOnlyList<Tensor> Rotate90Choices() => MarkovOperator.Choices("rotate90");
    static IReadOnlyList<Tensor> TranslationChoices() => MarkovOperator.Choices("xint");
    static IReadOnlyList<Tensor> LumaFlipChoices() => MarkovOperator.Choices("lumaflip");
    static Tensor Operator(IReadOnlyList<Tensor> choices, double p) => MarkovOperator.Operator(choices, p);
    static double SmallestSingularValue(Tensor t) => MarkovOperator.SmallestSingularValue(t);

    [Fact]
    public void ChoicesArePermutationsThatMatchTheOps()
    {
        using var scope = NewDisposeScope();
        foreach (var op in MarkovOperator.Ops)
            foreach (var p in MarkovOperator.Choices(op))
            {
                Assert.Equal(1.0, p.sum(dim: 0).min().item<double>());
                Assert.Equal(1.0, p.sum(dim: 1).max().item<double>());
            }
        // State 1 (only the top-left pixel white): xflip moves it to the top-right, one of the rotations to the
        // bottom-left.
        var flipped = MarkovOperator.Choices("xflip")[1].matmul(nn.functional.one_hot(tensor(1L), States).to(float64))
            .argmax().item<long>();
        Assert.Equal(1L << 2, flipped);
        var rotations = MarkovOperator.Choices("rotate90")
            .Select(p => p.matmul(nn.functional.one_hot(tensor(1L), States).to(float64)).argmax().item<long>())
                .ToHashSet();
        Assert.Equal(new HashSet<long> { 1, 1 << 2, 1 << 6, 1 << 8 }, rotations);
        Assert.Equal(States - 2L, MarkovOperator.Choices("lumaflip")[1].matmul(nn.functional.one_hot(tensor(1L), States)
            .to(float64)).argmax().item<long>());
    }

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
