using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>A finite image space for the discrete ops: the 16 binary 8x8 images an L-tetromino becomes under the
/// eight flips and quarter turns and under inversion (pixels -1 or 1, index y * 8 + x). The size is 8 because
/// xint moves by round(t 8) pixels with t uniform in [-1/8, 1/8]: one pixel either way with probability 1/4
/// each per axis (at 3x3 or 4x4 every shift rounds to 0). The glyph touches the left edge, so a translation also
/// shows the pipeline's reflect padding (the pixel next to the edge is mirrored into the edge; there is no
/// wrap-around). The space is closed under xflip, rotate90 and lumaflip; a translation maps it onto more images.
/// The maps below are the ops' geometry by index arithmetic, independent of the pipeline.</summary>
static class GlyphSpace
{
    public const int Size = 8;

    static readonly (int X, int Y)[] Glyph = [(0, 3), (0, 4), (1, 4), (2, 4)];

    /// <summary>The 16 states: 8 orientations of the glyph, then their inversions.</summary>
    public static readonly IReadOnlyList<float[]> States = BuildStates();

    static List<float[]> BuildStates()
    {
        var glyph = new float[Size * Size];
        Array.Fill(glyph, -1f);
        foreach (var (x, y) in Glyph) glyph[y * Size + x] = 1;
        var upright = new List<float[]>();
        foreach (var flipped in new[] { glyph, XFlip(glyph) })
            for (int k = 0; k < 4; k++) upright.Add(Rotate(flipped, k));
        return [.. upright, .. upright.Select(Invert)];
    }

    /// <summary>The states as images [16, 1, 8, 8].</summary>
    public static Tensor Images() => tensor(States.SelectMany(s => s).ToArray(), [States.Count, 1, Size, Size]);

    static float[] Map(float[] image, Func<int, int, (int X, int Y)> source)
    {
        var result = new float[Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                var (sx, sy) = source(x, y);
                result[y * Size + x] = image[sy * Size + sx];
            }
        return result;
    }

    public static float[] XFlip(float[] image) => Map(image, (x, y) => (Size - 1 - x, y));

    /// <summary><paramref name="quarterTurns"/> turns of 90 degrees (the direction does not matter here: turns by
    /// 1 and 3 are equally likely).</summary>
    public static float[] Rotate(float[] image, int quarterTurns)
    {
        for (int k = 0; k < quarterTurns; k++) image = Map(image, (x, y) => (y, Size - 1 - x));
        return image;
    }

    /// <summary>Output pixel (x, y) takes input pixel (x - dx, y - dy), reflected at the edges without repeating
    /// the edge pixel (-1 -> 1, 8 -> 6), as the pipeline's reflect padding does.</summary>
    public static float[] Translate(float[] image, int dx, int dy) =>
        Map(image, (x, y) => (Reflect(x - dx), Reflect(y - dy)));

    static int Reflect(int i) => i < 0 ? -i : i >= Size ? 2 * (Size - 1) - i : i;

    public static float[] Invert(float[] image) => image.Select(v => -v).ToArray();

    public static string Key(float[] image) => string.Concat(image.Select(v => v > 0 ? '1' : '0'));
}
