using AdaNotebooks.Data;
using AdaNotebooks.Tests.Cli;

namespace AdaNotebooks.Tests.Data;

[Collection("console")]
public class DatasetCommandTests
{
    [Fact]
    public void InfoOnTheBuiltinPrintsTheSummaryAndWritesAGrid()
    {
        using var dir = new TempDir();
        var grid = Path.Combine(dir.Path, "grid.png");
        var (code, output, err) = CliRunner.Run("dataset", "info", "builtin:emoji32", "--grid", grid);
        Assert.True(code == 0, err);
        Assert.Matches(@"images\s+1[,.]?911", output);
        Assert.Matches(@"resolution\s+32x32", output);
        Assert.Matches(@"channels\s+3 \(RGB\)", output);
        Assert.Matches(@"labels\s+none", output);
        using var image = AdaNotebooks.Imaging.Png.Decode(File.ReadAllBytes(grid));
        Assert.True(image.Width > 16 * 32);
    }

    [Fact]
    public void InfoWritesNoFileUnlessAsked()
    {
        var before = Directory.GetFiles(Directory.GetCurrentDirectory()).ToHashSet();
        var (code, output, err) = CliRunner.Run("dataset", "info", "builtin:emoji32");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("grid", output);
        Assert.Equal(before, Directory.GetFiles(Directory.GetCurrentDirectory()).ToHashSet());
    }

    [Fact]
    public void InfoShowsClassCounts()
    {
        using var dir = new TempDir();
        var file = dir.Write("data_batch_1.bin", TestFiles.CifarRecords(1, 1, 3));
        var (code, output, err) = CliRunner.Run("dataset", "info", file, "--grid", Path.Combine(dir.Path, "g.png"));
        Assert.True(code == 0, err);
        Assert.Matches(@"labels\s+4 classes", output);
        Assert.Contains("1: 2, 3: 1", output);
    }

    [Fact]
    public void ConvertResizesAnyFolderToTheZipLayout()
    {
        using var dir = new TempDir();
        var src = dir.Sub("src");
        dir.Write("src/a.png", TestFiles.SolidPng(20, 10, 200, 0, 0));
        dir.Write("src/b.jpg", TestFiles.Jpeg(12, 12, 0, 0, 200));
        var dest = Path.Combine(dir.Path, "out.zip");
        var (code, output, err) = CliRunner.Run("dataset", "convert", src, dest, "--res", "8", "--filter", "box",
            "--crop", "pad");
        Assert.True(code == 0, err);
        Assert.Contains("2 images, 8x8, RGB", output);
        var d = Datasets.Open(dest);
        Assert.Equal((2, 3, 8, 8), (d.Count, d.Channels, d.Height, d.Width));
        Assert.Equal(255, d.GetImage(0)[8 * 0 + 0]); // padded top row is white
        Assert.Equal(200, d.GetImage(0)[8 * 4 + 4]); // red inside
    }

    [Fact]
    public void ConvertSubsetKeepsAChosenFew()
    {
        using var dir = new TempDir();
        var dest = Path.Combine(dir.Path, "few.zip");
        var (code, _, err) = CliRunner.Run("dataset", "convert", "builtin:emoji32", dest, "--subset", "10", "--seed",
            "4");
        Assert.True(code == 0, err);
        var d = Datasets.Open(dest);
        Assert.Equal(10, d.Count);
        var all = Datasets.Open("builtin:emoji32");
        var chosen = DatasetOptions.SubsetIndices(all.Count, 10, 4);
        Assert.Equal(all.GetImage(chosen[3]), d.GetImage(3));
    }

    [Fact]
    public void BadInputGivesOneLineNamingTheFile()
    {
        using var dir = new TempDir();
        var src = dir.Sub("src");
        dir.Write("src/a.png", TestFiles.SolidPng(32, 32, 1, 2, 3));
        var bad = dir.Write("src/b.png", TestFiles.SolidPng(40, 32, 1, 2, 3));
        var (code, output, err) = CliRunner.Run("dataset", "convert", src, Path.Combine(dir.Path, "out.zip"));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: {bad}: image is 40x32 but the dataset is 32x32 (like {Path.Combine(src, "a.png")}); " +
                     "pass --res to resize", line.TrimEnd());
        Assert.False(File.Exists(Path.Combine(dir.Path, "out.zip")));
    }

    [Theory]
    [InlineData("info", "/nonexistent/ada-dataset", "no such file or folder")]
    [InlineData("info", "builtin:emoji32 --filter bicubic", "--filter bicubic: expected box or lanczos")]
    [InlineData("info", "builtin:emoji32 --channels 2", "--channels 2")]
    [InlineData("info", "builtin:emoji32 --background pink", "--background pink")]
    [InlineData("convert", "builtin:emoji32 out.tar", "must be a .zip")]
    public void BadArgumentsAreOneLineErrors(string verb, string args, string expected)
    {
        using var dir = new TempDir();
        var argv = new[] { "dataset", verb }.Concat(args.Split(' ')).Append("--grid")
            .Append(Path.Combine(dir.Path, "g.png")).ToArray();
        if (verb == "convert") argv = argv[..^2];
        var (code, _, err) = CliRunner.Run(argv);
        Assert.Equal(1, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
