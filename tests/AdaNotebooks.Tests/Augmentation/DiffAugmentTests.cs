using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

public class DiffAugmentTests
{
    /// <summary>Each image is its input shifted by whole pixels (at most round(16 / 8) = 2 per axis) with zero fill,
    /// and the shifts are really drawn: a batch of 32 has non-zero shifts, of both signs, along both axes.</summary>
    [Fact]
    public void TranslationShiftsByWholePixelsWithZeroFill()
    {
        using var scope = NewDisposeScope();
        const int n = 32, size = 16;
        var x = rand(n, 3, size, size).add(1); // strictly positive, so zero fill is visible
        var y = new DiffAugment("translation", new Generator(3)).Augment(x);
        var shifts = new List<(int Dx, int Dy)>();
        for (int i = 0; i < n; i++)
        {
            // The shift that reproduces the image, searched over twice the allowed range.
            (int, int)? found = null;
            for (int dy = -4; dy <= 4 && found is null; dy++)
                for (int dx = -4; dx <= 4 && found is null; dx++)
                {
                    var shifted = zeros(3, size, size);
                    static TensorIndex To(int d) => TensorIndex.Slice(Math.Max(d, 0), size + Math.Min(d, 0));
                    shifted[.., To(dy), To(dx)] = x[i, .., To(-dy), To(-dx)];
                    if (shifted.eq(y[i]).all().item<bool>()) found = (dx, dy);
                }
            Assert.True(found is not null, $"image {i} is not an integer shift of its input with zero fill");
            shifts.Add(found!.Value);
        }
        Assert.All(shifts, s => Assert.True(Math.Abs(s.Dx) <= 2 && Math.Abs(s.Dy) <= 2, $"shift {s} exceeds 2 pixels"));
        int moved = shifts.Count(s => s != (0, 0));
        Assert.True(moved >= n / 2, $"only {moved} of {n} images moved");
        Assert.Contains(shifts, s => s.Dx > 0);
        Assert.Contains(shifts, s => s.Dx < 0);
        Assert.Contains(shifts, s => s.Dy > 0);
        Assert.Contains(shifts, s => s.Dy < 0);
    }

    [Fact]
    public void CutoutZeroesAHalfSizeSquareAndColorIsDifferentiable()
    {
        using var scope = NewDisposeScope();
        var x = ones(16, 1, 16, 16);
        var y = new DiffAugment("cutout", new Generator(4)).Augment(x);
        var zeroed = y.eq(0).sum([1, 2, 3]).to(float32);
        Assert.True(zeroed.le(64).all().item<bool>());       // an 8x8 square at most
        Assert.True(zeroed.max().item<float>() == 64f);       // fully inside for some image
        var z = rand(4, 3, 8, 8).requires_grad_(true);
        new DiffAugment("color,translation,cutout", new Generator(5)).Augment(z).sum().backward();
        Assert.True(z.grad!.isfinite().all().item<bool>());
        Assert.Throws<ArgumentException>(() => new DiffAugment("colour"));
    }

    [Fact]
    public void R1CanDifferentiateThroughEveryPolicyTwice()
    {
        using var scope = NewDisposeScope();
        var w = randn(1, 3, 8, 8, generator: new Generator(8)).requires_grad_(true);
        var x = rand(4, 3, 8, 8).requires_grad_(true);
        var y = new DiffAugment("color,translation,cutout", new Generator(6)).Augment(x);
        var logits = y.mul(w).sum([1, 2, 3]);
        // R1 = |d logits / d x|^2; its gradient with respect to D's weights needs the second derivative.
        var gradX = autograd.grad([logits.sum()], [x], create_graph: true)[0];
        gradX.square().sum().backward();
        Assert.True(w.grad!.isfinite().all().item<bool>());
        Assert.True(w.grad!.abs().sum().item<float>() > 0);
    }
}
