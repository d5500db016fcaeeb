namespace AdaNotebooks.Data;

/// <summary>CIFAR-10 binary batches (<c>data_batch_1.bin</c> ... <c>data_batch_5.bin</c>, <c>test_batch.bin</c>):
/// records of 1 label byte (0..9) followed by 3072 pixel bytes, the R, G and B planes of a 32x32 image, which is
/// already the dataset's CHW layout. A folder means its training batches (<c>data_batch_*.bin</c>, 50,000 images);
/// name <c>test_batch.bin</c> itself to read the test set.</summary>
public static class Cifar10Dataset
{
    public const int Resolution = 32, ImageBytes = 3 * 32 * 32, RecordBytes = 1 + ImageBytes, Classes = 10;

    /// <summary>The training batches of a CIFAR-10 folder, in name order.</summary>
    public static IReadOnlyList<string> BatchFiles(string folder) =>
        Directory.EnumerateFiles(folder, "data_batch_*.bin").Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads one batch file, or every training batch of a folder.</summary>
    public static ImageDataset Load(string path, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        var files = Directory.Exists(path)
            ? BatchFiles(path)
            : File.Exists(path)
            ? [path]
            : throw new FileNotFoundException($"{path}: no such file or folder");
        if (files.Count == 0)
            throw new InvalidDataException($"{path}: no CIFAR-10 training batches (data_batch_*.bin) in this folder");

        long total = 0;
        foreach (var f in files)
        {
            long size = new FileInfo(f).Length;
            if (size == 0 || size % RecordBytes != 0)
                throw new InvalidDataException($"{f}: {size:N0} bytes is not a whole number of CIFAR-10 records " +
                                               $"({RecordBytes} bytes: 1 label + 3072 pixels); truncated or not a " +
                                               "CIFAR-10 batch");
            total += size;
        }
        if (total > options.MaxTotalBytes)
            throw new InvalidDataException($"{path}: {total:N0} bytes, above the limit of {options.MaxTotalBytes:N0}");

        int count = (int)(total / RecordBytes);
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new int[count];
        int k = 0;
        foreach (var f in files)
        {
            var data = File.ReadAllBytes(f);
            for (int r = 0; r < data.Length / RecordBytes; r++, k++)
            {
                int label = data[r * RecordBytes];
                if (label >= Classes)
                    throw new InvalidDataException($"{f}: record {r} has label {label}; CIFAR-10 labels are 0..9");
                labels[k] = label;
                data.AsSpan(r * RecordBytes + 1, ImageBytes).CopyTo(pixels.AsSpan(k * ImageBytes, ImageBytes));
            }
        }
        var dataset = new ImageDataset(path, pixels, 3, Resolution, Resolution, labels);
        return RawImages.Conform(dataset, options);
    }
}
