using System.Text.Json;
using AdaNotebooks.Experiments;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>A cell that starts from another cell's run waits for it: the study runs its cells in waves.</summary>
public class StudyWaveTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-waves-");
    public void Dispose() => _dir.Delete(true);

    sealed record Done(string Cell, int Seed) : IStudyResult;

    static readonly IReadOnlyList<StudyCell> Plan =
    [
        new("tune-s0", 0, new TrainingOptions(), After: ["source-s0"]),
        new("source-s0", 0, new TrainingOptions()),
        new("other-s0", 0, new TrainingOptions()),
    ];

    [Fact]
    public void ACellRunsAfterTheCellsItNeeds()
    {
        var ran = new List<string>();
        var results = Study.Run(Plan, [], c => { ran.Add(c.Name); return new Done(c.Name, c.Seed); }, _ => { });
        Assert.Equal(["source-s0", "other-s0", "tune-s0"], ran);
        Assert.Equal(["tune-s0", "source-s0", "other-s0"], results.Select(r => r.Cell));   // plan order
    }

    [Fact]
    public void ARecordedSourceLetsItsDependentsRunInTheFirstWave()
    {
        var waves = Study.Waves(Plan, [Plan[0], Plan[2]]);
        Assert.Equal(["tune-s0", "other-s0"], Assert.Single(waves).Select(c => c.Name));
    }

    [Fact]
    public void WorkersOfOneWaveFinishBeforeTheNextWaveStarts()
    {
        var started = new List<string>();
        var gate = new object();
        var execution = StudyExecution.SideBySide(2, cell =>
        {
            lock (gate) started.Add(cell.Name);
            Thread.Sleep(cell.Name == "source-s0" ? 200 : 0);   // the source is slow: the dependent must wait
            File.WriteAllText(StudyExecution.ResultFile(_dir.FullName, cell.Name),
                JsonSerializer.Serialize(new Done(cell.Name, cell.Seed), TrainingState.Json));
        });
        Study.Run<Done>(Plan, [], _ => throw new InvalidOperationException("not here"), _ => { }, null, _dir.FullName,
            execution);
        Assert.Equal("tune-s0", started.Last());
    }

    [Fact]
    public void ACellNeedingAnUnplannedCellIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Study.Waves([new("a", 0, new TrainingOptions(), ["b"])], []));
        Assert.Contains("needs cell 'b'", e.Message);
    }

    /// <summary>Workers take a wave's cells in plan order, one at a time: a study stopped part-way has its first
    /// cells (the first seeds) done, not the first cells of each half of the plan.</summary>
    [Fact]
    public void WorkersTakeCellsInPlanOrder()
    {
        var plan = Enumerable.Range(0, 8).Select(i => new StudyCell($"c{i}", i, new TrainingOptions())).ToList();
        var started = new List<string>();
        var gate = new object();
        var execution = StudyExecution.SideBySide(2, cell =>
        {
            lock (gate) started.Add(cell.Name);
            Thread.Sleep(20);
            File.WriteAllText(StudyExecution.ResultFile(_dir.FullName, cell.Name),
                JsonSerializer.Serialize(new Done(cell.Name, cell.Seed), TrainingState.Json));
        });
        Study.Run<Done>(plan, [], _ => throw new InvalidOperationException("not here"), _ => { }, null, _dir.FullName,
            execution);
        Assert.Equal(["c0", "c1"], started.Take(2).Order());
        Assert.Equal(["c2", "c3"], started.Skip(2).Take(2).Order());
        Assert.Equal(["c6", "c7"], started.Skip(6).Order());
    }

    /// <summary>A study run with fewer seeds (or p) than an earlier run recorded keeps the other cells' results.
    /// </summary>
    [Fact]
    public void RecordedCellsOutsideThePlanStayRecorded()
    {
        var recorded = new List<Done>();
        var results = Study.Run(Plan, [new Done("source-s1", 1)], c => new Done(c.Name, c.Seed),
            r => { recorded.Clear(); recorded.AddRange(r); });
        Assert.Equal(["tune-s0", "source-s0", "other-s0", "source-s1"], results.Select(r => r.Cell));
        Assert.Equal(results, recorded);
    }
}
