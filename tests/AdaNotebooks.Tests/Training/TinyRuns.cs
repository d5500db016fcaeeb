using AdaNotebooks.Data;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Training;

/// <summary>Tiny training runs for tests: 16x16 images, a few thousand parameters, batch 8.</summary>
static class TinyRuns
{
    public static readonly NetworkConfig Network = new NetworkConfig
    {
        Name = "tiny", Resolution = 16, ImgChannels = 3, ZDim = 16, WDim = 16, MappingLayers = 1, DMappingLayers = 1,
        ChannelBase = 64, ChannelMax = 8, MbstdGroup = 4,
    }.Validate();

    /// <summary>A zip dataset of <paramref name="count"/> 16x16 images: coloured squares at varying places.</summary>
    public static string Dataset(string directory, int count = 64, int[]? labels = null)
    {
        var pixels = new byte[count * 3 * 16 * 16];
        var random = new Random(1);
        for (int k = 0; k < count; k++)
        {
            int x0 = random.Next(0, 10), y0 = random.Next(0, 10), size = random.Next(3, 7);
            for (int c = 0; c < 3; c++)
            {
                byte colour = (byte)random.Next(0, 256);
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 16; x++)
                        pixels[((k * 3 + c) * 16 + y) * 16 + x] = x >= x0 && x < x0 + size && y >= y0 && y < y0 + size
                            ? colour
                            : (byte)(40 * c);
            }
        }
        var path = Path.Combine(directory, "tiny.zip");
        DatasetWriter.Write(new ImageDataset("tiny", pixels, 3, 16, 16, labels), path);
        return path;
    }

    public static TrainingOptions Options(string data, string outDir, double kimg) => new()
    {
        Data = data, OutDir = outDir, Network = Network, Config = "cpu", Batch = 8, Kimg = kimg, KimgPerTick = 0.016,
        SnapshotTicks = 1, SampleCount = 8, Validation = 8, Seed = 3, AdaKimg = 0.5, R1Interval = 2, Gamma = 0.1,
        EmaKimg = 0.05, StyleMixing = 0, Precision = Precision.Fp32,
    };
}
