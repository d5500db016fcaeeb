using AdaNotebooks.Imaging;
using AdaNotebooks.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>Reading and writing image batches for the command line: .npy (float32 NCHW in [-1, 1]) or PNG.</summary>
public static class ImageFiles
{
    /// <summary>Reads a batch [N, C, H, W] in [-1, 1] from a .npy file or one PNG/JPEG image (as
    /// <paramref name="channels"/> channels).</summary>
    public static Tensor Read(string path, int channels = 3)
    {
        if (Directory.Exists(path)) throw new UserError($"{path}: a folder; give a .npy file or a PNG image");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".npy")
        {
            var x = Npy.Read(path);
            if (x.dim() == 3) x = x.unsqueeze(0);
            if (x.dim() != 4 || (x.shape[1] != 1 && x.shape[1] != 3))
                throw new InvalidDataException($"{path}: expected float32 images [N, C, H, W] with 1 or 3 channels, " +
                                               $"got shape [{string.Join(", ", x.shape)}]");
            return x;
        }
        if (ext is ".png" or ".jpg" or ".jpeg")
        {
            using var image = Image.Load<Rgb24>(path);
            var planes = ImageTensors.ToPlanes(image, channels);
            return ImageTensors.FromBytes(planes, [1, channels, image.Height, image.Width]);
        }
        throw new UserError($"{path}: unsupported input; expected a .npy array or a PNG/JPEG image");
    }

    /// <summary>Writes a batch as .npy (float32) or as a PNG grid (one image: the image itself).</summary>
    public static void Write(string path, Tensor images)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".npy") Npy.Write(path, images);
        else if (ext == ".png") ImageGrid.Save(images, path, padding: images.shape[0] == 1 ? 0 : 2);
        else throw new UserError($"{path}: unsupported output; expected .npy or .png");
    }
}
