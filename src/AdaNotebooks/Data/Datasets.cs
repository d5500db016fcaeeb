namespace AdaNotebooks.Data;

/// <summary>The one entry point for "a dataset path": <c>builtin:NAME</c>, a zip archive (dataset-tool layout), a
/// folder of images, CIFAR-10 binary batches (a <c>.bin</c> file or a folder of <c>data_batch_*.bin</c>), or IDX
/// files (an images file or a folder holding them).</summary>
public static class Datasets
{
    /// <summary>Which reader a path goes to.</summary>
    public enum Kind { Builtin, Zip, ImageFolder, Cifar10, Idx }

    public static Kind Detect(string path)
    {
        if (BuiltinDatasets.IsBuiltin(path)) return Kind.Builtin;
        if (Directory.Exists(path))
        {
            if (Cifar10Dataset.BatchFiles(path).Count > 0) return Kind.Cifar10;
            if (IdxDataset.ImageFiles(path).Count > 0) return Kind.Idx;
            return Kind.ImageFolder;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder");
        var name = Path.GetFileName(path);
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return Kind.Zip;
        if (name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)) return Kind.Cifar10;
        if (IdxDataset.IsIdxName(name)) return Kind.Idx;
        throw new ArgumentException($"{path}: not a dataset (expected builtin:NAME, a .zip, a folder of images, " +
                                    "CIFAR-10 .bin batches or IDX files)");
    }

    /// <summary>Loads the dataset at <paramref name="path"/> into memory.</summary>
    public static ImageDataset Open(string path, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        options.Validate();
        return Detect(path) switch
        {
            Kind.Builtin => BuiltinDatasets.Open(path, options),
            Kind.Zip => ZipDataset.Load(path, options),
            Kind.Cifar10 => Cifar10Dataset.Load(path, options),
            Kind.Idx => IdxDataset.Load(path, options),
            _ => FolderDataset.Load(path, options),
        };
    }
}
