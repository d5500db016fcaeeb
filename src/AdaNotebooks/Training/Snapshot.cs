using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdaNotebooks.Networks;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Training;

/// <summary>A training snapshot: ONE zip file <c>snapshot-KKKKKK.zip</c> (KKKKKK = kimg, 6 digits) holding
/// <c>config.json</c> (the <see cref="NetworkConfig"/> plus "kimg" and "p" when known), <c>G.pt</c>, <c>D.pt</c>
/// (if there is a discriminator) and <c>G_ema.pt</c>: PyTorch state dicts, so <c>unzip</c> + <c>torch.load</c>
/// reads them in Python. Any other entry (optimiser states, RNG, controller state, ...) is kept as bytes in
/// <see cref="Entries"/> and written back.</summary>
public sealed partial class Snapshot : IDisposable
{
    public const string ConfigEntry = "config.json";
    public const string GEntry = "G.pt";
    public const string DEntry = "D.pt";
    public const string GEmaEntry = "G_ema.pt";

    public NetworkConfig Config { get; }
    public Generator G { get; }
    public Discriminator? D { get; }
    public Generator GEma { get; }
    /// <summary>Thousands of real images shown to D so far (0 for an import).</summary>
    public double Kimg { get; set; }
    /// <summary>The augmentation probability at this point, if known.</summary>
    public double? P { get; set; }
    /// <summary>Further entries by name (bytes), written as they are.</summary>
    public Dictionary<string, byte[]> Entries { get; } = new(StringComparer.Ordinal);
    /// <summary>The file this snapshot was loaded from or last saved to.</summary>
    public string? Path { get; private set; }

    public Snapshot(NetworkConfig config, Generator g, Discriminator? d, Generator gEma, double kimg = 0,
        double? p = null)
    {
        Config = config;
        G = g;
        D = d;
        GEma = gEma;
        Kimg = kimg;
        P = p;
    }

    /// <summary>A fresh snapshot: new G and D from the configuration, G_ema a copy of G.</summary>
    public static Snapshot Create(NetworkConfig config)
    {
        var g = config.CreateGenerator();
        var gEma = config.CreateGenerator();
        StateDicts.Load(gEma, g.state_dict(), "G");
        return new Snapshot(config, g, config.CreateDiscriminator(), gEma);
    }

    /// <summary>snapshot-KKKKKK.zip for a kimg value (rounded down).</summary>
    public static string FileName(double kimg)
    {
        // Whole kimg as the reference names them; short CPU ticks add the fraction (in images) so ticks within one
        // kimg do not overwrite each other.
        long nimg = (long)Math.Round(kimg * 1000);
        return nimg % 1000 == 0 ? $"snapshot-{nimg / 1000:D6}.zip" : $"snapshot-{nimg / 1000:D6}.{nimg % 1000:D3}.zip";
    }

    /// <summary>Writes the snapshot into <paramref name="directory"/> atomically (a temporary file in the same folder,
    /// then moved over) and returns its path.</summary>
    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileName(Kimg));
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temp))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                WriteEntry(zip, ConfigEntry, s => s.Write(System.Text.Encoding.UTF8.GetBytes(ConfigJson())),
                    CompressionLevel.Optimal);
                WriteEntry(zip, GEntry, s => StateDicts.Write(G, s));
                if (D is not null) WriteEntry(zip, DEntry, s => StateDicts.Write(D, s));
                WriteEntry(zip, GEmaEntry, s => StateDicts.Write(GEma, s));
                foreach (var (name, bytes) in Entries)
                    WriteEntry(zip, name, s => s.Write(bytes), CompressionLevel.Optimal);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        Path = path;
        return path;
    }

    static void WriteEntry(ZipArchive zip, string name, Action<Stream> write,
        CompressionLevel level = CompressionLevel.NoCompression)
    {
        // State dicts are zips of float data: compressing them again gains little and costs time.
        var entry = zip.CreateEntry(name, level);
        using var buffer = new MemoryStream();
        write(buffer);
        using var s = entry.Open();
        buffer.Position = 0;
        buffer.CopyTo(s);
    }

    /// <summary>config.json: the network configuration with "kimg" and, when known, "p".</summary>
    public string ConfigJson()
    {
        var node = JsonNode.Parse(Config.ToJson())!.AsObject();
        node["kimg"] = Kimg;
        if (P is double p) node["p"] = p;
        return node.ToJsonString(NetworkConfig.JsonOptions);
    }

    /// <summary>Loads a snapshot file, or the latest snapshot-*.zip (by kimg) in a directory.</summary>
    public static Snapshot Load(string path)
    {
        var file = Resolve(path);
        return Read(file, zip => Load(file, zip));
    }

    /// <summary>Opens a snapshot file's zip and reads from it; a truncated or corrupt file is an error naming it.
    /// </summary>
    public static T Read<T>(string file, Func<ZipArchive, T> read)
    {
        try
        {
            using var zip = ZipFile.OpenRead(file);
            return read(zip);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException
                                      or System.Text.Json.JsonException
                                  && e is not FileNotFoundException
                                  && !e.Message.StartsWith(file, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file}: not a readable snapshot (truncated or corrupt: {e.Message})", e);
        }
    }

    static Snapshot Load(string file, ZipArchive zip)
    {
        var configEntry = zip.GetEntry(ConfigEntry) ?? throw new InvalidDataException($"{file}: no {ConfigEntry} in " +
            "the snapshot");
        string json;
        using (var reader = new StreamReader(configEntry.Open())) json = reader.ReadToEnd();
        var config = NetworkConfig.FromJson(json);
        var node = JsonNode.Parse(json)!.AsObject();
        double kimg = node["kimg"]?.GetValue<double>() ?? 0;
        double? p = node["p"]?.GetValue<double>();

        Dictionary<string, Tensor> ReadEntry(string name)
        {
            var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{file}: no {name} in the snapshot");
            using var s = entry.Open();
            var ms = new MemoryStream();
            s.CopyTo(ms);
            ms.Position = 0;
            return StateDicts.Read(ms, $"{file}:{name}");
        }

        Generator? gEma = null;
        Generator? g = null;
        Discriminator? d = null;
        try
        {
            gEma = config.CreateGenerator();
            StateDicts.Load(gEma, ReadEntry(GEmaEntry), $"{file}:{GEmaEntry}");
            g = config.CreateGenerator();
            StateDicts.Load(g, zip.GetEntry(GEntry) is null ? gEma.state_dict() : ReadEntry(GEntry),
                $"{file}:{GEntry}");
            if (zip.GetEntry(DEntry) is not null)
            {
                d = config.CreateDiscriminator();
                StateDicts.Load(d, ReadEntry(DEntry), $"{file}:{DEntry}");
            }
        }
        catch
        {
            gEma?.Dispose();
            g?.Dispose();
            d?.Dispose();
            throw;
        }
        var snapshot = new Snapshot(config, g, d, gEma, kimg, p) { Path = file };
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName is ConfigEntry or GEntry or DEntry or GEmaEntry || entry.FullName.EndsWith('/'))
                continue;
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            snapshot.Entries[entry.FullName] = ms.ToArray();
        }
        return snapshot;
    }

    /// <summary>The snapshot file a path means: the file itself, or the latest snapshot-*.zip (highest kimg) in a
    /// directory. FileNotFoundException names the path when there is none.</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(path)) return path;
        if (Directory.Exists(path))
        {
            var latest = Directory.EnumerateFiles(path, "snapshot-*.zip")
                .Select(f => (File: f, Match: SnapshotName().Match(System.IO.Path.GetFileName(f))))
                .Where(x => x.Match.Success)
                .OrderByDescending(x => long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000
                    + (x.Match.Groups[2].Success
                        ? long.Parse(x.Match.Groups[2].Value, CultureInfo.InvariantCulture)
                        : 0))
                .FirstOrDefault();
            return latest.File ?? throw new FileNotFoundException($"no snapshot-*.zip in {path}", path);
        }
        throw new FileNotFoundException($"snapshot not found: {path}", path);
    }

    /// <summary>The kimg a snapshot file name stands for (snapshot-000012.zip, snapshot-000000.960.zip), or
    /// null.</summary>
    public static double? KimgOf(string fileName)
    {
        var m = SnapshotName().Match(fileName);
        if (!m.Success) return null;
        long whole = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        long images = m.Groups[2].Success ? long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return whole + images / 1000.0;
    }

    [GeneratedRegex(@"^snapshot-(\d+)(?:\.(\d{3}))?\.zip$")]
    private static partial Regex SnapshotName();

    /// <summary>Parameter counts (trainable tensors, buffers excluded).</summary>
    public (long G, long D) ParameterCounts => (G.ParameterCount, D?.ParameterCount ?? 0);

    public void Dispose()
    {
        G.Dispose();
        D?.Dispose();
        GEma.Dispose();
    }
}
