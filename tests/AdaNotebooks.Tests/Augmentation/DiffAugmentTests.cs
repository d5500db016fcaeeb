using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

public class DiffAugmentTests
{
    [Fact]
    public void TranslationShiftsByWholePixelsWithZeroFill()
    {
        using var scope = NewDisposeScope();
        var x = rand(8, 3, 16, 16).add(1); // strictly positive, so zero fill is visible
        var y = new DiffAugment("translation", new Generator(3)).Augment(x);
        for (int i = 0; i < 8; i++)
        {
            // Find the shift that reproduces the image where it is non-zero.
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
                for (int dx = -2; dx <= 2 && !found; dx++)
                {
                    var shifted = zeros(3, 16, 16);
                    shifted[.., Math.Max(dy, 0)..(16 + Math.Min(dy, 0)), Math.Max(dx, 0)..(16 + Math.Min(dx, 0))] =
                        x[i, .., Math.Max(-dy, 0)..(16 + Math.Min(-dy, 0)), Math.Max(-dx, 0)..(16 + Math.Min(-dx, 0))];
                    found = shifted.eq(y[i]).all().item<bool>();
                }
            Assert.True(found, $"image {i} is not an integer shift of its input with zero fill");
        }
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
