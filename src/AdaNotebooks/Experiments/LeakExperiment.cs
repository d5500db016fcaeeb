using System.Globalization;
using System.Text;
using System.Text.Json;
using AdaNotebooks.Charts;
using AdaNotebooks.Imaging;
using AdaNotebooks.Metrics;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>The leakage experiment (the paper's Figure 3): train on upright data with one augmentation op at a fixed
/// p, then count how many generated images carry the augmentation. rotate90 is judged by an
/// <see cref="OrientationClassifier"/> trained on the real images, lumaflip by an <see cref="InversionProbe"/>.
/// bCR runs (D sees clean images, a consistency term pulls D(x) and D(T(x)) together) show the leak the paper
/// contrasts: its T is applied at p = 1.</summary>
public sealed record LeakExperimentOptions
{
    public string Data { get; init; } = "builtin:emoji32";
    public int? Resolution { get; init; } = 16;
    public int? Channels { get; init; }
    public string OutDir { get; init; } = "results/leak";
    public string Config { get; init; } = "small";
    public double Kimg { get; init; } = 20;
    public int Batch { get; init; } = 32;
    /// <summary>Seed of the held-out split and the classifier.</summary>
    public int Seed { get; init; }
    /// <summary>Training seeds: every run once per seed.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];
    /// <summary>The ops to test one at a time: rotate90 and/or lumaflip.</summary>
    public IReadOnlyList<string> Ops { get; init; } = ["rotate90"];
    public IReadOnlyList<double> Ps { get; init; } = [0, 0.5, 0.8, 0.9, 1];
    /// <summary>Also a bCR run per op.</summary>
    public bool Bcr { get; init; } = true;
    /// <summary>Real images held out for the probes' accuracy.</summary>
    public int HeldOut { get; init; } = 1000;
    /// <summary>Generated images judged per run.</summary>
    public int Samples { get; init; } = 1000;
    public int ClassifierEpochs { get; init; } = 4;
    /// <summary>Training images (at most) the orientation classifier learns from.</summary>
    public int ClassifierImages { get; init; } = 20000;
    /// <summary>Training images the GANs see (null: all not held out).</summary>
    public int? TrainImages { get; init; }
    /// <summary>How p is set, any of <see cref="LeakPlan.Designs"/>: fixed, ramp, ada, finetune.</summary>
    public IReadOnlyList<string> Designs { get; init; } = ["fixed"];
    /// <summary>Design ramp: kimg over which p rises from 0 to its final value (null: half the run).</summary>
    public double? RampKimg { get; init; }
    /// <summary>Design ada: ada_kimg, how fast the controller may move p (kimg for a change of 1).</summary>
    public double AdaKimg { get; init; } = 5;
    /// <summary>Design finetune: kimg trained on from the p = 1 run's snapshot (null: half of <see cref="Kimg"/>).
    /// </summary>
    public double? FinetuneKimg { get; init; }
    /// <summary>Measure the leak every this many kimg during each run (null: only at the end).</summary>
    public double? LeakEvery { get; init; }

    public static readonly IReadOnlyList<string> SupportedOps = ["rotate90", "lumaflip"];

    public void Validate()
    {
        foreach (var op in Ops)
            if (!SupportedOps.Contains(op))
                throw new ArgumentException($"--ops {op}: the leak can be measured for " +
                                            $"{string.Join(", ", SupportedOps)}");
        foreach (var p in Ps)
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"--ps {p}: p must lie in [0, 1]");
        foreach (var design in Designs)
            if (!LeakPlan.Designs.Contains(design))
                throw new ArgumentException($"--designs {design}: expected any of " +
                                            string.Join(", ", LeakPlan.Designs));
        if (Designs.Count == 0 || Designs.Distinct().Count() != Designs.Count)
            throw new ArgumentException("--designs: give one or more distinct designs");
        if (Ops.Count == 0 || (Ps.Count == 0 && !Bcr && !Designs.Contains("ada")))
            throw new ArgumentException("nothing to run: give at least one op and one p (or bCR, or the ada design)");
        if (RampKimg is { } ramp && !(ramp > 0)) throw new ArgumentException("--ramp-kimg must be positive");
        if (!(AdaKimg > 0)) throw new ArgumentException("--ada-kimg must be positive");
        if (FinetuneKimg is { } tune && !(tune > 0)) throw new ArgumentException("--finetune-kimg must be positive");
        if (LeakEvery is { } every && !(every > 0)) throw new ArgumentException("--leak-every must be positive");
        if (!(Kimg > 0) || Batch < 1 || Samples < 1)
            throw new ArgumentException("--kimg, --batch and --samples must be positive");
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
            throw new ArgumentException("--seeds: give one or more distinct seeds");
    }
}

/// <summary>One run of the leak experiment. Every run's images go through both probes: <see cref="Rotated"/> (share the
/// orientation classifier calls rotated; <see cref="RotationShares"/> per quarter turn) and <see cref="Inverted"/>
/// (share with an inverted background); NaN when the probe is not part of the experiment. The p = 0 run has no
/// augmentation at all and is shared by every op (Op "none"). <see cref="Method"/> is the design (fixed, ramp, ada,
/// finetune) or bcr; <see cref="P"/> the final p (for ada the p the controller ended at). <see cref="Trajectory"/>
/// is the leak measured during the run (null: only at the end); <see cref="Source"/> the snapshot a fine-tuning run
/// started from, relative to the study's folder. <see cref="Orientation"/> is the classifier's gated reading
/// (null in studies made before the gate), <see cref="Wide"/> the share of images wider than tall and
/// <see cref="ByClass"/> the gated reading apart for the classes near-symmetric under a half turn (null on unlabelled
/// data and in studies made before it).</summary>
public sealed record LeakResult(string Op, string Method, double P, double Rotated, double[] RotationShares,
    double Inverted, double Kimg, double Seconds, string RunDir, int Seed = 0, string Cell = "",
    IReadOnlyList<LeakPoint>? Trajectory = null, string? Source = null, OrientationReading? Orientation = null,
    double Wide = double.NaN, LeakByClass? ByClass = null) : IStudyResult
{
    /// <summary>The share carrying this run's own op (for "none": NaN).</summary>
    public double Leak => Op switch { "rotate90" or "lumaflip" => LeakOf(Op), _ => double.NaN };

    /// <summary>The leak of <paramref name="op"/> in this run (the shared p = 0 run counts for every op): for
    /// rotate90 the gated share among the images the classifier judged, where the gate was applied.</summary>
    public double LeakOf(string op) => op == "rotate90" ? Orientation?.Rotated ?? Rotated : Inverted;
}

/// <summary>The experiment's results and how its probes measure up on real images.</summary>
/// <remarks><see cref="ClassifierHeldOut"/> is the classifier's gated reading of upright held-out reals (the gated
/// floor), <see cref="RealWideShare"/> the share of them wider than tall (w_0 of <see cref="ElongationProbe"/>),
/// <see cref="ClassFloors"/> the gated floor per class and <see cref="ClassAccuracy"/> the held-out accuracy of the
/// <see cref="ClassClassifier"/> that sorts G's images by class; null and NaN in studies made before them and on
/// unlabelled data.</remarks>
public sealed record LeakReport(LeakExperimentOptions Options, double ClassifierAccuracy, double ClassifierRotatedShare,
    double InversionRealShare, IReadOnlyList<LeakResult> Results, int TrainImages,
    OrientationReading? ClassifierHeldOut = null, double RealWideShare = double.NaN,
    IReadOnlyList<ClassFloor>? ClassFloors = null, double ClassAccuracy = double.NaN)
{
    /// <summary>The summary (data, configuration, the probes' floors) and the table, as markdown
    /// (results.md).</summary>
    public string ToMarkdown() => string.Concat(Summary().Select(line => line + Environment.NewLine)) +
                                  Environment.NewLine + Table().ToMarkdown() + Environment.NewLine +
                                  "Final leak over seeds:" + Environment.NewLine + Environment.NewLine +
                                  LeakDesignReport.Table(this).ToMarkdown() + (ClassFloors is null
                                      ? ""
                                      : Environment.NewLine + "The orientation classifier's floor per class:" +
                                        Environment.NewLine + Environment.NewLine + ClassFloorTable().ToMarkdown());

    /// <summary>What was run and how the probes measure up on real images, one sentence per line.</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Data {Options.Data} at {Options.Resolution}px, {TrainImages:N0} training images" +
                $"{(Options.TrainImages is { } n && n < TrainImages
                    ? $" (each GAN trains on {n:N0} of them)"
                    : "")}, " +
                $"config {Options.Config}, {Options.Kimg} kimg, batch {Options.Batch}, split seed {Options.Seed}, " +
                $"training seeds {string.Join(", ", Options.Seeds)}."),
        };
        if (Options.Designs.Any(d => d != "fixed") || Options.LeakEvery is not null)
            lines.Add(Designs());
        if (Options.Ops.Contains("rotate90"))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Orientation classifier: {ClassifierAccuracy:P1} accurate on held-out real images at all four " +
                $"rotations; calls {ClassifierRotatedShare:P1} of upright real images rotated (the floor)."));
        if (Options.Ops.Contains("rotate90") && ClassifierHeldOut is { } h)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Gated reading (softmax >= {OrientationClassifier.DefaultConfidence}): judges {h.Judged:P1} of " +
                $"upright held-out reals and calls {h.Rotated:P1} of those rotated (the gated floor); turning an " +
                $"image by j quarter turns moves its predicted turn by j for {h.Equivariance:P1} of reals " +
                $"(equivariance). Leaks are read among judged images; a run's reading is readable when the same " +
                $"seed's run without augmentation reads within the floor + {100 * LeakDesignReport.ReadableMargin:0} " +
                $"points and the gate judges at least {LeakDesignReport.MinimumJudged:P0} of the run's images " +
                $"with an equivariance of at least {LeakDesignReport.MinimumEquivariance:P0}."));
        if (Options.Ops.Contains("rotate90") && !double.IsNaN(RealWideShare))
        {
            string end = double.IsNaN(ElongationProbe.QuarterTurned(0, RealWideShare))
                ? " (these reals are too evenly wide and tall to tell)."
                : ".";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Elongation (classifier-free): {RealWideShare:P1} of held-out reals are wider than tall; a share w " +
                $"of G's images wide implies a share (w - w_0) / (1 - 2 w_0) turned by a quarter turn, with w_0 the " +
                $"same seed's run without augmentation (G's own shapes; the reals where there is none){end}"));
        }
        if (ClassFloors is { } floors)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"By class: a class classifier ({ClassAccuracy:P1} accurate on held-out reals at all four " +
                $"rotations) sorts G's images by class; classes whose upright reals the orientation classifier calls " +
                $"upside down more than {Experiments.ClassFloors.NearSymmetricHalfTurn:P0} of the time look alike " +
                $"under a half turn and are read apart (classes {string.Join(", ", floors.Where(c => c.NearSymmetric)
                    .Select(c => c.Class))}; per-class floors in the last table)."));
        if (!double.IsNaN(InversionRealShare))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Inversion probe: calls {InversionRealShare:P1} of real images inverted (the floor)."));
        return lines;
    }

    string Designs()
    {
        var o = Options;
        var said = o.Designs.Select(d => d switch
        {
            "ramp" => FormattableString.Invariant($"ramp (p from 0 over {o.RampKimg ?? o.Kimg / 2} kimg)"),
            "ada" => FormattableString.Invariant($"ada (this op only, ada_kimg {o.AdaKimg})"),
            "finetune" => FormattableString.Invariant(
                $"finetune (the fixed p = 1 run continued for {o.FinetuneKimg ?? o.Kimg / 2} kimg)"),
            _ => d,
        });
        return $"Designs: {string.Join(", ", said)}." + (o.LeakEvery is { } every
            ? FormattableString.Invariant($" Leak measured every {every} kimg on {o.Samples} images.")
            : "");
    }

    /// <summary>One row per run: the op, method, p, seed, the leak shares (all images; the gated reading and whether
    /// it is readable; the elongation reading), the inverted share and the minutes it took.</summary>
    public ResultTable Table() => new(
        ["augmentation", "method", "p", "seed", "rotated, all images (k = 0/1/2/3)", "judged", "rotated, judged",
            "equivariance", "readable", "wide (quarter turns by elongation)", "rotated, judged: other classes",
            "rotated, judged: near-symmetric classes", "inverted", "minutes"],
        Results.Select(r => (IReadOnlyList<string>)
        [
            r.Op, r.Method, r.P.ToString("0.##", CultureInfo.InvariantCulture),
            r.Seed.ToString(CultureInfo.InvariantCulture),
            Share(r.Rotated) + Split(r.RotationShares),
            Share(r.Orientation?.Judged ?? double.NaN),
            Share(r.Orientation?.Rotated ?? double.NaN) + Split(r.Orientation?.Shares ?? []),
            Share(r.Orientation?.Equivariance ?? double.NaN),
            r.Orientation is null ? "-" : LeakDesignReport.Readable(this, r, "rotate90") switch
            {
                true => "yes", false => "no", null => "cannot tell",
            },
            Share(r.Wide) + (double.IsNaN(r.Wide) ? "" : " (" +
                Share(LeakDesignReport.QuarterTurnsByElongation(this, r)) + ")"),
            ByClass(r.ByClass?.Others), ByClass(r.ByClass?.NearSymmetric),
            Share(r.Inverted), (r.Seconds / 60).ToString("0.0", CultureInfo.InvariantCulture),
        ]).ToList());

    /// <summary>One row per class: images, the share the gate judges, the gated floor, the share called upside down
    /// and whether it is read apart.</summary>
    public ResultTable ClassFloorTable() => new(
        ["class", "held-out reals", "judged", "rotated, judged (floor)", "upside down (k = 2)", "read apart"],
        (ClassFloors ?? []).Select(c => (IReadOnlyList<string>)
        [
            c.Class.ToString(CultureInfo.InvariantCulture), c.Count.ToString(CultureInfo.InvariantCulture),
            Share(c.Judged), Share(c.Floor), Share(c.HalfTurn), c.NearSymmetric ? "yes" : "no",
        ]).ToList());

    /// <summary>A group's gated reading: share rotated among judged (floor), the group's share of images and the
    /// share of it judged.</summary>
    static string ByClass(GroupReading? g) => g is null
        ? "-"
        : $"{Share(g.Rotated)} (floor {Share(g.Floor)}; {Share(g.Share)} of images, {Share(g.Judged)} judged)";

    static string Split(double[] shares) => shares.Length == 4
        ? " (" + string.Join(" / ", shares.Select(v => v.ToString("P0", CultureInfo.InvariantCulture))) + ")"
        : "";

    static string Share(double v) => double.IsNaN(v) ? "-" : v.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Leak against p, one line per op for augmenting D (the shared p = 0 run included), bCR as
    /// markers.</summary>
    public Chart ToChart()
    {
        var series = new List<Series>();
        foreach (var op in Options.Ops)
        {
            var fixedRuns = Results.Where(r => (r.Op == op || r.Op == "none") && r.Method == "fixed").OrderBy(r => r.P)
                .ToList();
            if (fixedRuns.Count > 0)
                series.Add(new Series($"{op}: augment D", fixedRuns.Select(r => r.P).ToList(),
                    fixedRuns.Select(r => r.LeakOf(op)).ToList()));
            var bcr = Results.Where(r => r.Op == op && r.Method == "bcr").ToList();
            if (bcr.Count > 0)
                series.Add(new Series($"{op}: bCR", bcr.Select(r => r.P).ToList(), bcr.Select(r => r.LeakOf(op))
                    .ToList(), SeriesKind.Markers));
        }
        return new Chart("Leak: share of generated images that come out transformed", series, "p", "leak");
    }
}

public static class LeakExperiment
{
    /// <summary>Runs every cell of <see cref="LeakPlan"/> (each design's (op, p), the bCR runs), the fine-tuning cells
    /// after their source; writes results.json, results.md, the charts and a grid of each run's generated images into
    /// the output folder.</summary>
    public static LeakReport Run(LeakExperimentOptions options, Action<string>? log = null,
        Action<string, TrainingProgress>? onTick = null, StudyExecution? execution = null)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutDir);
        var data = ExperimentData.Prepare(options.Data, options.Resolution, options.Channels, options.HeldOut,
            options.OutDir, options.Seed);
        log?.Invoke($"{data.Train.Count:N0} training images, {data.HeldOut.Count:N0} held out, " +
                    $"{data.Train.Height}x{data.Train.Width}x{data.Train.Channels}");

        using var reals = data.Train.ToTensor();
        using var heldOut = data.HeldOut.ToTensor();
        OrientationClassifier? classifier = null;
        if (options.Ops.Contains("rotate90"))
        {
            using var subset = reals.narrow(0, 0, Math.Min(reals.shape[0], options.ClassifierImages));
            // Trained once per study (workers load the parent's): every cell is judged by the same classifier.
            classifier = OrientationClassifier.TrainOrLoad(Path.Combine(options.OutDir, "orientation-classifier.dat"),
                subset, heldOut, options.ClassifierEpochs, options.Seed, log);
            log?.Invoke($"orientation classifier: {classifier.HeldOutAccuracy:P1} held-out accuracy, " +
                        $"{classifier.HeldOutRotatedShare:P1} of upright images called rotated");
        }
        // Cheap, so every run is checked for inversions too (a control for the rotate90 runs).
        var inversion = new InversionProbe(heldOut);
        log?.Invoke($"inversion probe: {inversion.RealInvertedShare:P1} of real images called inverted");
        var elongation = classifier is null ? null : new ElongationProbe(heldOut, inversion);
        var byClass = classifier is not null && data.Train.HasLabels && data.HeldOut.HasLabels
            ? ByClass(options, data, reals, heldOut, classifier, log)
            : ((ClassClassifier, ClassFloors)?)null;

        var probes = new LeakProbes(classifier, inversion, elongation, byClass);
        var cells = LeakPlan.Cells(options, data.TrainZip);
        var what = cells.ToDictionary(c => c.Cell.Name, c => c.What);

        LeakReport Report(IReadOnlyList<LeakResult> results) =>
            new(options, classifier?.HeldOutAccuracy ?? double.NaN, classifier?.HeldOutRotatedShare ?? double.NaN,
                inversion.RealInvertedShare, results, data.Train.Count, classifier?.HeldOutReading,
                elongation?.RealWideShare ?? double.NaN, byClass?.Item2.Classes,
                byClass?.Item1.HeldOutAccuracy ?? double.NaN);
        try
        {
            var previous = Study.Previous(options.OutDir, options, Read, r => r.Options, r => r.Results,
                nameof(LeakExperimentOptions.Ps));   // a p more (the baseline p = 0, say) is cells more
            var results = Study.Run(cells.Select(c => c.Cell).ToList(), previous,
                cell => RunCell(options, cell, what[cell.Name], probes, log, onTick),
                done => Write(Report(done), options.OutDir), log, options.OutDir, execution);
            if (execution?.IsWorker == true || byClass is null || results.All(r => r.ByClass is not null))
                return Report(results);
            var read = results.Select(r => r.ByClass is null ? ReadByClass(options, r, probes, log) : r).ToList();
            Write(Report(read), options.OutDir);
            return Report(read);
        }
        finally
        {
            classifier?.Dispose();
            byClass?.Item1.Dispose();
        }
    }

    /// <summary>The class classifier (trained once per study like the orientation classifier) and the orientation
    /// classifier's floor per class on the held-out reals.</summary>
    static (ClassClassifier, ClassFloors) ByClass(LeakExperimentOptions options, ExperimentData data, Tensor reals,
        Tensor heldOut, OrientationClassifier orientation, Action<string>? log)
    {
        int n = (int)Math.Min(reals.shape[0], options.ClassifierImages);
        long[] Labels(Data.ImageDataset set, int count) =>
            [.. Enumerable.Range(0, count).Select(i => (long)set.Label(i))];
        var heldOutLabels = Labels(data.HeldOut, data.HeldOut.Count);
        using var subset = reals.narrow(0, 0, n);
        var classes = ClassClassifier.TrainOrLoad(Path.Combine(options.OutDir, "class-classifier.dat"), subset,
            Labels(data.Train, n), heldOut, heldOutLabels, Math.Max(data.Train.ClassCount, data.HeldOut.ClassCount),
            options.ClassifierEpochs, options.Seed, log);
        var floors = ClassFloors.Measure(orientation, heldOut, heldOutLabels);
        log?.Invoke($"class classifier: {classes.HeldOutAccuracy:P1} held-out accuracy at all four rotations; " +
                    $"near-symmetric under a half turn: classes " +
                    string.Join(", ", floors.Classes.Where(c => c.NearSymmetric).Select(c => c.Class)));
        return (classes, floors);
    }

    /// <summary>A run recorded before the reading by class: G_ema's final images again (same latents) from the run's
    /// last snapshot, read by class when they are the images the run was judged on (the same overall reading).
    /// </summary>
    static LeakResult ReadByClass(LeakExperimentOptions options, LeakResult r, LeakProbes probes, Action<string>? log)
    {
        string folder = Path.Combine(options.OutDir, r.RunDir);
        string? file = Directory.Exists(folder) ? Snapshot.Resolve(folder) : null;
        using var snapshot = file is null ? null : Snapshot.Load(file);
        if (snapshot is null || Math.Abs(snapshot.Kimg - r.Kimg) > 1e-6)
        {
            log?.Invoke($"{r.Cell}: no final snapshot in {folder}; its reading by class is left out");
            return r;
        }
        using var scope = NewDisposeScope();
        var verdict = probes.Judge(LeakProbes.Images(snapshot.GEma, options.Samples, 1_000_000 + r.Seed));
        static bool Same(double a, double b) => a.Equals(b) || Math.Abs(a - b) <= 1e-9;   // NaN equals NaN
        bool same = Same(verdict.Rotated, r.Rotated) && Same(verdict.Inverted, r.Inverted) && Same(verdict.Wide, r.Wide)
                    && verdict.RotationShares.Length == r.RotationShares.Length
                    && verdict.RotationShares.Zip(r.RotationShares).All(x => Same(x.First, x.Second))
                    && Same(verdict.Orientation?.Rotated ?? double.NaN, r.Orientation?.Rotated ?? double.NaN)
                    && Same(verdict.Orientation?.Judged ?? double.NaN, r.Orientation?.Judged ?? double.NaN)
                    && Same(verdict.Orientation?.Equivariance ?? double.NaN, r.Orientation?.Equivariance ?? double.NaN);
        if (!same)
        {
            log?.Invoke($"{r.Cell}: its last snapshot reads {verdict.Orientation?.Rotated:P1} against the recorded " +
                        $"{r.Orientation?.Rotated:P1}; its reading by class is left out");
            return r;
        }
        log?.Invoke($"{r.Cell}: read by class from {Path.GetFileName(file)}");
        return r with { ByClass = verdict.ByClass };
    }

    /// <summary>Trains one cell (a fine-tuning cell from its source's latest snapshot), measuring the leak every
    /// tick when asked, then judges G_ema's final images and saves a grid of them.</summary>
    static LeakResult RunCell(LeakExperimentOptions options, StudyCell cell, LeakCell what, LeakProbes probes,
        Action<string>? log, Action<string, TrainingProgress>? onTick)
    {
        long sampleSeed = 1_000_000 + cell.Seed;
        string? source = cell.Training.Resume is { } from
            ? Path.GetRelativePath(options.OutDir, Snapshot.Resolve(from))
            : null;
        log?.Invoke($"{cell.Name}: training {cell.Training.Kimg} kimg{(source is null ? "" : $" from {source}")}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (events, (verdict, p), before) = ExperimentRun.Train(cell.Training, trainer =>
        {
            using var scope = NewDisposeScope();
            var images = LeakProbes.Images(trainer.GEma, options.Samples, sampleSeed);
            ImageGrid.Save(images.narrow(0, 0, Math.Min(64, options.Samples)),
                Path.Combine(options.OutDir, $"{cell.Name}.png"), columns: 8, scale: 2);
            return (probes.Judge(images), trainer.P);
        }, e => onTick?.Invoke(cell.Name, e),
            options.LeakEvery is null ? null : g => probes.Metrics(g, options.Samples, sampleSeed));
        var r = new LeakResult(what.Op, what.Method, what.Method == "ada" ? p : what.P, verdict.Rotated,
            verdict.RotationShares, verdict.Inverted, cell.Training.Kimg, (before + clock.Elapsed).TotalSeconds,
            Path.GetRelativePath(options.OutDir, cell.Training.OutDir), cell.Seed, cell.Name,
            options.LeakEvery is null ? null : LeakPoint.Trajectory(events), source, verdict.Orientation,
            verdict.Wide, verdict.ByClass);
        string rotated = double.IsNaN(r.Rotated) ? "" : $"rotated {r.Rotated:P1}, ";   // no classifier: not judged
        log?.Invoke($"{cell.Name}: {rotated}inverted {r.Inverted:P1}, in {r.Seconds:0} s");
        return r;
    }

    /// <summary>results.json, results.md, leak.svg and leak.html, and with trajectories leak-OP-DESIGN.svg and
    /// leak-trajectories.html (after every run, so a long experiment shows progress).</summary>
    public static void Write(LeakReport report, string directory)
    {
        Study.WriteFile(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(report, TrainingState.Json));
        File.WriteAllText(Path.Combine(directory, "results.md"), report.ToMarkdown());
        var chart = report.ToChart();
        File.WriteAllText(Path.Combine(directory, "leak.svg"), ChartSvg.Render(chart));
        File.WriteAllText(Path.Combine(directory, "leak.html"), ChartHtml.Document("Leak against p", [chart]));
        var trajectories = LeakDesignReport.Charts(report).ToList();
        foreach (var (op, design, trajectory) in trajectories)
            File.WriteAllText(Path.Combine(directory, $"leak-{op}-{design}.svg"), ChartSvg.Render(trajectory));
        if (trajectories.Count > 0)
            File.WriteAllText(Path.Combine(directory, "leak-trajectories.html"),
                ChartHtml.Document("Leak during training", trajectories.Select(t => t.Chart).ToList()));
    }

    /// <summary>Reads a results.json written by <see cref="Write"/>.</summary>
    public static LeakReport Read(string path)
        => JsonSerializer.Deserialize<LeakReport>(File.ReadAllText(path), TrainingState.Json)
            ?? throw new InvalidDataException($"{path}: empty");
}
