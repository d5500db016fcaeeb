using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace AdaNotebooks.Data;

/// <summary>One minibatch: images as float NCHW in [-1, 1] (x / 127.5 - 1), labels as int64 [N] when the dataset
/// has them, and the dataset indices they came from. Disposing it frees the tensors.</summary>
public sealed record DataBatch(Tensor Images, Tensor? Labels, int[] Indices) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}

/// <summary>Endless minibatches from an in-memory dataset. The order is a fresh seeded permutation each epoch
/// (or the plain order without shuffling), batches run on across epoch ends (every batch is full), and a
/// background thread gathers and converts the next <c>prefetch</c> batches while the caller trains, so
/// <see cref="Next"/> only wraps ready floats in a tensor. The sequence depends only on the dataset, the batch
/// size and the seed, never on timing.</summary>
public sealed class DatasetLoader : IDisposable
{
    // x / 127.5 - 1 for every byte value, computed once.
    static readonly float[] ToFloat = Enumerable.Range(0, 256).Select(v => v / 127.5f - 1f).ToArray();

    readonly BlockingCollection<(float[] Images, long[]? Labels, int[] Indices)> _ready;
    readonly CancellationTokenSource _stop = new();
    readonly Thread _producer;
    readonly Device _device;
    Exception? _fault;
    bool _disposed;

    /// <param name="prefetch">Batches prepared ahead (at least 1).</param>
    /// <param name="device">Where batches are put; the default device of TorchSharp (CPU) when null.</param>
    /// <param name="startBatch">Batches to skip: a resumed run continues the same sequence where it stopped.</param>
    public DatasetLoader(ImageDataset dataset, int batchSize, int seed = 0, bool shuffle = true, int prefetch = 4,
        Device? device = null, long startBatch = 0)
    {
        if (startBatch < 0) throw new ArgumentException($"start batch {startBatch}: expected at least 0");
        if (batchSize < 1) throw new ArgumentException($"batch size {batchSize}: expected at least 1");
        if (prefetch < 1) throw new ArgumentException($"prefetch {prefetch}: expected at least 1");
        Dataset = dataset;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        StartBatch = startBatch;
        BatchesServed = startBatch;
        _device = device ?? CPU;
        _ready = new(prefetch);
        _producer = new Thread(Produce) { IsBackground = true, Name = "AdaNotebooks dataset loader" };
        _producer.Start();
    }

    public ImageDataset Dataset { get; }
    public int BatchSize { get; }
    public int Seed { get; }
    public bool Shuffle { get; }

    /// <summary>Batches skipped at the start.</summary>
    public long StartBatch { get; }

    /// <summary>Batches handed out so far (counting the skipped ones).</summary>
    public long BatchesServed { get; private set; }

    /// <summary>The next batch. Its tensors belong to the caller's dispose scope (or to the caller, without
    /// one).</summary>
    public DataBatch Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        (float[] Images, long[]? Labels, int[] Indices) item;
        try { item = _ready.Take(_stop.Token); }
        catch (InvalidOperationException) when (_fault is not null) { throw new InvalidOperationException(
            $"{Dataset.Name}: the loader failed", _fault); }
        BatchesServed++;
        using var scope = NewDisposeScope();
        var images = tensor(item.Images, [BatchSize, Dataset.Channels, Dataset.Height, Dataset.Width]).to(_device);
        var labels = item.Labels is null ? null : tensor(item.Labels, [BatchSize]).to(_device);
        images.MoveToOuterDisposeScope();
        labels?.MoveToOuterDisposeScope();
        return new DataBatch(images, labels, item.Indices);
    }

    /// <summary>Batches without end; stop taking when done.</summary>
    public IEnumerable<DataBatch> Batches()
    {
        while (true) yield return Next();
    }

    /// <summary>The dataset indices in the order the loader visits them, epoch after epoch (seeded
    /// permutations).</summary>
    public static IEnumerable<int> Order(int count, int seed, bool shuffle)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, count).ToArray();
        while (true)
        {
            if (shuffle)
                for (int i = count - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            foreach (var i in order) yield return i;
        }
    }

    void Produce()
    {
        try
        {
            int imageSize = Dataset.ImageSize;
            var image = new byte[imageSize];
            using var order = Order(Dataset.Count, Seed, Shuffle).GetEnumerator();
            for (long skip = StartBatch * BatchSize; skip > 0; skip--) order.MoveNext();
            while (!_stop.IsCancellationRequested)
            {
                var indices = new int[BatchSize];
                var floats = new float[(long)BatchSize * imageSize];
                var labels = Dataset.HasLabels ? new long[BatchSize] : null;
                for (int k = 0; k < BatchSize; k++)
                {
                    order.MoveNext();
                    int index = indices[k] = order.Current;
                    Dataset.CopyImage(index, image);
                    var destination = floats.AsSpan(k * imageSize, imageSize);
                    for (int j = 0; j < imageSize; j++) destination[j] = ToFloat[image[j]];
                    if (labels is not null) labels[k] = Dataset.Label(index);
                }
                _ready.Add((floats, labels, indices), _stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            _fault = e;
            _ready.CompleteAdding();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        _producer.Join();
        _stop.Dispose();
        _ready.Dispose();
    }
}
