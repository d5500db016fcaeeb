using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Training;

/// <summary>The plain supervised loop of the small judging networks (the orientation probe, the domain feature
/// network): each epoch a seeded random order of the n examples, cut into minibatches of indices, one optimiser step
/// on each minibatch's loss. One dispose scope per step.</summary>
public static class MinibatchEpochs
{
    /// <param name="loss">The loss of the examples at these indices (an int64 tensor); it may draw from
    /// <paramref name="random"/> too, after the epoch's order.</param>
    /// <param name="onEpoch">Called after each epoch with its index and mean loss.</param>
    public static void Run(long n, int batch, int epochs, torch.Generator random, optim.Optimizer optimizer,
        Func<Tensor, Tensor> loss, Action<int, double>? onEpoch = null)
    {
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(n, generator: random);
            double lossSum = 0;
            int steps = 0;
            for (long start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, n - start));
                optimizer.zero_grad();
                var value = loss(index);
                value.backward();
                optimizer.step();
                lossSum += value.item<float>();
                steps++;
            }
            onEpoch?.Invoke(epoch, lossSum / steps);
        }
    }
}
