using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaNotebooks.Ada;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Training;

/// <summary>The training state stored in a snapshot next to the networks: the run's options, progress, the p
/// schedule's state (p lives there, the controller's accumulators with it), the path-length running mean and the
/// wall-clock seconds the run has trained so far (resumes included; 0 in snapshots written before it was
/// kept).</summary>
public sealed record TrainingStateData(TrainingOptions Options, long Nimg, long Step, int Tick, PScheduleState Schedule,
    double PlMean = 0, double Seconds = 0);

/// <summary>Reads and writes the training state entries of a snapshot: training.json and the optimisers' tensors
/// (optim_G/NAME.npy, optim_D/NAME.npy, float32).</summary>
public static class TrainingState
{
    public const string Entry = "training.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(Snapshot snapshot, TrainingStateData state, IReadOnlyDictionary<string, Tensor> optG,
        IReadOnlyDictionary<string, Tensor> optD)
    {
        snapshot.Entries[Entry] = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        foreach (var (prefix, sd) in new[] { ("optim_G/", optG), ("optim_D/", optD) })
            foreach (var (name, t) in sd)
            {
                using var ms = new MemoryStream();
                Npy.Write(ms, t);
                snapshot.Entries[prefix + name + ".npy"] = ms.ToArray();
            }
    }

    public static TrainingStateData Read(Snapshot snapshot) =>
        JsonSerializer.Deserialize<TrainingStateData>(snapshot.Entries[Entry], Json)
        ?? throw new InvalidDataException($"{snapshot.Path}: {Entry} is empty");

    /// <summary>The options saved in a snapshot file, read without loading its networks (null when it has no
    /// training state).</summary>
    public static TrainingOptions? ReadOptions(string file) => Snapshot.Read(file, zip =>
    {
        if (zip.GetEntry(Entry) is not { } entry) return null;
        using var s = entry.Open();
        return (JsonSerializer.Deserialize<TrainingStateData>(s, Json)
                ?? throw new InvalidDataException($"{file}: {Entry} is empty")).Options;
    });

    public static Dictionary<string, Tensor> ReadTensors(Snapshot snapshot, string prefix) =>
        snapshot.Entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)
            && e.Key.EndsWith(".npy", StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..^4], e => Npy.Read(new MemoryStream(e.Value), e.Key));
}
