using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Training;

/// <summary>Training in bf16 (the reference's mixed precision): finite through R1 and path-length regularisation,
/// an exact resume at the same precision on the same CPU, and snapshots that hold float32 weights whichever
/// precision wrote them.</summary>
[Collection("global torch RNG")]
public class MixedPrecisionTrainingTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-bf16-");
    public void Dispose() => _dir.Delete(true);
    string P(string name) => Path.Combine(_dir.FullName, name);

    TrainingOptions Bf16(string outDir, double kimg) =>
        TinyRuns.Options(TinyRuns.Dataset(_dir.FullName), P(outDir), kimg) with { Precision = Precision.Bf16 };

    [Fact]
    public void TwoKimgOfTheSmallNetworksInBf16WithR1AndPathLengthStayFinite()
    {
        var options = Bf16("finite", kimg: 2) with
        {
            Network = null, Config = "small", Batch = 16, KimgPerTick = 0.5, SnapshotTicks = 4, PlWeight = 2,
            R1Interval = 4, Gamma = null, Augment = AugmentMode.Ada, AdaKimg = 1,
        };
        var events = new List<TrainingProgress>();
        using var trainer = new Trainer(options);
        Assert.Equal(ScalarType.BFloat16, trainer.G.synthesis.Blocks[^1].Reduced);
        Assert.Equal(ScalarType.BFloat16, trainer.D.Blocks[0].Reduced);
        Assert.Null(trainer.GEma.synthesis.Blocks[^1].Reduced);
        trainer.Run(events.Add);
        Assert.Equal(4, events.Count);
        foreach (var e in events)
        {
            Assert.False(e.Losses.ContainsKey("nonfinite_steps"), $"non-finite losses at {e.Kimg} kimg");
            foreach (var loss in new[] { "G", "D", "R1", "PL" })
                Assert.True(e.Losses.TryGetValue(loss, out var v) && double.IsFinite(v), $"{loss} at {e.Kimg} kimg");
        }
        Assert.All(trainer.G.parameters().Concat(trainer.D.parameters()),
            p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void ABf16RunResumesExactlyAndItsSnapshotHoldsFloat32()
    {
        var options = Bf16("straight", kimg: 0.096) with { P = 0.3 };
        Dictionary<string, Tensor> straight;
        using (var t = new Trainer(options)) { t.Run(); straight = Weights(t); }
        using (var t = new Trainer(options with { OutDir = P("split"), Kimg = 0.064 })) t.Run();
        using (var snapshot = Snapshot.Load(P("split")))
            Assert.All(snapshot.G.state_dict().Values.Concat(snapshot.D!.state_dict().Values),
                w => Assert.Equal(ScalarType.Float32, w.dtype));
        using (var resumed = new Trainer(options with { OutDir = P("split"), Resume = P("split") }))
        {
            resumed.Run();
            foreach (var (name, w) in Weights(resumed))
                Assert.True(w.eq(straight[name]).all().item<bool>(), $"{name} differs after a bf16 resume");
        }
        // The same snapshot continues in float32.
        using var fp32 = new Trainer(options with
        {
            OutDir = P("split"), Resume = P("split"), Precision = Precision.Fp32, Kimg = 0.112,
        });
        Assert.Equal("fp32", fp32.Resolved.Precision.Type);
        Assert.Null(fp32.G.synthesis.Blocks[^1].Reduced);
        fp32.Run();
        Assert.Equal(112, fp32.Nimg);
    }

    static Dictionary<string, Tensor> Weights(Trainer t) =>
        t.G.state_dict().Concat(t.D.state_dict().Select(kv => KeyValuePair.Create("D." + kv.Key, kv.Value)))
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
}
