using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace AdaNotebooks.Imaging;

/// <summary>Lays a batch of images out as one picture: the way samples, datasets and augmentations are shown.</summary>
public static class ImageGrid
{
    /// <summary>A grid of a batch (NCHW, or CHW for one image; 1 or 3 channels; values in [low, high]).
    /// Columns default to ceil(sqrt(N)); <paramref name="padding"/> pixels of <paramref name="background"/>
    /// separate the tiles; <paramref name="scale"/> enlarges each pixel to a square (nearest neighbour) so tiny
    /// images stay readable.</summary>
    public static Image<Rgb24> Make(Tensor images, int? columns = null, int padding = 2, int scale = 1,
        double low = -1, double high = 1, byte background = 255)
    {
        if (images.dim() == 3) images = images.unsqueeze(0);
        if (images.dim() != 4)
            throw new ArgumentException($"expected NCHW or CHW images, got shape [{string.Join(", ", images.shape)}]");
        int n = (int)images.shape[0], c = (int)images.shape[1], h = (int)images.shape[2], w = (int)images.shape[3];
        if (c != 1 && c != 3) throw new ArgumentException($"expected 1 or 3 channels, got {c}");
        if (n == 0) throw new ArgumentException("cannot make a grid of zero images");
        if (scale < 1 || padding < 0) throw new ArgumentException("scale must be >= 1 and padding >= 0");

        int cols = Math.Clamp(columns ?? (int)Math.Ceiling(Math.Sqrt(n)), 1, n);
        int rows = (n + cols - 1) / cols;
        int th = h * scale, tw = w * scale;
        var grid = new Image<Rgb24>(cols * tw + (cols + 1) * padding, rows * th + (rows + 1) * padding,
            new Rgb24(background, background, background));
        var bytes = ImageTensors.ToBytes(images, low, high);
        int plane = h * w, imageSize = c * plane;
        grid.ProcessPixelRows(acc =>
        {
            for (int k = 0; k < n; k++)
            {
                int ox = padding + (k % cols) * (tw + padding), oy = padding + (k / cols) * (th + padding);
                int b = k * imageSize;
                for (int y = 0; y < th; y++)
                {
                    var row = acc.GetRowSpan(oy + y);
                    int sy = y / scale;
                    for (int x = 0; x < tw; x++)
                    {
                        int i = b + sy * w + x / scale;
                        row[ox + x] = c == 1
                            ? new Rgb24(bytes[i], bytes[i], bytes[i])
                            : new Rgb24(bytes[i], bytes[i + plane], bytes[i + 2 * plane]);
                    }
                }
            }
        });
        return grid;
    }

    /// <summary>PNG bytes of a grid of <paramref name="images"/>.</summary>
    public static byte[] Png(Tensor images, int? columns = null, int padding = 2, int scale = 1, double low = -1,
        double high = 1)
    {
        using var grid = Make(images, columns, padding, scale, low, high);
        return Imaging.Png.Encode(grid);
    }

    /// <summary>Writes a grid of <paramref name="images"/> to a PNG file.</summary>
    public static void Save(Tensor images, string path, int? columns = null, int padding = 2, int scale = 1)
        => File.WriteAllBytes(path, Png(images, columns, padding, scale));
}
