using System.Globalization;
using System.Net;
using AdaNotebooks.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Interactive;

/// <summary>A tensor that looks like images (NCHW or CHW, 1 or 3 channels) renders as an image grid;
/// anything else as its shape and a few statistics.</summary>
public static class TensorHtml
{
    public static string Render(Tensor t)
    {
        var shape = "[" + string.Join(", ", t.shape) + "]";
        if (!LooksLikeImages(t))
            return $"<div><code>Tensor {shape} {t.dtype}</code>{Stats(t)}</div>";

        using var scope = NewDisposeScope();
        var images = t.detach().cpu().to(float32);
        double min = images.min().item<float>(), max = images.max().item<float>();
        // Values in [0, 1] are shown as [0, 1]; everything else as the toolkit's [-1, 1].
        (double low, double high) = min >= 0 && max <= 1 ? (0.0, 1.0) : (-1.0, 1.0);
        long n = images.dim() == 4 ? images.shape[0] : 1;
        long h = images.shape[^2];
        int scale = h <= 16 ? 4 : h <= 48 ? 2 : 1;
        int? columns = n > 64 ? 16 : null;
        // Enlarged with a padding the scale divides, so the grid travels at its own size (PngHtml.Img).
        var png = ImageGrid.Png(images, columns, padding: scale == 1 ? 2 : scale, scale: scale, low: low, high: high);
        var range = $"[{low.ToString(CultureInfo.InvariantCulture)}, {high.ToString(CultureInfo.InvariantCulture)}]";
        return $"<div>{PngHtml.Img(png, shape)}" +
               $"<div style=\"font-size:smaller\"><code>Tensor {shape}</code> shown as images in {range}" +
               (min < low || max > high ? $" (values {min:G3}..{max:G3} clipped)" : "") + "</div></div>";
    }

    static bool LooksLikeImages(Tensor t)
    {
        if (t.dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
            return false;
        if (t.dim() is not (3 or 4)) return false;
        long c = t.shape[^3];
        return (c == 1 || c == 3) && t.shape[^1] >= 2 && t.shape[^2] >= 2 && t.numel() > 0;
    }

    static string Stats(Tensor t)
    {
        if (t.numel() == 0 || !t.is_floating_point()) return "";
        using var scope = NewDisposeScope();
        var f = t.detach().cpu().to(float64);
        return $" <span>min {f.min().item<double>():G4}, max {f.max().item<double>():G4}, mean " +
               $"{f.mean().item<double>():G4}</span>";
    }
}
