using System.Globalization;
using System.Text;
using System.Text.Json;
using AdaNotebooks.Charts;
using AdaNotebooks.Metrics;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>The limited-data study (the paper's Figures 1, 4 and 6 at CPU scale): no augmentation, ADA and
/// DiffAugment trained on subsets of a dataset for the same kimg, scored by FD/KID against held-out real images
/// as training goes; and, at one size, ADA with each augmentation category alone.</summary>
public sealed record LimitedDataOptions
{
    public string Data { get; init; } = "builtin:emoji32";
    public int? Resolution { get; init; } = 16;
    public int? Channels { get; init; }
    public string OutDir { get; init; } = "results/limited-data";
    public string Config { get; init; } = "small";
    public double Kimg { get; init; } = 20;
    public int Batch { get; init; } = 32;
    /// <summary>Seed of the held-out split (the same images for every run).</summary>
    public int Seed { get; init; }
    /// <summary>Training seeds: every cell runs once per seed (the seed also draws the cell's subset).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];
    /// <summary>Training-set sizes; 0 = every image not held out.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [500, 2000];
    /// <summary>noaug, ada, diffaug (and fixed, bcr).</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["noaug", "ada", "diffaug"];
    /// <summary>ADA's preset in the method comparison.</summary>
    public string Preset { get; init; } = "bgc";
    /// <summary>ADA's speed: p can cross [0, 1] in this many kimg. The reference's 500 suits runs of thousands of
    /// kimg; short CPU runs need p to move within the run.</summary>
    public double AdaKimg { get; init; } = 5;
    /// <summary>The category study: ADA with each of these presets alone at <see cref="CategorySize"/>
    /// images.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public int CategorySize { get; init; } = 500;
    /// <summary>Real images never trained on: the metrics' reference set.</summary>
    public int HeldOut { get; init; } = 5000;
    /// <summary>Images held out of each training set for D's validation outputs (r_v, the overfitting
    /// histograms).</summary>
    public int Validation { get; init; } = 200;
    public IReadOnlyList<string> Metrics { get; init; } = ["fd", "kid"];
    public int MetricNum { get; init; } = 1000;
    /// <summary>Metric evaluations per run (evenly spaced, the last at the end).</summary>
    public int MetricPoints { get; init; } = 5;
    public string? Detector { get; init; }

    public void Validate()
    {
        if (!(Kimg > 0) || Batch < 1 || MetricNum < 2 || MetricPoints < 1)
            throw new ArgumentException("--kimg, --batch, --metric-num and --metric-points must be positive");
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
            throw new ArgumentException("--seeds: give one or more distinct seeds");
        foreach (var m in Methods) ParseMethod(m);
        foreach (var size in Sizes.Append(CategorySize)) if (size < 0)
            throw new ArgumentException($"--sizes {size}: expected a positive count or 0 (all)");
        foreach (var c in Categories) Augmentation.AugmentSpec.Preset(c);
        Augmentation.AugmentSpec.Preset(Preset);
    }

    public static AugmentMode ParseMethod(string method) => method switch
    {
        "noaug" => AugmentMode.NoAug, "ada" => AugmentMode.Ada, "diffaug" => AugmentMode.DiffAug,
        "bcr" => AugmentMode.Bcr, "fixed" => AugmentMode.Fixed,
        _ => throw new ArgumentException($"method '{method}': expected noaug, ada, diffaug, fixed or bcr"),
    };
}

/// <summary>One point of a run's curve.</summary>
public sealed record CurvePoint(double Kimg, double P, double? Rt, IReadOnlyDictionary<string, double> Metrics);

/// <summary>One run of the study.</summary>
public sealed record LimitedDataRun(int Size, string Method, string Preset, IReadOnlyList<CurvePoint> Curve,
    DOutputs? FinalDOutputs,
                                    double Seconds, string RunDir, int Seed = 0, string Cell = "") : IStudyResult
{
    public double? Final(string metric) => Curve.LastOrDefault(c => c.Metrics.ContainsKey(metric))?.Metrics[metric];
    /// <summary>r_t averaged over the last quarter of the run (one tick is noisy).</summary>
    public double? LateRt => Curve.Skip(Curve.Count * 3 / 4).Select(c => c.Rt).Where(v => v.HasValue)
        .Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();
    public string Label => Method == "ada" && Preset != "bgc" ? $"ada ({Preset})" : Method;
}

/// <param name="Fd">The FD score's name ("fid" with Inception-v3, "fd-resnet18..." otherwise); likewise
/// <paramref name="Kid"/>.</param>
public sealed record LimitedDataReport(LimitedDataOptions Options, int AvailableImages, string Fd, string Kid,
    IReadOnlyList<LimitedDataRun> Runs)
{
    /// <summary>The summary and the table, as markdown (results.md).</summary>
    public string ToMarkdown() => Summary() + Environment.NewLine + Environment.NewLine + Table().ToMarkdown();

    /// <summary>What was run: data, configuration, ADA's settings, scoring, seeds.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"Data {Options.Data} at {Options.Resolution}px ({AvailableImages:N0} images available for training, " +
        $"{Options.HeldOut:N0} held out as the metrics' reference), config {Options.Config}, " +
        $"{Options.Kimg} kimg per run, batch {Options.Batch}, ADA target r_t 0.6 with ada_kimg " +
        $"{Options.AdaKimg}, {Options.MetricNum} generated images per score, held-out split seed {Options.Seed}, " +
        $"training seeds {string.Join(", ", Options.Seeds)}.");

    /// <summary>One row per run: size, method, seed, final scores, final p, late r_t, the overfitting gap and the
    /// minutes it took.</summary>
    public ResultTable Table()
    {
        // KID is quoted x10^3 on Inception features (the paper's convention); other networks' unnormalised features
        // give values around 1-10, shown as they are.
        bool inception = Kid == "kid";
        double kidScale = inception ? 1000 : 1;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        return new ResultTable(
            ["images", "method", "seed", "kimg", Fd, Kid + (inception ? " x10^3" : ""), "final p",
                "r_t (last quarter)", "D(train) - D(validation)", "minutes"],
            Runs.Select(r => (IReadOnlyList<string>)
            [
                F($"{(r.Size == 0 ? AvailableImages : r.Size):N0}"), r.Label, F($"{r.Seed}"),
                F($"{r.Curve.LastOrDefault()?.Kimg:0.#}"), F($"{r.Final(Fd):0.0}"),
                F($"{r.Final(Kid) * kidScale:0.00}"), F($"{r.Curve.LastOrDefault()?.P:0.00}"), F($"{r.LateRt:0.00}"),
                r.FinalDOutputs?.OverfitGap?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                F($"{r.Seconds / 60:0.0}"),
            ]).ToList());
    }

    /// <summary>FD against kimg per training-set size, and r_t / p against kimg.</summary>
    public IEnumerable<Chart> Charts()
    {
        var methodRuns = Runs.Where(r => r.Preset == Options.Preset || r.Method != "ada")
            .Where(r => Options.Sizes.Contains(r.Size) && Options.Methods.Contains(r.Method)).ToList();
        foreach (var size in Options.Sizes)
        {
            var runs = methodRuns.Where(r => r.Size == size).ToList();
            string n = size == 0 ? $"all {AvailableImages:N0}" : $"{size:N0}";
            yield return new Chart($"{Fd} against kimg, {n} images",
                runs.Select(r => Curve(r.Label, r, c => c.Metrics.TryGetValue(Fd, out var v) ? v : null)).ToList(),
                "kimg", Fd);
            yield return new Chart($"r_t against kimg, {n} images (ADA's target 0.6)",
                runs.Select(r => Curve(r.Label, r, c => c.Rt)).ToList(), "kimg", "r_t");
            var ada = runs.FirstOrDefault(r => r.Method == "ada");
            if (ada is not null)
                yield return new Chart($"ADA's p against kimg, {n} images", [Curve("p", ada, c => c.P)], "kimg", "p");
        }
        var categories = Runs.Where(r => r.Size == Options.CategorySize && r.Method == "ada"
            && Options.Categories.Contains(r.Preset)).ToList();
        var baseline = Runs.FirstOrDefault(r => r.Size == Options.CategorySize && r.Method == "noaug");
        if (categories.Count > 0)
        {
            var bars = (baseline is null ? categories : categories.Prepend(baseline)).ToList();
            yield return new Chart($"Final {Fd} by augmentation category, {Options.CategorySize:N0} images (ADA)",
                [new Series(Fd, Enumerable.Range(0, bars.Count).Select(i => (double)i).ToList(),
                    bars.Select(r => r.Final(Fd) ?? double.NaN).ToList(), SeriesKind.Bars)],
                string.Join(" | ", bars.Select((r, i) => $"{i}: {(r.Method == "noaug" ? "none" : r.Preset)}")), Fd);
        }
    }

    /// <summary>D's outputs on training, validation and generated images at the end of a run (the paper's Figure
    /// 1).</summary>
    public IEnumerable<Chart> Histograms()
    {
        foreach (var r in Runs.Where(r => r.FinalDOutputs is not null && (r.Preset == Options.Preset
            || r.Method != "ada")))
        {
            var d = r.FinalDOutputs!;
            var sets = new Dictionary<string, double[]>
            {
                ["training reals"] = d.Train,
                ["validation reals"] = d.Validation,
                ["generated"] = d.Generated,
            }
                .Where(kv => kv.Value.Length > 0).ToDictionary();
            yield return Chart.Histogram($"D's outputs at the end: {r.Label}, " +
                                         $"{(r.Size == 0 ? AvailableImages : r.Size):N0} images", sets, 30, "D(x)");
        }
    }

    static Series Curve(string name, LimitedDataRun run, Func<CurvePoint, double?> y)
    {
        var points = run.Curve.Select(c => (c.Kimg, Y: y(c))).Where(p => p.Y.HasValue).ToList();
        return new Series(name, points.Select(p => p.Kimg).ToList(), points.Select(p => p.Y!.Value).ToList());
    }
}

public static class LimitedDataExperiment
{
    /// <summary>Runs the method comparison at every size, then the category study; writes results.json,
    /// results.md, results.html, one SVG per chart and each run's final samples (NAME.png) into the output folder
    /// after every run.</summary>
    public static LimitedDataReport Run(LimitedDataOptions options, Action<string>? log = null,
        Action<string, TrainingProgress>? onTick = null, StudyExecution? execution = null)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutDir);
        var data = ExperimentData.Prepare(options.Data, options.Resolution, options.Channels, options.HeldOut,
            options.OutDir, options.Seed);
        int available = data.Train.Count - options.Validation;
        foreach (var size in options.Categories.Count > 0 ? options.Sizes.Append(options.CategorySize) : options.Sizes)
            if (size > available)
                throw new ArgumentException($"--sizes {size}: only {available:N0} training images after holding out " +
                                            $"{options.HeldOut:N0} + {options.Validation}");
        log?.Invoke($"{data.Train.Count:N0} training images ({options.Validation} of them held out per run for D's " +
                    $"validation outputs), {data.HeldOut.Count:N0} reference images");

        using var extractor = FeatureExtractors.Create(options.Detector);
        var provider = TrainingMetrics.Provider(extractor, data.HeldOut, options.Metrics, options.MetricNum);
        string fd = MetricSuite.ScoreNames("fd", extractor)[0], kid = MetricSuite.ScoreNames("kid", extractor)[0];

        var cells = options.Sizes.SelectMany(size => options.Methods.Select(m => (Size: size, Method: m,
            Preset: options.Preset))).ToList();
        foreach (var category in options.Categories)
            if (!cells.Contains((options.CategorySize, "ada", category)))
                cells.Add((options.CategorySize, "ada", category));
        if (options.Categories.Count > 0 && !cells.Any(p => p.Size == options.CategorySize && p.Method == "noaug"))
            cells.Add((options.CategorySize, "noaug", options.Preset));

        double kimgPerTick = options.Kimg / (options.MetricPoints * 2);
        var plan = new List<StudyCell>();
        var what = new Dictionary<string, (int Size, string Method, string Preset)>();
        foreach (var seed in options.Seeds)
            foreach (var (size, method, preset) in cells)
            {
                var name = Study.Name($"n{(size == 0 ? "all" : size.ToString(CultureInfo.InvariantCulture))}-{method}" +
                                      (method == "ada" && preset != options.Preset ? "-" + preset : ""), seed);
                what[name] = (size, method, preset);
                plan.Add(new StudyCell(name, seed, new TrainingOptions
                {
                    Data = data.TrainZip, OutDir = Path.Combine(options.OutDir, "runs", name), Config = options.Config,
                    Conditional = false,
                    Kimg = options.Kimg, Batch = options.Batch, Seed = seed, Validation = options.Validation,
                    Subset = size == 0 ? null : size,
                    Augment = LimitedDataOptions.ParseMethod(method), Preset = preset, AdaKimg = options.AdaKimg,
                    KimgPerTick = kimgPerTick, SnapshotTicks = 1, KeepSnapshots = 1, SampleCount = 64, MetricTicks = 2,
                }));
            }

        var previous = Study.Previous(options.OutDir, options, Read, r => r.Options, r => r.Runs);
        var runs = Study.Run(plan, previous, cell =>
        {
            var (size, method, preset) = what[cell.Name];
            log?.Invoke($"{cell.Name}: training {options.Kimg} kimg on {(size == 0 ? available : size):N0} images");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (events, _) = ExperimentRun.Train(cell.Training, _ => 0, e =>
            {
                onTick?.Invoke(cell.Name, e);
                if (e.Metrics.Count > 0)
                    log?.Invoke($"{cell.Name}: kimg {e.Kimg:0.#} p {e.P:0.00} r_t {e.Heuristic:0.00} " +
                                string.Join(" ", e.Metrics.Select(kv => $"{kv.Key} {kv.Value:0.###}")));
            }, provider);
            var samples = Path.Combine(cell.Training.OutDir, "samples.png");
            if (File.Exists(samples)) File.Copy(samples, Path.Combine(options.OutDir, cell.Name + ".png"), true);
            var curve = events.Select(e => new CurvePoint(e.Kimg, e.P, e.Heuristic, e.Metrics)).ToList();
            return new LimitedDataRun(size, method, preset, curve, events.LastOrDefault()?.DOutputs,
                clock.Elapsed.TotalSeconds,
                                      Path.GetRelativePath(options.OutDir, cell.Training.OutDir), cell.Seed, cell.Name);
        }, done => Write(new LimitedDataReport(options, available, fd, kid, done), options.OutDir), log,
            options.OutDir, execution);
        return new LimitedDataReport(options, available, fd, kid, runs);
    }

    public static void Write(LimitedDataReport report, string directory)
    {
        Study.WriteFile(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(report, TrainingState.Json));
        File.WriteAllText(Path.Combine(directory, "results.md"), report.ToMarkdown());
        var charts = report.Charts().ToList();
        var histograms = report.Histograms().ToList();
        for (int i = 0; i < charts.Count; i++)
            File.WriteAllText(Path.Combine(directory, $"chart-{i:00}.svg"), ChartSvg.Render(charts[i]));
        for (int i = 0; i < histograms.Count; i++)
            File.WriteAllText(Path.Combine(directory, $"histogram-{i:00}.svg"), ChartSvg.Render(histograms[i]));
        var table = "<pre>" + System.Net.WebUtility.HtmlEncode(report.ToMarkdown()) + "</pre>";
        File.WriteAllText(Path.Combine(directory, "results.html"), ChartHtml.Document("Limited-data study",
            charts.Concat(histograms), table));
    }

    public static LimitedDataReport Read(string path)
        => JsonSerializer.Deserialize<LimitedDataReport>(File.ReadAllText(path), TrainingState.Json)
            ?? throw new InvalidDataException($"{path}: empty");
}
