using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Imaging;

/// <summary>Conversions between float image tensors and 8-bit pixels. Float images live in [low, high]
/// (by default [-1, 1], the convention of the whole toolkit); quantisation follows the reference:
/// uint8 = clamp((x - low) * 255 / (high - low) + 0.5, 0, 255), truncated, i.e. (x * 127.5 + 128) for [-1,
/// 1].</summary>
public static class ImageTensors
{
    /// <summary>Quantises a float image tensor (any shape) to bytes in the same layout.</summary>
    public static byte[] ToBytes(Tensor images, double low = -1, double high = 1)
    {
        if (!(high > low)) throw new ArgumentException($"image range [{low}, {high}] is empty");
        using var scope = NewDisposeScope();
        var q = images.detach().to(float32).cpu()
            .sub(low).mul(255.0 / (high - low)).add(0.5).clamp(0, 255)
            .to(ScalarType.Byte).contiguous();
        return q.data<byte>().ToArray();
    }

    /// <summary>uint8 NCHW (or CHW) bytes to a float tensor in [-1, 1]: x / 127.5 - 1.</summary>
    public static Tensor FromBytes(byte[] pixels, long[] shape)
    {
        using var scope = NewDisposeScope();
        var t = tensor(pixels, shape, ScalarType.Byte).to(float32).div(127.5).sub(1);
        return t.MoveToOuterDisposeScope();
    }

    /// <summary>One CHW image (C = 1 or 3) as an ImageSharp RGB image (gray is replicated).</summary>
    public static Image<Rgb24> ToImage(Tensor chw, double low = -1, double high = 1)
    {
        if (chw.dim() != 3)
            throw new ArgumentException($"expected a CHW image tensor, got shape [{string.Join(", ", chw.shape)}]");
        int c = (int)chw.shape[0], h = (int)chw.shape[1], w = (int)chw.shape[2];
        if (c != 1 && c != 3) throw new ArgumentException($"expected 1 or 3 channels, got {c}");
        return FromPlanes(ToBytes(chw, low, high), c, h, w);
    }

    /// <summary>Planar bytes (C planes of H x W) to an RGB image.</summary>
    public static Image<Rgb24> FromPlanes(byte[] planes, int channels, int height, int width)
    {
        var image = new Image<Rgb24>(width, height);
        int plane = height * width;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int i = y * width + x;
                    row[x] = channels == 1
                        ? new Rgb24(planes[i], planes[i], planes[i])
                        : new Rgb24(planes[i], planes[plane + i], planes[2 * plane + i]);
                }
            }
        });
        return image;
    }

    /// <summary>An RGB image to planar CHW bytes with 1 (luma) or 3 channels.</summary>
    public static byte[] ToPlanes(Image<Rgb24> image, int channels)
    {
        if (channels != 1 && channels != 3) throw new ArgumentException($"expected 1 or 3 channels, got {channels}");
        int h = image.Height, w = image.Width, plane = h * w;
        var planes = new byte[channels * plane];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    var p = row[x];
                    int i = y * w + x;
                    if (channels == 1)
                        planes[i] = (byte)Math.Round(0.299 * p.R + 0.587 * p.G + 0.114 * p.B);
                    else
                    {
                        planes[i] = p.R;
                        planes[plane + i] = p.G;
                        planes[2 * plane + i] = p.B;
                    }
                }
            }
        });
        return planes;
    }
}
