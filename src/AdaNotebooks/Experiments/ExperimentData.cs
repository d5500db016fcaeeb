using AdaNotebooks.Data;

namespace AdaNotebooks.Experiments;

/// <summary>The real images of an experiment: a dataset opened at the experiment's resolution and channels, split
/// once into the images the runs train on (written to a zip every run reads) and held-out images that judge them
/// (the probes' accuracy, the metrics' reference set).</summary>
public sealed class ExperimentData
{
    public ImageDataset Train { get; }
    public ImageDataset HeldOut { get; }
    /// <summary>The training images as a dataset-tool zip, for <see cref="Training.TrainingOptions.Data"/>.</summary>
    public string TrainZip { get; }

    ExperimentData(ImageDataset train, ImageDataset heldOut, string zip) => (Train, HeldOut, TrainZip) = (train,
        heldOut, zip);

    /// <param name="source">Any dataset path (builtin:emoji32, a zip, IDX files, ...).</param>
    /// <param name="resolution">Resize to this (box filter); null keeps the size.</param>
    /// <param name="channels">1 or 3; null keeps the dataset's.</param>
    /// <param name="heldOut">Images kept apart (chosen at random, seeded).</param>
    /// <param name="directory">Where the training zip goes.</param>
    public static ExperimentData Prepare(string source, int? resolution, int? channels, int heldOut, string directory,
        int seed = 0)
    {
        var all = Datasets.Open(source, new DecodeOptions { Resolution = resolution, Channels = channels,
            Filter = ResizeFilter.Box });
        if (heldOut < 1 || heldOut >= all.Count)
            throw new ArgumentException($"{source}: {all.Count} images; cannot hold out {heldOut} and still train");
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(seed).Shuffle(order);
        var held = all.Select(order[..heldOut], all.Name + "-heldout");
        var train = all.Select(order[heldOut..], all.Name + "-train");
        Directory.CreateDirectory(directory);
        var zip = Path.Combine(directory, "train.zip");
        WriteUnlessSame(train, zip);
        return new ExperimentData(train, held, zip);
    }

    /// <summary>Writes the zip through a temporary file and replaces <paramref name="zip"/> only when the bytes
    /// differ, so the study's workers, which prepare the same data, never rewrite a file another one reads.</summary>
    static void WriteUnlessSame(ImageDataset train, string zip)
    {
        var temporary = $"{zip}.{Environment.ProcessId}.tmp";
        DatasetWriter.Write(train, temporary);
        if (File.Exists(zip) && File.ReadAllBytes(zip).AsSpan().SequenceEqual(File.ReadAllBytes(temporary)))
            File.Delete(temporary);
        else
            File.Move(temporary, zip, overwrite: true);
    }
}
