namespace AdaNotebooks.Data;

/// <summary>Datasets known by name, <c>builtin:NAME</c>: Noto emoji (Apache-2.0) without skin-tone variants,
/// composited onto white (data/README.md; built by data-scripts/emoji.sh).
/// <c>builtin:emoji32</c> (2.7 MB) is embedded in AdaNotebooks.dll, so it works on a fresh machine without a
/// download, from a clone, a build output or a notebook package alike. <c>builtin:emoji64</c> (6.4 MB) is not
/// committed: data-scripts/emoji.sh writes it to data/emoji64.zip, which is found in the repository that
/// contains the current folder or the running assembly. <c>builtin:emoji32-faces</c> and
/// <c>builtin:emoji64-faces</c> are their 130 face emoji (Unicode's "Smileys &amp; Emotion" faces, listed in the
/// embedded data/emoji-faces.tsv): yellow round faces alike enough for a short run to draw recognisable ones.</summary>
public static class BuiltinDatasets
{
    public const string Prefix = "builtin:";

    /// <summary>Builtin names (without the prefix).</summary>
    public static IReadOnlyList<string> Names { get; } = ["emoji32", "emoji64", "emoji32-faces", "emoji64-faces"];

    const string FacesSuffix = "-faces";
    const string FacesResource = "AdaNotebooks.Data.emoji-faces.tsv";

    public static bool IsBuiltin(string path) => path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens <c>builtin:NAME</c> (the prefix is optional here).</summary>
    public static ImageDataset Open(string name, DecodeOptions? options = null)
    {
        var bare = IsBuiltin(name) ? name[Prefix.Length..] : name;
        if (!Names.Contains(bare))
            throw new ArgumentException($"{Prefix}{bare}: unknown builtin dataset; available: " +
                                        $"{string.Join(", ", Names.Select(n => Prefix + n))}");
        if (bare.EndsWith(FacesSuffix, StringComparison.Ordinal))
            return OpenZip(bare[..^FacesSuffix.Length], options).Select(FaceIndices(), Prefix + bare);
        return OpenZip(bare, options);
    }

    static ImageDataset OpenZip(string bare, DecodeOptions? options)
    {
        using var embedded = typeof(BuiltinDatasets).Assembly.GetManifestResourceStream(ResourceName(bare));
        if (embedded is not null) return ZipDataset.Load(embedded, Prefix + bare, options);
        var file = FindInRepository($"data/{bare}.zip")
            ?? throw new FileNotFoundException($"{Prefix}{bare}: data/{bare}.zip not found; build it with " +
                                               "data-scripts/emoji.sh (needs npm) in the repository");
        using var stream = File.OpenRead(file);
        return ZipDataset.Load(stream, Prefix + bare, options);
    }

    /// <summary>The indices of the face emoji in emoji32 and emoji64 (the first column of
    /// data/emoji-faces.tsv).</summary>
    public static IReadOnlyList<int> FaceIndices()
    {
        using var stream = typeof(BuiltinDatasets).Assembly.GetManifestResourceStream(FacesResource)
            ?? throw new InvalidOperationException($"{FacesResource} is not embedded in AdaNotebooks.dll");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => int.Parse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>Whether <c>builtin:NAME</c> travels inside the library.</summary>
    public static bool IsEmbedded(string bare) => typeof(BuiltinDatasets)
        .Assembly.GetManifestResourceInfo(ResourceName(bare)) is not null;

    internal static string ResourceName(string bare) => $"AdaNotebooks.Data.{bare}.zip";

    /// <summary>The first <paramref name="relative"/> found walking up from the current folder, then from the
    /// folder of this assembly.</summary>
    static string? FindInRepository(string relative)
    {
        var starts = new[]
        {
            Directory.GetCurrentDirectory(), Path.GetDirectoryName(typeof(BuiltinDatasets).Assembly.Location),
        };
        foreach (var start in starts.OfType<string>().Where(s => s.Length > 0))
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
