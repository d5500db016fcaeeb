using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>A cheap stand-in network: per-channel mean and mean square of the 0-255 pixels, then the same for the
/// four image quadrants of channel 0 (D = 10). Counts the images it sees.</summary>
sealed class TestExtractor(string fingerprint = "test-v1") : IFeatureExtractor
{
    public string Name => "test";
    public int Dimension => 10;
    public bool IsStandard => false;
    public string Fingerprint => fingerprint;
    public long ImagesSeen { get; private set; }

    public Tensor Extract(Tensor images)
    {
        Assert.Equal(ScalarType.Byte, images.dtype);
        ImagesSeen += images.shape[0];
        using var scope = NewDisposeScope();
        var x = images.to(float32);
        if (x.shape[1] == 1) x = x.expand(-1, 3, -1, -1);
        long h = x.shape[2] / 2, w = x.shape[3] / 2;
        var quadrants = new[] { (0L, 0L), (0L, w), (h, 0L), (h, w) }
            .Select(q => x[.., 0].narrow(1, q.Item1, h).narrow(2, q.Item2, w).mean([1, 2]).unsqueeze(1));
        var features = cat([x.mean([2, 3]), x.pow(2).mean([2, 3]).div(255), .. quadrants], 1);
        return features.MoveToOuterDisposeScope();
    }

    public void Dispose() { }
}
