namespace AdaNotebooks.Data;

/// <summary>A folder of images (PNG, JPEG, BMP: <see cref="ImageDecoding.Extensions"/>), read
/// recursively in ordinal order of their relative paths, with optional labels in <c>dataset.json</c> at the top.
/// Hidden files and folders (names starting with '.') are ignored; any other file that is not an image is an
/// error, so nothing is skipped silently.</summary>
public static class FolderDataset
{
    public static ImageDataset Load(string folder, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        var root = Path.GetFullPath(folder);

        var paths = new List<string>();
        string? labelsFile = null;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part.StartsWith('.'))) continue;
            if (relative == DatasetJson.FileName) { labelsFile = Path.Combine(folder, relative); continue; }
            if (!ImageDecoding.IsImageName(relative))
                throw new InvalidDataException($"{file}: not an image file (expected " +
                                               $"{string.Join(", ", ImageDecoding.Extensions)}); move it out of the " +
                                               "dataset folder");
            paths.Add(relative);
        }
        if (paths.Count == 0)
            throw new InvalidDataException($"{folder}: no images found (looked for " +
                                           $"{string.Join(", ", ImageDecoding.Extensions)} in it and its subfolders)");
        paths.Sort(StringComparer.Ordinal);

        long total = 0;
        foreach (var p in paths)
        {
            long size = new FileInfo(Path.Combine(root, p)).Length;
            if (size > options.MaxFileBytes)
                throw new InvalidDataException($"{Path.Combine(folder, p)}: {size:N0} bytes, above the limit of " +
                                               $"{options.MaxFileBytes:N0} per file");
            total += size;
        }
        if (total > options.MaxTotalBytes)
            throw new InvalidDataException($"{folder}: {total:N0} bytes of images, above the limit of " +
                                           $"{options.MaxTotalBytes:N0}");

        var images = new EncodedImage[paths.Count];
        ImageDecoding.RunInOrder(paths.Count, i =>
        {
            var path = Path.Combine(folder, paths[i]);
            images[i] = new EncodedImage(path, File.ReadAllBytes(path));
        });

        int[]? labels = null;
        if (labelsFile is not null && new FileInfo(labelsFile).Length > options.MaxFileBytes)
            throw new InvalidDataException($"{labelsFile}: above the limit of {options.MaxFileBytes:N0} bytes per " +
                                           "file");
        if (labelsFile is not null && DatasetJson.Parse(labelsFile, File.ReadAllBytes(labelsFile)) is { } byPath)
            labels = DatasetJson.Assign(labelsFile, byPath, paths);
        return ImageDecoding.Decode(folder, images, labels, options);
    }
}
