using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

public class PrecisionRecallTests
{
    /// <summary>A 5 x 4 grid of points with spacing 1, offset by (x, y).</summary>
    static double[] Grid(double x, double y)
        => Enumerable.Range(0, 20).SelectMany(i => new[] { x + i % 5, y + i / 5 }).ToArray();

    static Tensor Points(params double[][] grids)
    {
        var values = grids.SelectMany(g => g).ToArray();
        return tensor(values, [values.Length / 2, 2]);
    }

    [Fact]
    public void ClustersGiveTheKnownFractions()
    {
        // Reals: clusters A (at 0,0) and B (at 100,0). Generated: A shifted by (0.3, 0.2), plus three clusters far
        // away.
        // Generated points in A lie within 0.37 of a real point whose radius is >= 1: inside. The far clusters are
        // inside
        // no real ball. Precision = 20 / 80. Reals in A are inside the generated A balls; reals in B are far from every
        // generated ball: recall = 20 / 40.
        using var scope = NewDisposeScope();
        var real = Points(Grid(0, 0), Grid(100, 0));
        var fake = Points(Grid(0.3, 0.2), Grid(1000, 1000), Grid(2000, 1000), Grid(3000, 1000));
        var (precision, recall) = PrecisionRecall.Compute(real, fake);
        Assert.Equal(0.25, precision, 12);
        Assert.Equal(0.5, recall, 12);
    }

    [Fact]
    public void BatchingDoesNotChangeTheResult()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(21);
        var real = randn(300, 5, dtype: float64, generator: g);
        var fake = randn(250, 5, dtype: float64, generator: g).mul(1.3).add(0.2);
        var whole = PrecisionRecall.Compute(real, fake, 3, batchElements: 1L << 30);
        var batched = PrecisionRecall.Compute(real, fake, 3, batchElements: 1000); // 3 or 4 rows per batch
        Assert.Equal(whole, batched);
        Assert.InRange(whole.Precision, 0.05, 0.999);
        Assert.InRange(whole.Recall, 0.05, 0.999);
    }

    [Fact]
    public void RadiusIsTheDistanceToTheKthNeighbourNotCountingItself()
    {
        using var scope = NewDisposeScope();
        var line = tensor(new[] { 0.0, 1.0, 3.0, 6.0, 10.0 }, [5, 1]);
        Assert.Equal(new[] { 1.0, 1.0, 2.0, 3.0, 4.0 }, PrecisionRecall.Radii(line, 1).data<double>().ToArray());
        Assert.Equal(new[] { 6.0, 5.0, 3.0, 5.0, 9.0 }, PrecisionRecall.Radii(line, 3).data<double>().ToArray());
    }

    [Fact]
    public void IdenticalSetsHaveFullPrecisionAndRecall()
    {
        using var scope = NewDisposeScope();
        var x = randn(100, 16, generator: new Generator(22));
        Assert.Equal((1.0, 1.0), PrecisionRecall.Compute(x, x.clone()));
    }

    [Fact]
    public void NeedsMoreThanKPoints()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => PrecisionRecall.Compute(zeros(3, 2), zeros(10, 2)));
    }
}
