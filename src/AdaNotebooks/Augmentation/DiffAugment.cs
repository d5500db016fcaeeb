using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Augmentation;

/// <summary>DiffAugment (Zhao et al. 2020; ADA-SPEC 6), the main alternative to ADA and the comparison method:
/// always-on (p = 1) differentiable augmentation of reals and fakes, policy "color,translation,cutout":
/// brightness x + (u - 0.5); saturation (x - mean_c)(2u) + mean_c; contrast (x - mean)(u + 0.5) + mean;
/// integer translation by up to 1/8 of the size with zero fill; a zeroed square of half the size.</summary>
public sealed class DiffAugment : IAugment
{
    public static readonly IReadOnlyList<string> AllPolicies = ["color", "translation", "cutout"];

    public IReadOnlyList<string> Policy { get; }
    public double TranslationRatio { get; init; } = 0.125;
    public double CutoutRatio { get; init; } = 0.5;
    public Generator? Generator { get; set; }

    /// <summary>DiffAugment has no probability: it always applies its policy.</summary>
    public double P => 1;

    public DiffAugment(string policy = "color,translation,cutout", Generator? generator = null)
    {
        Policy = policy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in Policy)
            if (!AllPolicies.Contains(p))
                throw new ArgumentException($"unknown DiffAugment policy '{p}'; expected a comma-separated subset of " +
                                            $"{string.Join(",", AllPolicies)}");
        Generator = generator;
    }

    Tensor U(Tensor like, params long[] shape) => rand(shape, generator: Generator).to(like.dtype, like.device);

    public Tensor Augment(Tensor x)
    {
        long n = x.shape[0];
        foreach (var p in Policy)
        {
            switch (p)
            {
                case "color":
                    x = x.add(U(x, n, 1, 1, 1).sub(0.5));
                    var meanC = x.mean([1], keepdim: true);
                    x = x.sub(meanC).mul(U(x, n, 1, 1, 1).mul(2)).add(meanC);
                    var mean = x.mean([1, 2, 3], keepdim: true);
                    x = x.sub(mean).mul(U(x, n, 1, 1, 1).add(0.5)).add(mean);
                    break;
                case "translation":
                    x = Translate(x);
                    break;
                case "cutout":
                    x = Cutout(x);
                    break;
            }
        }
        return x;
    }

    /// <summary>Shifts each image by integers drawn uniformly from [-s, s] per axis (s = round(size * ratio)),
    /// filling with zeros. Output pixel (i, j) is input pixel (i - ty, j - tx) of the zero-padded image, picked with
    /// two gathers (rows, then columns): gather's backward is a scatter-add whose backward is a gather again, so
    /// R1 can differentiate through it twice (grid_sample's backward has no derivative in libtorch).</summary>
    Tensor Translate(Tensor x)
    {
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long sx = (long)(w * TranslationRatio + 0.5), sy = (long)(h * TranslationRatio + 0.5);
        var tx = randint(-sx, sx + 1, [n], generator: Generator);
        var ty = randint(-sy, sy + 1, [n], generator: Generator);
        var padded = F.pad(x, [sx, sx, sy, sy]);
        var rows = arange(h).unsqueeze(0).sub(ty.unsqueeze(1)).add(sy).to(x.device);          // [n, h]
        var cols = arange(w).unsqueeze(0).sub(tx.unsqueeze(1)).add(sx).to(x.device);          // [n, w]
        var picked = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * sx));
        return picked.gather(3, cols.view(n, 1, 1, w).expand(n, c, h, w));
    }

    /// <summary>Zeroes a square of side round(size * ratio) at a uniformly drawn position (it may be cut by the
    /// border).</summary>
    Tensor Cutout(Tensor x)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        long cw = (long)(w * CutoutRatio + 0.5), ch = (long)(h * CutoutRatio + 0.5);
        var ox = randint(0, w + (1 - cw % 2), [n], generator: Generator).view(n, 1, 1, 1).to(x.device);
        var oy = randint(0, h + (1 - ch % 2), [n], generator: Generator).view(n, 1, 1, 1).to(x.device);
        var xs = arange(w, device: x.device).view(1, 1, 1, w);
        var ys = arange(h, device: x.device).view(1, 1, h, 1);
        var inX = xs.ge(ox.sub(cw / 2)).logical_and(xs.lt(ox.sub(cw / 2).add(cw)));
        var inY = ys.ge(oy.sub(ch / 2)).logical_and(ys.lt(oy.sub(ch / 2).add(ch)));
        return x.mul(inX.logical_and(inY).logical_not().to(x.dtype));
    }
}
