using AdaNotebooks.Metrics;

namespace AdaNotebooks.Experiments;

/// <summary>Settings of <see cref="InstrumentCheck"/>; data, resolution, held-out count, validation count and seeds
/// as the study it describes.</summary>
public sealed record InstrumentOptions
{
    public string Data { get; init; } = "data/fashion-mnist";
    public int? Resolution { get; init; } = 16;
    public int? Channels { get; init; } = 1;
    public int HeldOut { get; init; } = 2000;
    public int Validation { get; init; } = 200;
    public int MetricNum { get; init; } = 1000;
    public IReadOnlyList<string> Detectors { get; init; } = ["resnet18-112", FashionMnistFeatures.Name];
    public IReadOnlyList<int> Sizes { get; init; } = [100, 200, 500, 1000];
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2, 3, 4];
    /// <summary>The held-out split's seed (the studies' 0).</summary>
    public int Seed { get; init; }
    public string OutDir { get; init; } = "bench/results/instrument";
}
