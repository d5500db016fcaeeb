using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Training;

/// <summary>Training seeds torch's process-wide generator per step (exact resume): these tests run alone, so no
/// other test draws from it in between.</summary>
[CollectionDefinition("global torch RNG", DisableParallelization = true)]
public sealed class GlobalRngCollection;

[Collection("global torch RNG")]
public class TrainerTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-train-");
    public void Dispose() => _dir.Delete(true);
    string P(string name) => Path.Combine(_dir.FullName, name);

    static Dictionary<string, Tensor> Weights(Trainer t) =>
        t.G.state_dict()
            .Concat(t.D.state_dict().Select(kv => new KeyValuePair<string, Tensor>("D." + kv.Key, kv.Value)))
            .Concat(t.GEma.state_dict().Select(kv => new KeyValuePair<string, Tensor>("Gema." + kv.Key, kv.Value)))
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    [Fact]
    public void ResumingContinuesExactlyAsAnUninterruptedRun()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        // 12 minibatches of 8 straight, against 8 + resume + 4, with augmentation and the controller at work: p moves
        // every 4 minibatches, so the split comes after it has moved twice and a resume that lost p would diverge.
        var options = TinyRuns.Options(data, P("straight"), kimg: 0.096) with { P = 0.3 };
        Dictionary<string, Tensor> straight;
        double pStraight;
        using (var t = new Trainer(options)) { t.Run(); straight = Weights(t); pStraight = t.P; }

        var before = new List<TrainingProgress>();
        using (var t = new Trainer(options with { OutDir = P("split"), Kimg = 0.064 })) t.Run(before.Add);
        int moves = before.Zip(before.Skip(1)).Count(e => e.First.P != e.Second.P) + (before[0].P != 0.3 ? 1 : 0);
        Assert.True(moves >= 2, $"p moved {moves} time(s) before the split; the test needs at least 2");
        Assert.Equal("snapshot-000000.064.zip", Path.GetFileName(Snapshot.Resolve(P("split"))));
        using var resumed = new Trainer(options with { OutDir = P("split"), Resume = P("split") });
        Assert.Equal(64, resumed.Nimg);
        Assert.Equal(8, resumed.Step);
        Assert.Equal(before[^1].P, resumed.P, 12);
        resumed.Run();
        var after = Weights(resumed);
        Assert.Equal(pStraight, resumed.P, 12);
        foreach (var (name, w) in straight)
            Assert.True(w.sub(after[name]).abs().max().item<float>() <= 1e-6f, $"{name} differs after resume");
        Assert.Contains(straight.Values, w => w.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void ARunsTimeGoesOnAcrossAResumeButNotIntoAnotherRunsFolder()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var options = TinyRuns.Options(data, P("timed"), kimg: 0.016);
        TimeSpan trained;
        using (var t = new Trainer(options)) { t.Run(); trained = t.Elapsed; }
        using (var fresh = new Trainer(options with { OutDir = P("fresh") }))
            Assert.Equal(TimeSpan.Zero, fresh.ElapsedBefore);

        using var resumed = new Trainer(options with { Resume = P("timed"), Kimg = 0.032 });
        Assert.True(resumed.Continues);
        Assert.InRange(resumed.ElapsedBefore, TimeSpan.FromMilliseconds(1), trained);
        var last = default(TrainingProgress);
        resumed.Run(e => last = e);
        Assert.True(last!.Elapsed > resumed.ElapsedBefore);

        // Fine-tuning continues the other run's state in a folder of its own: that run's time is not this one's.
        using var finetune = new Trainer(options with { OutDir = P("finetune"), Resume = P("timed"), Kimg = 0.048 });
        Assert.True(finetune.Continues);
        Assert.Equal(TimeSpan.Zero, finetune.ElapsedBefore);
    }

    [Fact]
    public void PathLengthRegularisationRunsEveryFourStepsAndItsMeanIsRestored()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var options = TinyRuns.Options(data, P("pl"), kimg: 0.064) with { PlWeight = 2, KimgPerTick = 0.032 };
        var events = new List<TrainingProgress>();
        double mean;
        using (var t = new Trainer(options))
        {
            t.Run(events.Add);
            mean = t.PathLength!.Mean;
        }
        Assert.All(events, e => Assert.True(e.Losses.TryGetValue("PL", out var pl) && double.IsFinite(pl),
            "Loss/PL missing or not finite"));
        Assert.NotEqual(0, mean);
        using (var snapshot = Snapshot.Load(P("pl"))) Assert.Equal(mean, TrainingState.Read(snapshot).PlMean);
        using var resumed = new Trainer(options with { Resume = P("pl"), Kimg = 0.08 });
        Assert.Equal(mean, resumed.PathLength!.Mean);
        using var off = new Trainer(TinyRuns.Options(data, P("off"), kimg: 0.016));
        Assert.Null(off.PathLength);
    }

    [Fact]
    public void RtIsLoggedAsTheTickMeanWhateverSetsP()
    {
        // ADA whose p cannot move in practice trains exactly as fixed p = 0; with ticks of 8 minibatches and p adjusted
        // every 4, the controller's last window is half a tick, yet both runs must log the same r_t per tick.
        var data = TinyRuns.Dataset(_dir.FullName);
        var options = TinyRuns.Options(data, P("ada"), kimg: 0.128) with { KimgPerTick = 0.064, AdaKimg = 1e12 };
        var ada = new List<TrainingProgress>();
        var fixedP = new List<TrainingProgress>();
        using (var t = new Trainer(options)) t.Run(ada.Add);
        using (var t = new Trainer(options with { OutDir = P("fixed"), Augment = AugmentMode.Fixed }))
            t.Run(fixedP.Add);
        Assert.Equal(2, ada.Count);
        Assert.Equal(fixedP.Select(e => e.Heuristic), ada.Select(e => e.Heuristic));
        Assert.All(ada, e => Assert.Equal("r_t", e.HeuristicName));
    }

    [Fact]
    public void LatestSnapshotIsFoundByKimgIncludingFractions()
    {
        foreach (var name in new[] { "snapshot-000001.zip", "snapshot-000000.960.zip", "snapshot-000001.032.zip",
            "snapshot-000000.zip" })
            File.WriteAllText(P(name), "");
        Assert.Equal("snapshot-000001.032.zip", Path.GetFileName(Snapshot.Resolve(_dir.FullName)));
        Assert.Equal("snapshot-000003.zip", Snapshot.FileName(3));
        Assert.Equal("snapshot-000003.250.zip", Snapshot.FileName(3.25));
    }

    [Fact]
    public void SnapshotCarriesPKimgControllerAndOptimiserState()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        using var t = new Trainer(TinyRuns.Options(data, P("run"), kimg: 0.032) with { P = 0.25 });
        t.Run();
        using var snapshot = Snapshot.Load(P("run"));
        var state = TrainingState.Read(snapshot);
        Assert.Equal(32, state.Nimg);
        Assert.Equal(t.P, state.Schedule.P, 12);
        Assert.Equal(t.Controller!.State, state.Schedule.Controller);
        Assert.Equal(t.P, snapshot.P!.Value, 12);
        Assert.Contains(snapshot.Entries.Keys, k => k.StartsWith("optim_D/", StringComparison.Ordinal));
        Assert.Equal(0.032, snapshot.Kimg, 9);
    }

    [Fact]
    public void AFewStepsOfTrainingLowerDsLossOnAFixedBatch()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        using var t = new Trainer(TinyRuns.Options(data, P("run"), kimg: 0.2) with { Augment = AugmentMode.NoAug,
            Gamma = 0, LearningRate = 0.01 });
        using var scope = NewDisposeScope();
        var reals = t.Train.ToTensor(Enumerable.Range(0, 16).ToList());
        random.manual_seed(5);
        var z = randn(16, t.Config.ZDim);
        double Loss()
        {
            using var noGrad = no_grad();
            var fakes = t.G.forward(z);
            return GanLosses.Discriminator(t.D.forward(fakes), t.D.forward(reals)).item<float>();
        }
        double before = Loss();
        t.Run();
        double after = Loss();
        Assert.True(after < before - 0.05, $"D loss on a fixed batch went from {before} to {after}");
    }

    [Fact]
    public void DsOutputsAreMeasuredOnATrainingSetThatIsNoMultipleOfTheMinibatchStdGroup()
    {
        // 22 images, 8 held out: 14 training images, measured in minibatches of at most 8 (14 = 8 + 6, and
        // minibatch std cannot group 6 images by 4).
        var data = TinyRuns.Dataset(_dir.FullName, count: 22);
        using var t = new Trainer(TinyRuns.Options(data, P("run"), kimg: 0.016));
        var events = new List<TrainingProgress>();
        t.Run(events.Add);
        Assert.Equal(14, events[^1].DOutputs!.Train.Length);
        Assert.All(events[^1].DOutputs!.Train, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void ProgressEventsAndRunFolderArePublished()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        using var t = new Trainer(TinyRuns.Options(data, P("run"), kimg: 0.032));
        var events = new List<TrainingProgress>();
        t.Run(events.Add);
        Assert.Equal(2, events.Count);
        Assert.True(events[^1].Done);
        Assert.Equal(0.032, events[^1].Kimg, 9);
        Assert.NotNull(events[^1].SampleGrid);
        Assert.NotNull(events[^1].DOutputs);
        Assert.Equal(8, events[^1].DOutputs!.Validation.Length);
        Assert.Contains("G", events[0].Losses.Keys);
        Assert.Contains("R1", events[0].Losses.Keys);
        var report = RunReport.Write(P("run"), "tiny", events);
        Assert.Contains("Plotly.newPlot", File.ReadAllText(report));
    }

    /// <summary>Every augmentation mode trains, R1 steps included (R1 differentiates through the augmentation
    /// twice).</summary>
    [Theory]
    [InlineData(AugmentMode.Ada, "bgc")]
    [InlineData(AugmentMode.Fixed, "rotate90")]
    [InlineData(AugmentMode.DiffAug, "bgc")]
    [InlineData(AugmentMode.Bcr, "bgc")]
    [InlineData(AugmentMode.NoAug, "bgc")]
    public void EveryAugmentationModeTrainsWithR1(AugmentMode mode, string preset)
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        using var t = new Trainer(TinyRuns.Options(data, P($"run-{mode}"), kimg: 0.032) with { Augment = mode,
            Preset = preset, P = 0.5, R1Interval = 1 });
        var events = new List<TrainingProgress>();
        t.Run(events.Add);
        Assert.All(events, e => Assert.True(e.Losses.ContainsKey("R1") && double.IsFinite(e.Losses["R1"]),
            $"{mode}: R1 missing or not finite"));
        if (mode == AugmentMode.Bcr) Assert.Contains("bCR", string.Join(",", events[0].Losses.Keys));
    }
}
