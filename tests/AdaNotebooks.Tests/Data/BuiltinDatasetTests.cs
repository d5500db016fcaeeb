using AdaNotebooks.Data;

namespace AdaNotebooks.Tests.Data;

public class BuiltinDatasetTests
{
    [Fact]
    public void Emoji32IsEmbeddedAndLoads()
    {
        Assert.True(BuiltinDatasets.IsEmbedded("emoji32"));
        var d = Datasets.Open("builtin:emoji32");
        Assert.Equal("builtin:emoji32", d.Name);
        Assert.Equal((1911, 3, 32, 32), (d.Count, d.Channels, d.Height, d.Width));
        Assert.False(d.HasLabels);
        // Composited onto white: corners are white, yet the images are far from blank.
        var first = d.GetImage(0);
        Assert.Equal(255, first[0]);
        var pixels = d.Pixels;
        double mean = 0;
        foreach (var b in pixels) mean += b;
        mean /= pixels.Length;
        Assert.InRange(mean, 120, 235);
    }

    [Fact]
    public void TheFacesAreTheListedEmojiAndMostAreYellow()
    {
        var all = Datasets.Open("builtin:emoji32");
        var faces = Datasets.Open("builtin:emoji32-faces");
        var indices = BuiltinDatasets.FaceIndices();
        Assert.Equal("builtin:emoji32-faces", faces.Name);
        Assert.Equal(130, faces.Count);
        Assert.Equal(indices.Count, indices.Distinct().Count());
        Assert.Equal(all.GetImage(indices[7]), faces.GetImage(7));
        // A face emoji is a yellow disc: its centre pixel has high red and green and low blue (eyes and mouth sit
        // off centre; a few faces are not yellow: ghost, skull, robot, cat faces, ...).
        static bool YellowCentre(ImageDataset d, int i)
        {
            var image = d.GetImage(i);
            int plane = d.Height * d.Width, centre = d.Height / 2 * d.Width + d.Width / 2;
            return image[centre] > 200 && image[plane + centre] > 150 && image[2 * plane + centre] < 100;
        }
        Assert.InRange(Enumerable.Range(0, faces.Count).Count(i => YellowCentre(faces, i)), 100, 130);
        Assert.InRange(Enumerable.Range(0, all.Count).Count(i => YellowCentre(all, i)), 0, all.Count / 4);
    }

    [Fact]
    public void UnknownBuiltinIsAnErrorListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Open("builtin:cats"));
        Assert.Contains("builtin:emoji32", e.Message);
        Assert.Contains("builtin:cats", e.Message);
    }

    [Fact]
    public void PreviewSpreadsSamplesAndSummarises()
    {
        Assert.Equal(new[] { 0, 25, 50, 75 }, DatasetPreview.SampleIndices(100, 4));
        Assert.Equal(new[] { 0, 1, 2 }, DatasetPreview.SampleIndices(3, 64));
        var d = new ImageDataset("tiny", new byte[3 * 2 * 2], 1, 2, 2, [0, 1, 1]);
        var summary = DatasetPreview.Summary(d).ToDictionary(l => l.Label, l => l.Value);
        Assert.Equal("2 classes", summary["labels"]);
        Assert.Equal("0: 1, 1: 2", summary["class counts"]);
        Assert.Equal("1 (gray)", summary["channels"]);
        using var grid = AdaNotebooks.Imaging.Png.Decode(DatasetPreview.GridPng(d));
        Assert.Equal(3 * 2 * 4 + 4 * 2, grid.Width); // 3 tiles of 2 px scaled 4x, 4 paddings of 2
    }
}
