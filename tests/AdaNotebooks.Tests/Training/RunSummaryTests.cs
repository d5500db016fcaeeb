using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Training;

public class RunSummaryTests
{
    static List<TrainingProgress> Events(double[] ps, double[] rts) =>
        ps.Select((p, i) => new TrainingProgress { Tick = i + 1, Kimg = i + 1, P = p, Heuristic = rts[i] }).ToList();

    [Fact]
    public void AnAdaRunSaysWhereThePeakedAndWhereRtWasHeld()
    {
        var config = RunConfig.Resolve(new TrainingOptions { Subset = 100, AdaKimg = 20 }, NetworkConfig.Cpu(32));
        var events = Events([0, 0.1, 0.3, 0.25, 0.2, 0.22], [0.5, 0.7, 0.8, 0.6, 0.5, 0.55]);
        var text = RunSummary.Describe(events, config);
        Assert.Contains("after 6 kimg, trained on 100 images.", text);
        Assert.Contains("above its target 0.6", text);
        Assert.Contains("p peaked at 0.3 and ended at 0.22", text);
        Assert.Contains("r_t averaged 0.53 over the last third", text);   // mean of 0.5 and 0.55
    }

    [Fact]
    public void ARunWithoutAugmentationSaysSo()
    {
        var config = RunConfig.Resolve(new TrainingOptions { Augment = AugmentMode.NoAug }, NetworkConfig.Cpu(32));
        var text = RunSummary.Describe(Events([0, 0, 0], [0.7, 0.8, 0.9]), config);
        Assert.Contains("not augmented (p = 0)", text);
        Assert.Contains("it averaged 0.90 over the last third", text);
        Assert.DoesNotContain("trained on", text);
    }
}
