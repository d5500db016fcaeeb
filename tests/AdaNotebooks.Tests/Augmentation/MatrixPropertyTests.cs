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
            var composed = ops.Aggregate(eye(3).expand(16, 3, 3),
                (g, op) => g.matmul(op.InverseFactor(parameters[op.Key], 32, 32)));
            // Applying the factors one by one to a point, innermost (last) first, gives the same as the product.
            var point = tensor(new float[] { 3.5f, -7.25f, 1 }).view(1, 3, 1).expand(16, 3, 1);
            var sequential = point;
            for (int k = ops.Count - 1; k >= 0; k--)
                sequential = ops[k].InverseFactor(parameters[ops[k].Key], 32, 32).matmul(sequential);
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
            var c = pipe.EnabledOps(3).OfType<ColorOp>().Aggregate(eye(4).expand(16, 4, 4),
                (m, op) => op.Factor(parameters[op.Key]).matmul(m));
            // det of the RGB block = contrast^3 * saturation^2 * (+-1 for the luma flip): never 0 for finite draws.
            var expected = parameters["contrast"].pow(3).mul(parameters["saturation"].pow(2)).to(float64);
            var det = linalg.det(c[.., ..3, ..3].to(float64)).abs(); // the block applied to RGB
            return det.gt(0).all().item<bool>() && det.div(expected).sub(1).abs().max().item<double>() < 1e-3;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>G_inv from the pipeline's factors times the forward matrix G built here, independently, from
    /// the sampled parameters (ADA-SPEC 1.5: G = F8 F7 ... F1 with the forward factors, in float64) is the
    /// identity.</summary>
    [Fact]
    public void InverseMatrixTimesTheIndependentlyBuiltForwardMatrixIsTheIdentity()
    {
        Prop.ForAll(Draws, d =>
        {
            using var scope = NewDisposeScope();
            const int n = 16, w = 32, h = 24;
            var pipe = new AugmentPipe("bg", d.Percent / 100.0);
            var parameters = pipe.Sample(n, 3, ParameterSource.Random(pipe.P, new Generator((ulong)d.Seed)));
            var gInv = pipe.EnabledOps(3).OfType<GeometricOp>()
                .Aggregate(eye(3).expand(n, 3, 3), (g, op) => g.matmul(op.InverseFactor(parameters[op.Key], w, h)));
            float[] V(string key) => parameters[key].contiguous().data<float>().ToArray();
            var (xflip, rot90, xint, scale, rot, aniso, rotPost, xfrac) = (V("xflip"), V("rotate90"), V("xint"),
                V("scale"), V("rotate"), V("aniso"), V("rotate_post"), V("xfrac"));
            double worst = 0;
            for (int i = 0; i < n; i++)
            {
                double[][,] forward =
                [
                    Scale(1 - 2 * xflip[i], 1),
                    Rotate(-Math.PI / 2 * rot90[i]),
                    Translate(MathF.Round(xint[2 * i] * w), MathF.Round(xint[2 * i + 1] * h)),
                    Scale(scale[i], scale[i]),
                    Rotate(-rot[i]),
                    Scale(aniso[i], 1 / aniso[i]),
                    Rotate(-rotPost[i]),
                    Translate(xfrac[2 * i] * w, xfrac[2 * i + 1] * h),
                ];
                var g = forward.Aggregate(Identity(), (m, f) => Mul(f, m));    // G = F8 ... F1
                var gi = gInv[i].to(float64).contiguous().data<double>().ToArray();
                for (int r = 0; r < 3; r++)
                    for (int c = 0; c < 3; c++)
                    {
                        double sum = 0;
                        for (int k = 0; k < 3; k++) sum += gi[r * 3 + k] * g[k, c];
                        worst = Math.Max(worst, Math.Abs(sum - (r == c ? 1 : 0)));
                    }
            }
            return worst < 1e-4;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>det of every geometric factor equals its closed form (xflip 1 - 2i, scale 1/s^2, the rest 1), and
    /// so does det G_inv = (1 - 2i) / s^2; det of every 4x4 color factor too, signed (contrast c^3, lumaflip
    /// 1 - 2i, saturation s^3 as the reference's factor also scales the unused homogeneous entry, the rest 1),
    /// and det of the RGB block of C = c^3 (1 - 2i) s^2.</summary>
    [Fact]
    public void DeterminantsOfTheFactorsEqualTheirClosedForms()
    {
        Prop.ForAll(Draws, d =>
        {
            using var scope = NewDisposeScope();
            const int n = 16;
            var pipe = new AugmentPipe("bgc", d.Percent / 100.0);
            var prm = pipe.Sample(n, 3, ParameterSource.Random(pipe.P, new Generator((ulong)d.Seed)));
            Tensor P(string key) => prm[key].to(float64);
            var ones64 = ones(n, dtype: float64);
            var flipSign = P("xflip").mul(-2).add(1);
            var lumaSign = P("lumaflip").mul(-2).add(1);
            var geometric = new Dictionary<string, Tensor>
            {
                ["xflip"] = flipSign, ["rotate90"] = ones64, ["xint"] = ones64, ["scale"] = P("scale").pow(-2),
                ["rotate"] = ones64, ["aniso"] = ones64, ["rotate_post"] = ones64, ["xfrac"] = ones64,
            };
            var color = new Dictionary<string, Tensor>
            {
                ["brightness"] = ones64, ["contrast"] = P("contrast").pow(3), ["lumaflip"] = lumaSign,
                ["hue"] = ones64, ["saturation"] = P("saturation").pow(3),
            };
            static void Check(Tensor det, Tensor expected, string what)
            {
                double error = det.sub(expected).abs().div(expected.abs().clamp_min(1)).max().item<double>();
                Assert.True(error < 1e-4, $"det {what}: relative error {error}");
            }
            var ops = pipe.EnabledOps(3);
            Assert.Equal(geometric.Count + color.Count, ops.Count);
            foreach (var op in ops.OfType<GeometricOp>())
                Check(linalg.det(op.InverseFactor(prm[op.Key], 32, 32).to(float64)), geometric[op.Key], op.Key);
            foreach (var op in ops.OfType<ColorOp>())
                Check(linalg.det(op.Factor(prm[op.Key]).to(float64)), color[op.Key], op.Key);
            var gInv = ops.OfType<GeometricOp>()
                .Aggregate(eye(3).expand(n, 3, 3), (g, op) => g.matmul(op.InverseFactor(prm[op.Key], 32, 32)));
            Check(linalg.det(gInv.to(float64)), flipSign.mul(P("scale").pow(-2)), "G_inv");
            var c = ops.OfType<ColorOp>()
                .Aggregate(eye(4).expand(n, 4, 4), (m, op) => op.Factor(prm[op.Key]).matmul(m));
            var rgb = P("contrast").pow(3).mul(lumaSign).mul(P("saturation").pow(2));
            Check(linalg.det(c[.., ..3, ..3].to(float64)), rgb, "C (RGB block)");
            return true;
        }).QuickCheckThrowOnFailure();
    }

    static double[,] Identity() => new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
    static double[,] Translate(double tx, double ty) => new double[,] { { 1, 0, tx }, { 0, 1, ty }, { 0, 0, 1 } };
    static double[,] Scale(double sx, double sy) => new double[,] { { sx, 0, 0 }, { 0, sy, 0 }, { 0, 0, 1 } };
    static double[,] Rotate(double a) =>
        new double[,] { { Math.Cos(a), -Math.Sin(a), 0 }, { Math.Sin(a), Math.Cos(a), 0 }, { 0, 0, 1 } };

    static double[,] Mul(double[,] a, double[,] b)
    {
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) m[i, j] += a[i, k] * b[k, j];
        return m;
    }
}
