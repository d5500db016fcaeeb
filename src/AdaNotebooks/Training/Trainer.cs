using System.Diagnostics;
using System.Text.Json;
using AdaNotebooks.Ada;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Data;
using AdaNotebooks.Imaging;
using AdaNotebooks.IO;
using AdaNotebooks.Native;
using AdaNotebooks.Networks;
using TorchSharp;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;
using TorchGenerator = TorchSharp.torch.Generator;

namespace AdaNotebooks.Training;

/// <summary>A NaN or infinite value stopped training; the last good snapshot stays on disk.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>StyleGAN2-ADA training (Karras et al. 2020): composes the dataset, the networks, the augmentation, the p
/// controller, the losses and the optimisers, and publishes a <see cref="TrainingProgress"/> per tick. Every
/// random draw of a step is seeded from (seed, step), so a resumed run continues exactly where a snapshot left
/// it.</summary>
public sealed class Trainer : IDisposable
{
    /// <summary>The run's configuration, every default resolved (<see cref="RunConfig.Resolve"/>).</summary>
    public RunConfig Resolved { get; }
    public TrainingOptions Options => Resolved.Options;
    public NetworkConfig Config => Resolved.Network;
    public ImageDataset Train { get; }
    public ImageDataset? Validation { get; }
    public Generator G { get; }
    public Discriminator D { get; }
    public Generator GEma { get; }
    public IAugment? Augment { get; }
    /// <summary>The owner of p: the augmentation reads it, the snapshot stores its state.</summary>
    public IPSchedule Schedule { get; }
    /// <summary>The adaptive controller, when the schedule is adaptive.</summary>
    public AdaController? Controller => Schedule as AdaController;
    public int BatchSize => Resolved.Batch;
    /// <summary>Path-length regularisation (StyleGAN2), when its weight is above zero.</summary>
    public PathLengthPenalty? PathLength { get; }

    /// <summary>How this trainer started: null for a fresh run, else one line saying what it continues from and
    /// which options given now differ from the run's own.</summary>
    public string? ResumeNote { get; }

    /// <summary>The snapshot this trainer started from, if any, and whether it continues that run (its training state
    /// was restored) rather than starting a new one from its weights.</summary>
    public string? StartSnapshot { get; }
    public bool Continues { get; }

    /// <summary>The run's training time before this trainer started: what the snapshot of this same run recorded when
    /// the trainer continues it (its folder is the output folder), zero for a fresh run or one started from another
    /// run's snapshot (fine-tuning, transfer), whose time is that run's.</summary>
    public TimeSpan ElapsedBefore { get; }

    /// <summary>The run's training time: <see cref="ElapsedBefore"/> plus the ticks this trainer has run.</summary>
    public TimeSpan Elapsed => ElapsedBefore + _clock.Elapsed;

    /// <summary>Whether this trainer continues the run whose folder is <paramref name="directory"/>.</summary>
    public bool ContinuesRunIn(string directory) =>
        Continues && StartSnapshot is not null && RunFolder.Holds(directory, StartSnapshot);

    readonly LazyAdam _optG, _optD;
    readonly DatasetLoader _loader;
    readonly Tensor _sampleZ;
    readonly TorchGenerator _augmentGenerator = new(1);
    readonly Stopwatch _clock = new();   // runs only inside RunTick

    /// <summary>Images shown to D so far, the minibatch index and the tick.</summary>
    public long Nimg { get; private set; }
    public long Step { get; private set; }
    public int Tick { get; private set; }

    public double P => Schedule.P;

    /// <summary>Optional metric computation (called with G_ema every MetricTicks ticks).</summary>
    public Func<Generator, IReadOnlyDictionary<string, double>>? MetricsProvider { get; set; }

    /// <summary>Optional timing of each step's phases (null: not timed).</summary>
    public StepProfiler? Profiler { get; set; }

    public Trainer(TrainingOptions options)
    {
        options.Validate();
        var full = Datasets.Open(options.Data);
        var split = new DatasetOptions
        {
            Validation = Math.Min(options.Validation, full.Count / 2), Subset = options.Subset, Mirror = options.Mirror,
            Seed = options.Seed,
        }.Apply(full);
        Train = split.Train;
        Validation = split.Validation;
        if (Train.Count < 1)
            throw new ArgumentException($"{options.Data}: no training images left after holding out " +
                                        $"{options.Validation} for validation");
        if (Train.Height != Train.Width)
            throw new ArgumentException($"{options.Data}: images are {Train.Width}x{Train.Height}; training needs " +
                                        "square images " +
                                        "(convert with ada dataset convert --res)");

        Snapshot? start = options.Resume is null ? null : Snapshot.Load(options.Resume);
        if (options.Conditional == true && !Train.HasLabels)
            throw new ArgumentException($"{options.Data}: --cond needs a dataset with labels (dataset.json), this " +
                                        "one has none");
        int cDim = Train.HasLabels && options.Conditional != false ? Train.ClassCount : 0;
        var network = start?.Config ?? options.Network ?? NetworkConfig.Preset(options.Config, Train.Height,
            Train.Channels, cDim);
        if (network.Resolution != Train.Height || network.ImgChannels != Train.Channels)
            throw new ArgumentException($"{options.Resume}: the snapshot's networks are " +
                                        $"{network.Resolution}x{network.Resolution}x" +
                                        $"{network.ImgChannels}, the dataset " +
                                        $"{Train.Height}x{Train.Width}x{Train.Channels}");
        // A resume of this run (its snapshot carries training state) continues exactly; anything else is transfer
        // learning.
        var state = start is not null && start.Entries.ContainsKey(TrainingState.Entry)
            ? TrainingState.Read(start)
            : null;
        Resolved = RunConfig.Resolve(options, network, transfer: start is not null && state is null);

        torch.random.manual_seed(options.Seed);
        G = Config.CreateGenerator();
        D = Config.CreateDiscriminator(options.FreezeD);
        GEma = Config.CreateGenerator();
        // Mixed precision for the networks that train; G_ema (samples, metrics, snapshots) runs in float32.
        G.SetPrecision(Resolved.Precision.Mixed);
        D.SetPrecision(Resolved.Precision.Mixed);
        if (start is not null)
        {
            StateDicts.Load(G, start.G.state_dict(), "the snapshot's G");
            StateDicts.Load(GEma, start.GEma.state_dict(), "the snapshot's G_ema");
            if (start.D is not null) StateDicts.Load(D, start.D.state_dict(), "the snapshot's D");
        }
        else
            StateDicts.Load(GEma, G.state_dict(), "G");
        GEma.eval();
        // Freeze-D leaves some of D's layers without gradients: remember which parameters train.
        _gTrainable = G.parameters().Where(p => p.requires_grad).ToList();
        _dTrainable = D.parameters().Where(p => p.requires_grad).ToList();
        SetRequiresGrad(_gTrainable, false);
        SetRequiresGrad(_dTrainable, false);
        SetRequiresGrad(GEma.parameters(), false);

        var hyper = Resolved.Hyper;
        if (hyper.PlWeight > 0) PathLength = new PathLengthPenalty(hyper.PlWeight);
        _optG = new LazyAdam(Named(G, _gTrainable), hyper.LearningRate, 0, 0.99,
            regInterval: PathLength is null ? null : PathLengthPenalty.Interval);
        _optD = new LazyAdam(Named(D, _dTrainable), hyper.LearningRate, 0, 0.99,
            regInterval: hyper.Gamma > 0 ? options.R1Interval : null);

        StartSnapshot = start?.Path;
        Continues = state is not null;
        if (state is not null)
        {
            Nimg = state.Nimg;
            Step = state.Step;
            Tick = state.Tick;
            _optG.LoadStateDict(TrainingState.ReadTensors(start!, "optim_G/"));
            _optD.LoadStateDict(TrainingState.ReadTensors(start!, "optim_D/"));
            if (PathLength is not null) PathLength.Mean = state.PlMean;
            if (ContinuesRunIn(options.OutDir)) ElapsedBefore = TimeSpan.FromSeconds(state.Seconds);
            ResumeNote = $"continuing {start!.Path} at {Nimg / 1000.0:0.###} kimg, p = {state.Schedule.P:0.###}";
        }
        else if (start is not null)
            ResumeNote = $"starting from {start.Path} (transfer learning: fresh optimisers, ada_kimg " +
                         (Resolved.Schedule.Ada?.AdaKimg.ToString(System.Globalization.CultureInfo.InvariantCulture)
                          ?? "-") +
                         ")";
        Schedule = Resolved.Schedule.Create(ContinuedSchedule(state), Nimg);
        Augment = options.Augment switch
        {
            AugmentMode.NoAug => null,
            AugmentMode.DiffAug => new DiffAugment(options.DiffAugPolicy),
            _ => new AugmentPipe(AugmentSpec.Preset(options.Preset), Schedule),
        };
        start?.Dispose();

        _loader = new DatasetLoader(Train, BatchSize, seed: options.Seed, startBatch: Step);
        _sampleZ = LatentSeeds.Z(Enumerable.Range(0, options.SampleCount).Select(i => (long)i).ToArray(), Config.ZDim)
            .DetachFromDisposeScope();
    }

    /// <summary>The schedule state a resumed run continues from: the saved one when the schedule kind is unchanged (a p
    /// given anew for an adaptive run replaces the controller's p), else none (the new schedule starts
    /// afresh).</summary>
    PScheduleState? ContinuedSchedule(TrainingStateData? state)
    {
        if (state is null || state.Schedule.Kind != Resolved.Schedule.Kind) return null;
        var saved = state.Schedule;
        if (saved.Controller is { } c && Options.P != state.Options.P)
            return saved with { P = Options.P, Controller = c with { P = Options.P } };
        return saved;
    }

    readonly List<TorchSharp.Modules.Parameter> _gTrainable, _dTrainable;

    static IEnumerable<(string, TorchSharp.Modules.Parameter)> Named(nn.Module m,
        List<TorchSharp.Modules.Parameter> trainable) =>
        m.named_parameters().Where(p => trainable.Contains(p.parameter)).Select(p => (p.name, p.parameter));

    static void SetRequiresGrad(IEnumerable<TorchSharp.Modules.Parameter> parameters, bool value)
    {
        foreach (var p in parameters) p.requires_grad_(value);
    }

    /// <summary>Runs to the configured length, publishing progress; stops early (after a snapshot) when
    /// cancelled, or after a tick for which <paramref name="stop"/> holds (that tick's progress is not
    /// <see cref="TrainingProgress.Done"/>).</summary>
    public void Run(Action<TrainingProgress>? onProgress = null, CancellationToken cancel = default,
        Func<TrainingProgress, bool>? stop = null)
    {
        long totalNimg = (long)(Options.Kimg * 1000);
        while (Nimg < totalNimg)
        {
            var progress = RunTick(totalNimg, cancel);
            onProgress?.Invoke(progress);
            if (progress.Done || stop?.Invoke(progress) == true) break;
        }
    }

    /// <summary>One tick: minibatches until KimgPerTick thousand images more, then statistics, samples,
    /// snapshot.</summary>
    public TrainingProgress RunTick(long? totalNimg = null, CancellationToken cancel = default)
    {
        _clock.Start();
        try { return RunTickTimed(totalNimg, cancel); }
        finally { _clock.Stop(); }
    }

    TrainingProgress RunTickTimed(long? totalNimg, CancellationToken cancel)
    {
        long total = totalNimg ?? (long)(Options.Kimg * 1000);
        long tickEnd = Math.Min(total, (long)((Math.Floor(Nimg / (Options.KimgPerTick * 1000) + 1e-9) +
            1) * Options.KimgPerTick * 1000));
        var sums = new Dictionary<string, double>();
        var counts = new Dictionary<string, int>();
        int nonFinite = 0;
        long firstNonFinite = -1;
        double? tickHeuristic = null;
        double signSum = 0, signCount = 0;
        var tickClock = Stopwatch.StartNew();
        long tickStartNimg = Nimg;
        double augmentSeconds = 0;

        while (Nimg < tickEnd && !cancel.IsCancellationRequested)
        {
            Profiler?.BeginStep();
            using (EnterFence())
            using (NewDisposeScope())
            {
                var losses = TrainStep(ref augmentSeconds, out var realSignSum, out var realCount);
                foreach (var (k, v) in losses)
                {
                    if (!double.IsFinite(v)) { nonFinite++; if (firstNonFinite < 0) firstNonFinite = Step; continue; }
                    sums[k] = sums.GetValueOrDefault(k) + v;
                    counts[k] = counts.GetValueOrDefault(k) + 1;
                }
                signSum += realSignSum;
                signCount += realCount;
            }
            Profiler?.EndStep();
        }
        if (signCount > 0) tickHeuristic = signSum / signCount;
        bool rv = Controller?.Options.Heuristic == Heuristic.Rv;
        Tick++;
        double seconds = tickClock.Elapsed.TotalSeconds;
        bool done = Nimg >= total || cancel.IsCancellationRequested;

        if (nonFinite > 0 && !ParametersFinite())
            throw new TrainingDivergedException($"training diverged: {nonFinite} step(s) with a NaN or infinite loss " +
                                                $"from step {firstNonFinite} on, and the networks now hold " +
                                                $"non-finite weights; the last good snapshot is in {Options.OutDir}");

        byte[]? samples = null;
        string? snapshot = null;
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        DOutputs? dOutputs;
        using (FinalizerFence.Enter())
        {
            if (Tick % Options.SampleTicks == 0 || done) samples = SampleGrid();
            if (Tick % Options.SnapshotTicks == 0 || done) snapshot = SaveSnapshot();
            if (MetricsProvider is not null && Options.MetricTicks > 0 && (Tick % Options.MetricTicks == 0 || done))
                metrics = MetricsProvider(GEma);
            dOutputs = MeasureDOutputs();
        }

        NativeMemory.Trim();
        var lossMeans = sums.ToDictionary(kv => kv.Key, kv => kv.Value / counts[kv.Key]);
        if (nonFinite > 0) lossMeans["nonfinite_steps"] = nonFinite;
        double rate = (Nimg - tickStartNimg) / Math.Max(seconds, 1e-9);
        return new TrainingProgress
        {
            Tick = Tick,
            Kimg = Nimg / 1000.0,
            TotalKimg = total / 1000.0,
            Step = Step,
            P = P,
            // r_t is logged the same way for every method: the tick's mean of sign(D(augmented real)); the controller
            // still adjusts p from its own window. r_v (computed only by the controller) is its last value.
            Heuristic = rv ? Schedule.LastHeuristic : tickHeuristic,
            HeuristicName = rv ? "r_v" : "r_t",
            Losses = lossMeans,
            ImagesPerSecond = rate,
            SecondsPerTick = seconds,
            Elapsed = Elapsed,
            Eta = rate > 0 ? TimeSpan.FromSeconds((total - Nimg) / rate) : null,
            AugmentShare = seconds > 0 ? augmentSeconds / seconds : 0,
            DOutputs = dOutputs,
            Metrics = metrics,
            SampleGrid = samples,
            SnapshotPath = snapshot,
            Done = done,
        };
    }

    /// <summary>A step's native calls run with no finalizer beside them (see <see cref="FinalizerFence"/>).</summary>
    FinalizerFence EnterFence()
    {
        using var phase = Profiler?.Phase(StepPhase.Fence);
        return FinalizerFence.Enter();
    }

    Tensor Aug(Tensor images, ref double seconds)
    {
        if (Augment is null) return images;
        var sw = Stopwatch.StartNew();
        using var phase = Profiler?.Phase(StepPhase.Augmentation);
        var result = Augment.Augment(images);
        seconds += sw.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>One minibatch: G main, D main (+ bCR), lazy R1, EMA, controller. Returns the losses.</summary>
    Dictionary<string, double> TrainStep(ref double augSeconds, out double realSignSum, out long realCount)
    {
        // Every random draw of this step comes from (seed, step).
        torch.random.manual_seed(Options.Seed * 1_000_003L + Step);
        // One generator for the augmentation, re-seeded every step (a new one per step would hold native memory).
        _augmentGenerator.manual_seed(Options.Seed * 7_919L + Step + 1);
        if (Augment is AugmentPipe pipe) pipe.Generator = _augmentGenerator;
        if (Augment is DiffAugment diff) diff.Generator = _augmentGenerator;

        DataBatch batch;
        Tensor? c, genC;
        using (Profiler?.Phase(StepPhase.Data))
        {
            batch = _loader.Next();
            c = Conditioning(batch.Labels);
            genC = RandomConditioning();
        }
        using var batchScope = batch;
        var reals = batch.Images;
        bool bcr = Options.Augment == AugmentMode.Bcr;
        var losses = new Dictionary<string, double>();

        // G main: softplus(-D(aug(G(z)))); bCR trains G unaugmented.
        SetRequiresGrad(_gTrainable, true);
        _optG.ZeroGrad();
        Tensor fake, gLoss;
        using (Profiler?.Phase(StepPhase.GForward)) fake = Generate(randn(BatchSize, Config.ZDim), genC);
        using (Profiler?.Phase(StepPhase.DForward))
            gLoss = GanLosses.Generator(D.forward(bcr ? fake : Aug(fake, ref augSeconds), genC));
        using (Profiler?.Phase(StepPhase.Backward)) gLoss.backward();
        using (Profiler?.Phase(StepPhase.Optimizer)) _optG.StepOnce();
        losses["G"] = gLoss.item<float>();

        // Path-length regularisation every 4 minibatches, its own G step (ADA-SPEC 3).
        if (PathLength is not null && PathLength.IsDue(Step))
        {
            using var phase = Profiler?.Phase(StepPhase.PathLength);
            _optG.ZeroGrad();
            var pl = PathLength.Compute((z, zc) => GenerateWithWs(z, zc), randn(BatchSize, Config.ZDim), genC);
            pl.Loss.backward();
            _optG.StepOnce();
            losses["PL"] = pl.Penalty.mean().item<float>();
        }
        SetRequiresGrad(_gTrainable, false);

        // D main: softplus(D(aug(G(z)))) + softplus(-D(aug(x))) (+ bCR consistency).
        SetRequiresGrad(_dTrainable, true);
        _optD.ZeroGrad();
        Tensor fakeD, fakeLogits, realLogits, dLoss;
        using (Profiler?.Phase(StepPhase.GForward))
        using (no_grad())
            fakeD = Generate(randn(BatchSize, Config.ZDim), genC);
        using (Profiler?.Phase(StepPhase.DForward))
        {
            fakeLogits = D.forward(bcr ? fakeD : Aug(fakeD, ref augSeconds), genC);
            realLogits = D.forward(bcr ? reals : Aug(reals, ref augSeconds), c);
            dLoss = GanLosses.Discriminator(fakeLogits, realLogits);
        }
        if (bcr && Augment is not null)
        {
            using var phase = Profiler?.Phase(StepPhase.DForward);
            var consistency = GanLosses.Consistency(realLogits, D.forward(Aug(reals, ref augSeconds), c))
                .mul(Options.BcrReal)
                .add(GanLosses.Consistency(fakeLogits, D.forward(Aug(fakeD, ref augSeconds), genC))
                    .mul(Options.BcrFake));
            losses["bCR"] = consistency.item<float>();
            dLoss = dLoss.add(consistency);
        }
        using (Profiler?.Phase(StepPhase.Backward)) dLoss.backward();
        using (Profiler?.Phase(StepPhase.Optimizer)) _optD.StepOnce();
        losses["D"] = dLoss.item<float>();
        // sum(sign(D(augmented real))): the tick's r_t and, when adaptive, the controller's input (one host sync).
        var realOut = realLogits.detach();
        realSignSum = realOut.sign().sum().item<float>();
        realCount = realOut.numel();
        if (Schedule.Kind == PScheduleKind.Adaptive)
            using (Profiler?.Phase(StepPhase.Controller))
                Schedule.ObserveTrainingReals(realSignSum, realOut.sum().item<float>(), realCount);

        // Lazy R1 every R1Interval minibatches, scaled by the interval, on un-augmented reals through the augmentation.
        if (Resolved.Hyper.Gamma > 0 && Step % Options.R1Interval == 0)
        {
            using var phase = Profiler?.Phase(StepPhase.R1);
            _optD.ZeroGrad();
            var x = reals.detach().requires_grad_(true);
            var logits = D.forward(bcr ? x : Aug(x, ref augSeconds), c);
            var r1 = GanLosses.R1Penalty(logits, x);
            var r1Loss = r1.mul(Resolved.Hyper.Gamma / 2).mean().mul(Options.R1Interval).add(logits.mul(0).mean());
            r1Loss.backward();
            _optD.StepOnce();
            losses["R1"] = r1.mean().item<float>();
        }
        SetRequiresGrad(_dTrainable, false);

        // G_ema and bookkeeping.
        Nimg += BatchSize;
        Step++;
        using (Profiler?.Phase(StepPhase.Ema))
            Ema.Update(G, GEma, Ema.Beta(BatchSize, Resolved.Hyper.EmaKimg, Resolved.Hyper.EmaRampup, Nimg));

        // The p schedule: r_v also needs D's outputs on validation and generated images; then p moves (every interval).
        using var controllerPhase = Profiler?.Phase(StepPhase.Controller);
        if (Schedule.WantsValidation && Validation is not null && Step % Options.AdaInterval == 0)
            using (no_grad())
            {
                var index = Enumerable.Range(0, Math.Min(BatchSize, Validation.Count))
                    .Select(i => (int)((Step * BatchSize + i) % Validation.Count)).ToList();
                var v = Validation.ToTensor(index);
                var vl = D.forward(v, Conditioning(null, v.shape[0]));
                Schedule.ObserveValidation(vl.sum().item<float>(), vl.numel());
                Schedule.ObserveGenerated(fakeLogits.detach().sum().item<float>(), fakeLogits.numel());
            }
        Schedule.EndMinibatch(BatchSize, Nimg);
        return losses;
    }

    Tensor Generate(Tensor z, Tensor? c) => Resolved.Hyper.StyleMixing <= 0 ? G.forward(z, c) : GenerateWithWs(z, c)
        .Images;

    /// <summary>G's images and the ws the synthesis network read, with style mixing: with probability 0.9, ws after a
    /// random cutoff come from a second latent.</summary>
    (Tensor Images, Tensor Ws) GenerateWithWs(Tensor z, Tensor? c)
    {
        var ws = G.mapping.forward(z, c);
        if (Resolved.Hyper.StyleMixing > 0 && rand(1).item<float>() < Resolved.Hyper.StyleMixing)
        {
            int cutoff = (int)randint(1, ws.shape[1], [1]).item<long>();
            var ws2 = G.mapping.forward(randn_like(z), c, skipWAvgUpdate: true);
            ws = cat([ws[.., ..cutoff], ws2[.., cutoff..]], 1);
        }
        return (G.synthesis.forward(ws), ws);
    }

    Tensor? Conditioning(Tensor? labels, long? count = null)
    {
        if (Config.CDim == 0) return null;
        if (labels is null) return RandomConditioning(count);
        return nn.functional.one_hot(labels.to(ScalarType.Int64), Config.CDim).to(float32);
    }

    /// <summary>Labels for generated images: drawn from the training set's labels, like the reference.</summary>
    Tensor? RandomConditioning(long? count = null)
    {
        if (Config.CDim == 0) return null;
        long n = count ?? BatchSize;
        var index = randint(0, Train.Count, [n]).data<long>().ToArray();
        var labels = tensor(index.Select(i => (long)Train.Label((int)i)).ToArray());
        return nn.functional.one_hot(labels, Config.CDim).to(float32);
    }

    bool ParametersFinite() =>
        G.parameters().Concat(D.parameters()).All(p => p.isfinite().all().item<bool>());

    /// <summary>D's raw outputs on (un-augmented) training reals, validation reals and generated images, evaluated in
    /// minibatches (a large batch through G would hold far more memory than training itself).</summary>
    DOutputs MeasureDOutputs()
    {
        using var noGrad = no_grad();
        const int count = 256;
        double[] Logits(int n, Func<int, int, (Tensor Images, Tensor? C)> batch)
        {
            var result = new List<double>();
            for (int start = 0, k; start < n; start += k)
            {
                using var scope = NewDisposeScope();
                k = Math.Min(BatchSize, n - start);
                // Minibatch std needs a batch of fewer images than its group or a multiple of it (30 -> 28 + 2).
                if (k > Config.MbstdGroup) k -= k % Config.MbstdGroup;
                var (images, c) = batch(start, k);
                result.AddRange(D.forward(images, c).flatten().to(float64).data<double>().ToArray());
            }
            return result.ToArray();
        }
        int nTrain = Math.Min(count, Train.Count);
        var train = Logits(nTrain,
            (s, k) => (Train.ToTensor(Enumerable.Range(s, k).Select(i => (int)((long)i * Train.Count / nTrain))
                .ToList()), Conditioning(null, k)));
        var valid = Validation is { Count: > 0 } v
            ? Logits(Math.Min(count, v.Count), (s, k) => (v.ToTensor(Enumerable.Range(s, k).ToList()),
                Conditioning(null, k)))
            : [];
        torch.random.manual_seed(Options.Seed + 99_991);
        var gen = Logits(count, (s, k) => (GEma.forward(randn(k, Config.ZDim), RandomConditioning(k)),
            RandomConditioning(k)));
        return new DOutputs(train, valid, gen);
    }

    /// <summary>A PNG grid of G_ema's images for the run's fixed seeds (constant noise).</summary>
    public byte[] SampleGrid()
    {
        using var scope = NewDisposeScope();
        var images = FixedSamples(Options.SampleCount);
        return ImageGrid.Png(images, columns: 8, scale: Config.Resolution <= 32 ? 2 : 1);
    }

    /// <summary>G_ema's images (NCHW) for the first <paramref name="count"/> of the run's fixed seeds, as in
    /// <see cref="SampleGrid"/>.</summary>
    public Tensor FixedSamples(int count)
    {
        using var noGrad = no_grad();
        var z = _sampleZ.narrow(0, 0, Math.Clamp(count, 1, (int)_sampleZ.shape[0]));
        return GEma.forward(z, RandomConditioning(z.shape[0]), noiseMode: NoiseMode.Const);
    }

    /// <summary>Writes a snapshot with everything an exact resume needs into the run folder and returns its path
    /// (how many are kept is the run recorder's concern).</summary>
    public string SaveSnapshot()
    {
        using var scope = NewDisposeScope();
        if (!ParametersFinite())
            throw new TrainingDivergedException($"not writing a snapshot at kimg {Nimg / 1000.0:F1}: the networks " +
                                                "hold NaN or " +
                                                $"infinite weights; the last good snapshot is in {Options.OutDir}");
        var snapshot = new Snapshot(Config, G, D, GEma, Nimg / 1000.0, Augment is null ? null : P);
        var state = new TrainingStateData(Options, Nimg, Step, Tick, Schedule.State, PathLength?.Mean ?? 0,
            Elapsed.TotalSeconds);
        TrainingState.Write(snapshot, state, _optG.StateDict(), _optD.StateDict());
        return snapshot.Save(Options.OutDir);
    }

    public void Dispose()
    {
        _loader.Dispose();
        G.Dispose();
        D.Dispose();
        GEma.Dispose();
        _sampleZ.Dispose();
        _augmentGenerator.Dispose();
    }
}
