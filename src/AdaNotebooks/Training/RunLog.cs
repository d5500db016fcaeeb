using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;
using SummaryWriter = TorchSharp.Modules.SummaryWriter;

namespace AdaNotebooks.Training;

/// <summary>A run folder's logs, fed by <see cref="TrainingProgress"/> events: stats.jsonl (one JSON object per tick),
/// TensorBoard event files (TorchSharp's SummaryWriter: the scalars, histograms of D's raw outputs on training reals,
/// held-out reals and generated images as in the paper's Figure 1b/c, the sample grid, the configuration as text)
/// and the latest sample grid (samples.png). TensorBoard's step is the number of real images shown (kimg * 1000).
/// </summary>
public sealed class RunLog : IDisposable
{
    readonly string _directory;
    readonly SummaryWriter _tensorBoard;

    /// <param name="directory">The run folder.</param>
    /// <param name="configuration">The resolved configuration (options.json), shown in TensorBoard's text panel at
    /// <paramref name="startKimg"/>, the run's start or the point it resumes from.</param>
    public RunLog(string directory, string? configuration = null, double startKimg = 0)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        // Each process writes its own events.out.tfevents.* file; TensorBoard reads them all in name (time) order,
        // and a resumed run's first step below the last one logged drops the older file's ticks past it.
        _tensorBoard = torch.utils.tensorboard.SummaryWriter(directory);
        if (configuration is not null)
            _tensorBoard.add_text("configuration", Indented(configuration), Step(startKimg));
    }

    static int Step(double kimg) => (int)Math.Round(kimg * 1000);

    /// <summary>Text indented by four spaces, which Markdown (TensorBoard's text panel) shows as it is.</summary>
    static string Indented(string text) =>
        string.Join("\n", text.Split('\n').Select(line => "    " + line.TrimEnd('\r')));

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

        int step = Step(e.Kimg);
        foreach (var (tag, value) in scalars)
            if (double.IsFinite(value)) _tensorBoard.add_scalar(tag, (float)value, step);
        using var scope = torch.NewDisposeScope();
        if (e.DOutputs is { } d)
        {
            Histogram("D_output/train", d.Train, step);
            Histogram("D_output/validation", d.Validation, step);
            Histogram("D_output/generated", d.Generated, step);
        }
        if (e.SampleGrid is { } png)
        {
            var samples = Path.Combine(_directory, "samples.png");
            File.WriteAllBytes(samples, png);
            _tensorBoard.add_img("samples", samples, step);
        }
    }

    /// <summary>D's raw outputs of one set as a TensorBoard histogram (non-finite values left out).</summary>
    void Histogram(string tag, double[] values, int step)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length > 0) _tensorBoard.add_histogram(tag, tensor(finite), step);
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

    /// <summary>Nothing to release: the writer opens its event file for each record.</summary>
    public void Dispose() { }
}
