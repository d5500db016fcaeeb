using System.Text.Json;
using AdaNotebooks.Experiments;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>A study continues the results.json of a study with the same options; lists of cells may grow.</summary>
public class StudyPreviousTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-previous-");
    public void Dispose() => _dir.Delete(true);

    sealed record Done(string Cell, int Seed) : IStudyResult;
    sealed record Options(IReadOnlyList<int> Seeds, IReadOnlyList<double> Ps, int Kimg);
    sealed record Report(Options Options, List<Done> Results);

    IReadOnlyList<Done> Previous(Options options, params string[] lists) =>
        Study.Previous(_dir.FullName, options,
            path => JsonSerializer.Deserialize<Report>(File.ReadAllText(path), TrainingState.Json)!,
            r => r.Options, r => r.Results, lists);

    public StudyPreviousTests() => File.WriteAllText(Path.Combine(_dir.FullName, "results.json"),
        JsonSerializer.Serialize(new Report(new([0], [0.5], 20), [new("a-p0.5-s0", 0)]), TrainingState.Json));

    [Fact]
    public void MoreSeedsContinueTheStudy() =>
        Assert.Equal(["a-p0.5-s0"], Previous(new([0, 1], [0.5], 20)).Select(r => r.Cell));

    [Fact]
    public void AListTheStudyNamesMayGrowOthersMayNot()
    {
        Assert.Equal(["a-p0.5-s0"], Previous(new([0], [0, 0.5], 20), "Ps").Select(r => r.Cell));
        var refused = Assert.Throws<ArgumentException>(() => Previous(new([0], [0, 0.5], 20)));
        Assert.Contains("other options (Ps)", refused.Message);
        var kimg = Assert.Throws<ArgumentException>(() => Previous(new([0], [0, 0.5], 40), "Ps"));
        Assert.Contains("other options (Kimg)", kimg.Message);
    }
}
