using AdaNotebooks.Ada;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Ada;

public class PScheduleTests
{
    [Fact]
    public void RampRisesLinearlyThenHolds()
    {
        var ramp = PScheduleSettings.Ramp(0.8, kimg: 2).Create();
        Assert.Equal(0, ramp.P);
        var seen = new List<double>();
        for (long nimg = 250; nimg <= 3000; nimg += 250)
        {
            ramp.EndMinibatch(250, nimg);
            seen.Add(ramp.P);
        }
        Assert.Equal(0.1, seen[0], 12);
        Assert.Equal(0.4, seen[3], 12);
        Assert.Equal(0.8, seen[7], 12);
        Assert.All(seen.Skip(7), p => Assert.Equal(0.8, p, 12));
        // A ramp resumed part-way continues from the images shown, whatever state it was given.
        Assert.Equal(0.3, PScheduleSettings.Ramp(0.8, 2).Create(new PScheduleState(PScheduleKind.Ramp, 0.7), 750).P,
            12);
    }

    [Fact]
    public void FixedHoldsAndAdaptiveContinuesFromItsState()
    {
        var fixedP = PScheduleSettings.Fixed(0.35).Create();
        fixedP.ObserveTrainingReals(8, 8, 8);
        fixedP.EndMinibatch(8, 8);
        Assert.Equal(0.35, fixedP.P);

        var settings = PScheduleSettings.Adaptive(new AdaOptions { Interval = 1, AdaKimg = 1 });
        var ada = settings.Create();
        ada.ObserveTrainingReals(8, 8, 8); // r_t = 1 > 0.6: p rises by 8 / 1000
        ada.EndMinibatch(8, 8);
        Assert.Equal(0.008, ada.P, 12);
        var resumed = settings.Create(ada.State);
        Assert.Equal(ada.State, resumed.State);
        Assert.Throws<ArgumentException>(() => settings.Create(new PScheduleState(PScheduleKind.Fixed, 0.2)));
    }

    [Fact]
    public void AugmentPipeReadsPFromItsSchedule()
    {
        var ramp = PScheduleSettings.Ramp(1, kimg: 1).Create();
        var pipe = new AugmentPipe(AugmentSpec.Preset("bgc"), ramp);
        Assert.Equal(0, pipe.P);
        ramp.EndMinibatch(500, 500);
        Assert.Equal(0.5, pipe.P, 12);
    }

    [Fact]
    public void TheRunConfigurationResolvesEveryDefaultOnce()
    {
        var auto = RunConfig.Resolve(new TrainingOptions { Config = "auto" }, NetworkConfig.Auto(32));
        Assert.Equal(2, auto.Hyper.PlWeight);
        Assert.Equal(TrainingDefaults.Auto(32), auto.Hyper);
        Assert.Equal(500, auto.Schedule.Ada!.AdaKimg);
        Assert.Equal(0.6, auto.Schedule.Ada.Target);

        var cpu = RunConfig.Resolve(new TrainingOptions { Batch = 16, Gamma = 0.5, PlWeight = 1,
            Augment = AugmentMode.Ramp, P = 0.8,
                                                         RampKimg = 3 }, NetworkConfig.Cpu(32), transfer: true);
        Assert.Equal((16, 0.5, 1.0), (cpu.Hyper.Batch, cpu.Hyper.Gamma, cpu.Hyper.PlWeight));
        Assert.Equal(PScheduleSettings.Ramp(0.8, 3), cpu.Schedule);
        var transfer = RunConfig.Resolve(new TrainingOptions(), NetworkConfig.Cpu(32), transfer: true);
        Assert.Equal(100, transfer.Schedule.Ada!.AdaKimg);
        Assert.Equal(PScheduleSettings.Fixed(0),
            RunConfig.ResolveSchedule(new TrainingOptions { Augment = AugmentMode.NoAug, P = 0.5 }, false));
        Assert.Throws<ArgumentException>(() => RunConfig.Resolve(new TrainingOptions { Augment = AugmentMode.Ramp,
            P = 0.5 }, NetworkConfig.Cpu(32)));
    }
}
