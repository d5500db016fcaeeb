using AdaNotebooks.Data;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>A labelled stand-in for Fashion-MNIST: 16x16 gray images of ten classes, each a bright rectangle of its
/// class's size at a jittered position and brightness on a noisy background. Seeded.</summary>
static class ShapesDataset
{
    static readonly (int W, int H)[] Sizes =
        [(2, 10), (10, 2), (4, 4), (8, 8), (12, 4), (4, 12), (6, 10), (10, 6), (2, 2), (12, 12)];

    public const int Side = 16;

    public static ImageDataset Create(int count, int seed, string name = "shapes", int? onlyClass = null)
    {
        var random = new Random(seed);
        var pixels = new byte[count * Side * Side];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = onlyClass ?? random.Next(Sizes.Length);
            labels[i] = c;
            var (w, h) = Sizes[c];
            int x0 = (Side - w) / 2 + random.Next(-2, 3), y0 = (Side - h) / 2 + random.Next(-2, 3);
            int brightness = random.Next(150, 256);
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                {
                    bool inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
                    pixels[i * Side * Side + y * Side + x] = (byte)(inside ? brightness : random.Next(0, 40));
                }
        }
        return new ImageDataset(name, pixels, 1, Side, Side, labels);
    }
}
