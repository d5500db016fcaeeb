using AdaNotebooks.Data;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Data;

public class LoaderResumeTests
{
    [Fact]
    public void StartingAtABatchContinuesTheSameSequence()
    {
        var pixels = Enumerable.Range(0, 10 * 3 * 4 * 4).Select(i => (byte)(i % 251)).ToArray();
        var dataset = new ImageDataset("ten", pixels, 3, 4, 4);
        using var scope = NewDisposeScope();
        using var straight = new DatasetLoader(dataset, 4, seed: 5);
        var expected = Enumerable.Range(0, 9).Select(_ => straight.Next().Indices).ToList();
        using var resumed = new DatasetLoader(dataset, 4, seed: 5, startBatch: 6);
        Assert.Equal(6, resumed.BatchesServed);
        for (int k = 6; k < 9; k++) Assert.Equal(expected[k], resumed.Next().Indices);
    }
}
