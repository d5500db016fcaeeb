using AdaNotebooks.Course;
namespace AdaNotebooks.Tests.Style;

/// <summary>Every C# line under src/ and tests/ keeps to the 120 columns set in .editorconfig.</summary>
public class LineLengthTests
{
    const int MaxColumns = 120;

    [Fact]
    public void NoCSharpLineIsLongerThan120Columns()
    {
        var root = Repository.RootAbove(AppContext.BaseDirectory);
        var offenders = new List<string>();
        foreach (var folder in new[] { "src", "tests" })
        {
            var files = Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories);
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj")) continue;
                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                    if (lines[i].Length > MaxColumns)
                        offenders.Add($"{relative}:{i + 1} ({lines[i].Length} columns)");
            }
        }
        Assert.True(offenders.Count == 0,
            $"{offenders.Count} line(s) over {MaxColumns} columns:\n" + string.Join("\n", offenders));
    }

}
