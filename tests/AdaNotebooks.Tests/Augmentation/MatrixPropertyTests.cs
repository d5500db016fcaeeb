using AdaNotebooks.Augmentation;
using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

public class MatrixPropertyTests
{
    static readonly Arbitrary<(int Seed, int Percent)> Draws =
        Gen.Choose(1, 100000).SelectMany(s => Gen.Choose(0, 150).Select(p => (s, p))).ToArbitrary();

    [Fact]
    public void GeometricMatricesAreInvertibleAndEqualTheOpsAppliedOneByOne()
    {
        Prop.ForAll(Draws, d =>
        {
            using var scope = NewDisposeScope();
            var pipe = new AugmentPipe("bg", d.Percent / 100.0);
            var parameters = pipe.Sample(16, 3, ParameterSource.Random(pipe.P, new Generator((ulong)d.Seed)));
            var ops = pipe.EnabledOps(3).OfType<GeometricOp>().ToList();
            var composed = ops.Aggregate(eye(3).expand(16, 3, 3), (g, op) => g.matmul(op.InverseFactor(parameters[op.Key], 32, 32)));
            // Applying the factors one by one to a point, innermost (last) first, gives the same as the product.
            var point = tensor(new float[] { 3.5f, -7.25f, 1 }).view(1, 3, 1).expand(16, 3, 1);
            var sequential = point;
            for (int k = ops.Count - 1; k >= 0; k--) sequential = ops[k].InverseFactor(parameters[ops[k].Key], 32, 32).matmul(sequential);
            bool same = composed.matmul(point).sub(sequential).abs().max().item<float>() < 1e-3f;
            bool invertible = linalg.det(composed.to(float64)).abs().min().item<double>() > 1e-6;
            return same && invertible;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ColorMatricesAreInvertibleForAnySampledContrastAndSaturation()
    {
        Prop.ForAll(Draws, d =>
        {
            using var scope = NewDisposeScope();
            var pipe = new AugmentPipe("color", d.Percent / 100.0);
            var parameters = pipe.Sample(16, 3, ParameterSource.Random(pipe.P, new Generator((ulong)d.Seed)));
            var c = pipe.EnabledOps(3).OfType<ColorOp>().Aggregate(eye(4).expand(16, 4, 4), (m, op) => op.Factor(parameters[op.Key]).matmul(m));
            // det of the RGB block = contrast^3 * saturation^2 * (+-1 for the luma flip): never 0 for finite draws.
            var expected = parameters["contrast"].pow(3).mul(parameters["saturation"].pow(2)).to(float64);
            var det = linalg.det(c[.., ..3, ..3].to(float64)).abs(); // the block applied to RGB
            return det.gt(0).all().item<bool>() && det.div(expected).sub(1).abs().max().item<double>() < 1e-3;
        }).QuickCheckThrowOnFailure();
    }
}
