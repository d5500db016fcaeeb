using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaNotebooks.Training;

/// <summary>A run folder's logs, fed by <see cref="TrainingProgress"/> events: stats.jsonl (one JSON object per tick),
/// TensorBoard event files and the latest sample grid (samples.png).</summary>
public sealed class RunLog : IDisposable
{
    readonly string _directory;
    readonly TensorBoardWriter _tensorBoard;

    public RunLog(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _tensorBoard = new TensorBoardWriter(directory);
    }

    public string StatsPath => Path.Combine(_directory, "stats.jsonl");

    public void Write(TrainingProgress e)
    {
        var scalars = Scalars(e);
        var json = new JsonObject
        {
            ["tick"] = e.Tick,
            ["kimg"] = Math.Round(e.Kimg, 3),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in scalars) json[k] = double.IsFinite(v) ? Math.Round(v, 6) : null;
        if (e.SnapshotPath is not null) json["snapshot"] = Path.GetFileName(e.SnapshotPath);
        File.AppendAllText(StatsPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");

        long step = (long)Math.Round(e.Kimg * 1000);
        _tensorBoard.Scalars(step, scalars);
        if (e.SampleGrid is { } png)
        {
            File.WriteAllBytes(Path.Combine(_directory, "samples.png"), png);
            using var image = Imaging.Png.Decode(png);
            _tensorBoard.Image(step, "samples", png, image.Width, image.Height);
        }
    }

    /// <summary>The scalar statistics of an event, under the names used in stats.jsonl and TensorBoard.</summary>
    public static List<KeyValuePair<string, double>> Scalars(TrainingProgress e)
    {
        var s = new List<KeyValuePair<string, double>>
        {
            new("Progress/augment", e.P),
            new("Timing/img_per_sec", e.ImagesPerSecond),
            new("Timing/sec_per_tick", e.SecondsPerTick),
            new("Timing/total_sec", e.Elapsed.TotalSeconds),
            new("Timing/augment_share", e.AugmentShare),
        };
        if (e.Heuristic is { } h) s.Add(new($"Progress/{e.HeuristicName}", h));
        foreach (var (k, v) in e.Losses) s.Add(new($"Loss/{k}", v));
        foreach (var (k, v) in e.Metrics) s.Add(new($"Metrics/{k}", v));
        if (e.DOutputs is { } d)
        {
            if (d.Train.Length > 0) s.Add(new("Loss/D_output/train", d.Train.Average()));
            if (d.Validation.Length > 0) s.Add(new("Loss/D_output/validation", d.Validation.Average()));
            if (d.Generated.Length > 0) s.Add(new("Loss/D_output/generated", d.Generated.Average()));
        }
        return s;
    }

    /// <summary>The ticks already in stats.jsonl up to <paramref name="upToKimg"/>, as progress events (for a resumed
    /// run's report); lines past it — ticks after the snapshot the run resumes from — are removed from the
    /// file.</summary>
    public List<TrainingProgress> ResumeHistory(double upToKimg)
    {
        var events = new List<TrainingProgress>();
        if (!File.Exists(StatsPath)) return events;
        var kept = new List<string>();
        foreach (var line in File.ReadAllLines(StatsPath))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var node = JsonNode.Parse(line)!.AsObject();
            double kimg = (double?)node["kimg"] ?? 0;
            if (kimg > upToKimg + 1e-9) continue;
            kept.Add(line);
            double Get(string key) => node[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
            Dictionary<string, double> Prefixed(string prefix) => node.Where(kv => kv.Key.StartsWith(prefix,
                StringComparison.Ordinal) && !kv.Key.StartsWith("Loss/D_output", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => Get(kv.Key));
            var heuristic = node.ContainsKey("Progress/r_v") ? "r_v" : "r_t";
            events.Add(new TrainingProgress
            {
                Tick = (int?)node["tick"] ?? 0, Kimg = kimg, P = Get("Progress/augment"), HeuristicName = heuristic,
                Heuristic = double.IsNaN(Get($"Progress/{heuristic}")) ? null : Get($"Progress/{heuristic}"),
                Losses = Prefixed("Loss/"), Metrics = Prefixed("Metrics/"), ImagesPerSecond = Get("Timing/img_per_sec"),
                SecondsPerTick = Get("Timing/sec_per_tick"),
                Elapsed = TimeSpan.FromSeconds(double.IsNaN(Get("Timing/total_sec")) ? 0 : Get("Timing/total_sec")),
            });
        }
        File.WriteAllLines(StatsPath, kept);
        return events;
    }

    public void Dispose() => _tensorBoard.Dispose();
}
