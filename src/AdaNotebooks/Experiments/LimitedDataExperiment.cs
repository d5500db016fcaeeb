using System.Globalization;
using System.Text;
using System.Text.Json;
using AdaNotebooks.Charts;
using AdaNotebooks.Metrics;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

public static class LimitedDataExperiment
{
    /// <summary>Measures the instrument's floor, runs the method comparison at every size, then the category study;
    /// writes results.json, results.md, results.html, one SVG per chart, each run's final samples (NAME.png) and
    /// their nearest training images (NAME-nearest.png) into the output folder after every run.</summary>
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

        using var extractor = FeatureExtractors.Create(options.Detector, resolution: data.Train.Height, log: log);
        var provider = TrainingMetrics.Provider(extractor, data.HeldOut, options.Metrics, options.MetricNum);
        string fd = MetricSuite.ScoreNames("fd", extractor)[0], kid = MetricSuite.ScoreNames("kid", extractor)[0];

        var cells = Cells(options);

        double kimgPerTick = options.Kimg / (options.MetricPoints * 2);
        var plan = new List<StudyCell>();
        var what = new Dictionary<string, (int Size, string Method, string Preset, double? P, Precision Precision)>();
        foreach (var seed in options.Seeds)
            foreach (var (size, method, preset, p) in cells)
            foreach (var precision in options.Precisions)
            {
                var name = Study.Name($"n{(size == 0 ? "all" : size.ToString(CultureInfo.InvariantCulture))}-{method}" +
                                      (method != "noaug" && preset != options.Preset ? "-" + preset : "") +
                                      (p is { } fixedP ? FormattableString.Invariant($"-p{fixedP}") : "") +
                                      (precision == Precision.Bf16 ? "-bf16" : ""), seed);
                what[name] = (size, method, preset, p, precision);
                plan.Add(new StudyCell(name, seed, new TrainingOptions
                {
                    Data = data.TrainZip, OutDir = Path.Combine(options.OutDir, "runs", name), Config = options.Config,
                    Conditional = false,
                    Kimg = options.Kimg, Batch = options.Batch, Seed = seed, Validation = options.Validation,
                    Subset = size == 0 ? null : size,
                    Augment = LimitedDataOptions.ParseMethod(method), Preset = preset, AdaKimg = options.AdaKimg,
                    P = p ?? 0, Precision = precision,
                    KimgPerTick = kimgPerTick, SnapshotTicks = 1, KeepSnapshots = 1, SampleCount = 64, MetricTicks = 2,
                }));
            }

        // Methods may grow (DiffAugment added to a study of noaug and ADA); the recorded cells stay.
        var previous = Study.Previous(options.OutDir, options, Read, r => r.Options, r => r.Runs,
            nameof(LimitedDataOptions.Methods));
        bool worker = execution?.IsWorker == true;
        var floor = worker ? null : Floor(options, data, extractor, log);
        var memorised = worker ? null : Memorised(options, data, extractor, cells, log);
        Func<IReadOnlyList<TrainingProgress>, bool>? stop = options.StopRise is { } rise
            ? events => OverfitRise.Kimg(events.Where(e => e.Metrics.ContainsKey(fd) && e.Kimg >= options.StopFrom)
                .Select(e => (e.Kimg, e.Metrics[fd])).ToList(), rise) is not null
            : null;
        var runs = Study.Run(plan, previous, cell =>
        {
            var (size, method, preset, p, precision) = what[cell.Name];
            log?.Invoke($"{cell.Name}: training {options.Kimg} kimg on {(size == 0 ? available : size):N0} images");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var nearestPng = Path.Combine(options.OutDir, cell.Name + "-nearest.png");
            void OnTick(TrainingProgress e)
            {
                onTick?.Invoke(cell.Name, e);
                if (e.Metrics.Count > 0)
                    log?.Invoke($"{cell.Name}: kimg {e.Kimg:0.#} p {e.P:0.00} r_t {e.Heuristic:0.00} " +
                                string.Join(" ", e.Metrics.Select(kv => $"{kv.Key} {kv.Value:0.###}")));
            }
            var (events, nearest, before) = ExperimentRun.Train(cell.Training, t => Memorisation.Write(t, nearestPng),
                OnTick, provider, stop);
            var samples = Path.Combine(cell.Training.OutDir, "samples.png");
            if (File.Exists(samples)) File.Copy(samples, Path.Combine(options.OutDir, cell.Name + ".png"), true);
            log?.Invoke(FormattableString.Invariant($"{cell.Name}: nearest training images at pixel L2 ") +
                        FormattableString.Invariant($"{nearest.Min(m => m.Distance):0.0}..") +
                        FormattableString.Invariant($"{nearest.Max(m => m.Distance):0.0}") +
                        $" ({Path.GetFileName(nearestPng)})");
            var curve = events.Select(e => new CurvePoint(e.Kimg, e.P, e.Heuristic, e.Metrics,
                e.DOutputs?.OverfitGap)).ToList();
            return new LimitedDataRun(size, method, preset, curve, events.LastOrDefault()?.DOutputs,
                (before + clock.Elapsed).TotalSeconds,
                                      Path.GetRelativePath(options.OutDir, cell.Training.OutDir), cell.Seed, cell.Name,
                                      p, precision, Stopped: events.Count > 0 && !events[^1].Done);
        }, done => Write(new LimitedDataReport(options, available, fd, kid, done, floor, memorised), options.OutDir),
            log, options.OutDir, execution);
        return new LimitedDataReport(options, available, fd, kid, runs, floor, memorised);
    }

    /// <summary>The study's cells before seeds: every (size, method) of the comparison, then the category study at
    /// <see cref="LimitedDataOptions.CategorySize"/> images: each category with ADA, or, with
    /// <see cref="LimitedDataOptions.CategoryPs"/>, at each fixed p (p null for every other cell); and no augmentation
    /// there as its baseline.</summary>
    public static List<(int Size, string Method, string Preset, double? P)> Cells(LimitedDataOptions options)
    {
        var cells = options.Sizes.SelectMany(size => options.Methods.Select(m => (Size: size, Method: m,
            Preset: options.Preset, P: (double?)null))).ToList();
        foreach (var category in options.Categories)
        {
            var categoryCells = options.CategoryPs.Count == 0
                ? [(options.CategorySize, "ada", category, (double?)null)]
                : options.CategoryPs.Select(p => (options.CategorySize, "fixed", category, (double?)p)).ToList();
            foreach (var c in categoryCells) if (!cells.Contains(c)) cells.Add(c);
        }
        if (options.Categories.Count > 0 && !cells.Any(c => c.Size == options.CategorySize && c.Method == "noaug"))
            cells.Add((options.CategorySize, "noaug", options.Preset, null));
        return cells;
    }

    /// <summary>The instrument's floor, measured once per study (kept from the study's results.json when it has
    /// one).</summary>
    static IReadOnlyDictionary<string, double> Floor(LimitedDataOptions options, ExperimentData data,
        IFeatureExtractor extractor, Action<string>? log)
    {
        var path = Path.Combine(options.OutDir, "results.json");
        if (File.Exists(path) && Read(path).Floor is { } recorded) return recorded;
        var floor = LimitedDataFloor.Compute(extractor, data, options.Metrics, options.MetricNum, options.Seed);
        log?.Invoke($"floor: {string.Join(" ", floor.Select(kv => FormattableString.Invariant(
            $"{kv.Key} {kv.Value:0.###}")))} ({Math.Min(options.MetricNum, data.Train.Count)} real training " +
                    "images against the held-out set)");
        return floor;
    }

    /// <summary>Per training-set size and seed of the study, the scores of its training images themselves
    /// (<see cref="LimitedDataFloor.Memorised"/>; kept from the study's results.json for the pairs it has).</summary>
    static List<MemorisedScores> Memorised(LimitedDataOptions options, ExperimentData data,
        IFeatureExtractor extractor, List<(int Size, string Method, string Preset, double? P)> cells,
        Action<string>? log)
    {
        var path = Path.Combine(options.OutDir, "results.json");
        var recorded = File.Exists(path) ? Read(path).Memorised ?? [] : [];
        var result = new List<MemorisedScores>();
        foreach (var size in cells.Select(c => c.Size).Where(s => s > 0).Distinct())
            foreach (var seed in options.Seeds)
            {
                var kept = recorded.FirstOrDefault(m => m.Size == size && m.Seed == seed);
                var scores = kept?.Scores ?? LimitedDataFloor.Memorised(extractor, data, options.Metrics,
                    options.MetricNum, size, seed, options.Validation);
                if (kept is null)
                    log?.Invoke($"memorised: {size} images, seed {seed}: {string.Join(" ", scores.Select(kv =>
                        FormattableString.Invariant($"{kv.Key} {kv.Value:0.###}")))} (the training images " +
                                $"repeated to {options.MetricNum}, against the held-out set)");
                result.Add(new MemorisedScores(size, seed, scores));
            }
        return result;
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
