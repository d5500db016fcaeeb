using System.Collections.Concurrent;
using AdaNotebooks.Augmentation;
using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The non-leak argument (paper, section 2.2) checked on the real pipeline: the operator T that
/// AugmentPipe.Sample and Apply realise on the finite space of <see cref="GlyphSpace"/> is estimated from
/// <see cref="Draws"/> draws per state, compared with the closed form (<see cref="ClosedFormOperator"/>) within
/// sampling error, and shown injective for p &lt; 1 and singular at p = 1. Sampling error is measured, not
/// guessed: the closed form simulates the estimator (<see cref="ClosedFormOperator.SamplingError"/>).</summary>
public class PipelineOperatorTests
{
    const int Draws = 400;

    /// <summary>Estimates by (preset, p), shared by the tests (each costs 16 x 400 pipeline applications).</summary>
    static readonly ConcurrentDictionary<(string, double), StateOperator> Estimates = new();

    static StateOperator Estimate(string preset, double p) => Estimates.GetOrAdd((preset, p), _ =>
    {
        var estimate = PipelineOperator.Estimate(new AugmentPipe(preset, p), GlyphSpace.Images(), Draws,
            new Generator(17));
        estimate.T.DetachFromDisposeScope();
        estimate.States.DetachFromDisposeScope();
        return estimate;
    });

    /// <summary>The estimate's rows, then any state only the closed form reaches.</summary>
    static List<string> Rows(StateOperator estimate, ClosedFormOperator closed) =>
        estimate.Keys.Concat(closed.Keys.Except(estimate.Keys)).ToList();

    /// <summary>The estimate with zero rows appended for <paramref name="rows"/> it never reached.</summary>
    static Tensor Padded(StateOperator estimate, int rows) =>
        nn.functional.pad(estimate.T, [0, 0, 0, rows - estimate.Rows]);

    [Theory]
    [InlineData("xflip")]
    [InlineData("rotate90")]
    [InlineData("xint")]
    [InlineData("lumaflip")]
    [InlineData("blit")]
    [InlineData("blit,lumaflip")]
    public void TheEstimatedOperatorIsTheClosedFormWithinSamplingError(string preset)
    {
        using var scope = NewDisposeScope();
        const double p = 0.5;
        var estimate = Estimate(preset, p);
        // The resampling rings around edges (xflip and rotate90 by up to ~0.25 here), but every output pixel
        // stays nearer its own level than the other one: mapping outputs back to states is never in doubt.
        Assert.InRange(estimate.MaxDeviation, 0, 0.4);
        Assert.Equal(GlyphSpace.States.Select(GlyphSpace.Key), estimate.Keys.Take(GlyphSpace.States.Count));
        var closed = ClosedFormOperator.Of(preset, p);
        var rows = Rows(estimate, closed);
        var t = closed.Matrix(rows).data<double>().ToArray();
        var tHat = Padded(estimate, rows.Count).data<double>().ToArray();
        for (int i = 0; i < t.Length; i++)
        {
            // Entry i is the frequency of the choices that move its state there: binomial, 5 standard errors.
            double tolerance = 5 * Math.Sqrt(t[i] * (1 - t[i]) / Draws) + 1e-12;
            Assert.True(Math.Abs(tHat[i] - t[i]) <= tolerance,
                $"{preset}: T[{rows[i / closed.Inputs]}, state {i % closed.Inputs}] estimated {tHat[i]:0.####}, " +
                $"closed form {t[i]:0.####} (tolerance {tolerance:0.####})");
        }
    }

    [Theory]
    [InlineData("xflip")]
    [InlineData("rotate90")]
    [InlineData("xint")]
    [InlineData("lumaflip")]
    [InlineData("blit,lumaflip")]
    public void TheExactOperatorIsTheClosedForm(string preset)
    {
        using var scope = NewDisposeScope();
        const double p = 0.7;
        var exact = PipelineOperator.Exact(AugmentSpec.Preset(preset), p, GlyphSpace.Images());
        var closed = ClosedFormOperator.Of(preset, p);
        var rows = Rows(exact, closed);
        Assert.Equal(exact.Rows, rows.Count);
        Assert.True(exact.T.allclose(closed.Matrix(rows), rtol: 0, atol: 1e-12), $"{preset}: T differs");
    }

    [Fact]
    public void TheChoicesFollowTheGatesAndTheRoundedShift()
    {
        Assert.Equal([0.75, 0.25], OpChoices.Of("lumaflip", 0.5, 8).Select(c => c.Probability));
        Assert.All(OpChoices.Of("rotate90", 0.4, 8).Zip([0.7, 0.1, 0.1, 0.1]),
            c => Assert.Equal(c.Second, c.First.Probability, 12));
        // xint at 8x8: round(8 t), t uniform in [-1/8, 1/8]: shifts -1, 0, 1 with 1/4, 1/2, 1/4.
        Assert.Equal([(-1, 0.25), (0, 0.5), (1, 0.25)], OpChoices.Shifts(0.125 * 8));
        // At 3x3, |3 t| <= 0.375 always rounds to 0: xint never moves a 3x3 image.
        Assert.Equal([(0, 1.0)], OpChoices.Shifts(0.125 * 3));
        Assert.Equal(1.0, OpChoices.Of("xint", 0.3, 8).Sum(c => c.Probability), 12);
    }

    /// <summary>For the ops whose choices form a group drawn uniformly once the gate opens (identity included),
    /// T = (1 - p) I + p Pi with Pi the mean of the group's permutations, a projector: eigenvalues 1 and 1 - p.
    /// lumaflip (like xflip) inverts with probability p/2, not p: its gate opens with p, then i = floor(2u) picks
    /// the identity half of the time, so Pi = (I + F)/2. Inverting whenever the gate opened would give T = (1 - p)
    /// I + p F, eigenvalues 1 and 1 - 2p: singular at p = 1/2, where x and its inversion F x augment alike.</summary>
    [Theory]
    [InlineData("xflip")]
    [InlineData("rotate90")]
    [InlineData("lumaflip")]
    public void SmallestSingularValueIsOneMinusPAndVanishesAtOne(string op)
    {
        using var scope = NewDisposeScope();
        foreach (var p in new[] { 0.5, 1.0 })
        {
            var estimate = Estimate(op, p);
            var closed = ClosedFormOperator.Of(op, p);
            var rows = Rows(estimate, closed);
            Assert.Equal(1 - p, ClosedFormOperator.Sigma(closed.Matrix(rows)), 9);
            var (error, _) = closed.SamplingError(rows, Draws);
            double sigma = estimate.SmallestSingularValue();
            Assert.True(Math.Abs(sigma - (1 - p)) <= error,
                $"{op} at p = {p}: sigma_min {sigma:0.###}, expected {1 - p} within {error:0.###}");
        }
    }

    /// <summary>The pair an op cannot tell apart at p = 1: a state and its image under one of the op's
    /// choices.</summary>
    static (int, int) MergedPair(string preset, StateOperator estimate)
    {
        var s = GlyphSpace.States[0];
        var other = preset switch
        {
            "xflip" => GlyphSpace.XFlip(s),
            "lumaflip" => GlyphSpace.Invert(s),
            _ => GlyphSpace.Rotate(s, 1),
        };
        return (0, estimate.Keys.ToList().IndexOf(GlyphSpace.Key(other)));
    }

    static double Norm(Tensor t, Tensor v)
    {
        using var scope = NewDisposeScope();
        return t.matmul(v).norm().item<double>();
    }

    [Theory]
    [InlineData("xflip")]
    [InlineData("rotate90")]
    [InlineData("lumaflip")]
    public void DistinctDistributionsStayDistinctBelowOneAndMergeAtOne(string op)
    {
        using var scope = NewDisposeScope();
        const double p = 0.5;
        var estimate = Estimate(op, p);
        var closed = ClosedFormOperator.Of(op, p);
        var (_, error) = closed.SamplingError(Rows(estimate, closed), Draws);
        Prop.ForAll(Gen.Choose(1, 100000).ToArbitrary(), seed =>
        {
            using var inner = NewDisposeScope();
            var generator = new Generator((ulong)seed);
            var x = rand([GlyphSpace.States.Count], dtype: float64, generator: generator);
            var y = rand([GlyphSpace.States.Count], dtype: float64, generator: generator);
            var difference = x.div(x.sum()).sub(y.div(y.sum()));
            double d = difference.norm().item<double>();
            // |T (x - y)| >= sigma_min |x - y| = (1 - p) |x - y|, up to the estimate's error ||T_hat - T||.
            return d > 0 && Norm(estimate.T, difference) >= (1 - p - error) * d;
        }).QuickCheckThrowOnFailure();

        // At p = 1 a state and its flipped (rotated, inverted) version augment alike: distinct, not told apart.
        var merged = Estimate(op, 1.0);
        var (a, b) = MergedPair(op, merged);
        Assert.InRange(b, 1, GlyphSpace.States.Count - 1);
        var pair = zeros(GlyphSpace.States.Count, dtype: float64);
        pair[a] = tensor(1.0);
        pair[b] = tensor(-1.0);
        var (_, errorAtOne) = ClosedFormOperator.Of(op, 1.0).SamplingError(merged.Keys, Draws);
        Assert.True(Norm(merged.T, pair) <= errorAtOne * Math.Sqrt(2),
            $"{op} at p = 1: |T x - T y| = {Norm(merged.T, pair):0.###} for x = state {a}, y = state {b}");
    }

    /// <summary>xint's choices do not form a group: shifts reflect at the edges instead of wrapping, and -1, 0, 1
    /// pixels come with 1/4, 1/2, 1/4. So T is no (1 - p) I + p Pi and sigma_min is not 1 - p; on this space (no
    /// state is a translate of another) it even stays injective at p = 1. What holds: the pipeline realises the
    /// closed form, and T is injective for p &lt; 1 with sigma_min >= 1 - p.</summary>
    [Fact]
    public void TranslationRealisesItsClosedFormAndStaysInjective()
    {
        using var scope = NewDisposeScope();
        foreach (var p in new[] { 0.5, 1.0 })
        {
            var estimate = Estimate("xint", p);
            Assert.Equal(0, estimate.MaxDeviation, 4);   // integer shifts resample exactly
            var closed = ClosedFormOperator.Of("xint", p);
            var rows = Rows(estimate, closed);
            Assert.Equal(estimate.Rows, rows.Count);
            double sigma = ClosedFormOperator.Sigma(closed.Matrix(rows));
            Assert.True(sigma >= 1 - p, $"xint at p = {p}: sigma_min {sigma:0.###} < 1 - p");
            var (error, _) = closed.SamplingError(rows, Draws);
            Assert.True(Math.Abs(estimate.SmallestSingularValue() - sigma) <= error,
                $"xint at p = {p}: estimated sigma_min {estimate.SmallestSingularValue():0.###}, closed form " +
                $"{sigma:0.###} (tolerance {error:0.###})");
        }
    }

    /// <summary>The blits in one resample (flip, quarter turn, translation: one G_inv per image), and with the color
    /// stage's lumaflip after them: T is the product of the ops' operators, injective for p &lt; 1 because each
    /// factor is (its sigma_min is at least the product of theirs), singular at p = 1 because the quarter turn
    /// is.</summary>
    [Theory]
    [InlineData("blit")]
    [InlineData("blit,lumaflip")]
    public void CompositionsStayInjectiveBelowOneAndAreSingularAtOne(string preset)
    {
        using var scope = NewDisposeScope();
        foreach (var p in new[] { 0.5, 1.0 })
        {
            var estimate = Estimate(preset, p);
            var closed = ClosedFormOperator.Of(preset, p);
            var rows = Rows(estimate, closed);
            double sigma = ClosedFormOperator.Sigma(closed.Matrix(rows));
            var (error, _) = closed.SamplingError(rows, Draws);
            double estimated = estimate.SmallestSingularValue();
            Assert.True(Math.Abs(estimated - sigma) <= error,
                $"{preset} at p = {p}: estimated sigma_min {estimated:0.###}, closed form {sigma:0.###} " +
                $"(tolerance {error:0.###})");
            if (p == 1)
            {
                Assert.Equal(0, sigma, 9);
                continue;
            }
            // sigma_min(A B) >= sigma_min(A) sigma_min(B); each op's factor on the states it receives.
            double bound = AugmentSpec.Preset(preset).EnabledOps.Aggregate(1.0, (b, op) =>
            {
                var single = ClosedFormOperator.Of(op, p);
                return b * ClosedFormOperator.Sigma(single.Matrix(single.Keys.ToList()));
            });
            Assert.True(sigma >= bound - 1e-9 && bound > 0.05,
                $"{preset} at p = {p}: sigma_min {sigma:0.###}, product of the ops' {bound:0.###}");
        }
    }
}
