using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>Minibatch standard deviation: with G = min(group, N), the batch is viewed as [G, N/G] (sample n
/// belongs to group n mod N/G); per group, per channel and pixel, the population std over the G members
/// (sqrt(mean of squared deviations + 1e-8)), averaged over channels and pixels, appended as
/// <see cref="NumChannels"/> extra channel(s). No parameters.</summary>
public sealed class MinibatchStdLayer : nn.Module
{
    /// <summary>Group size; null = the whole minibatch.</summary>
    public int? GroupSize { get; }
    public int NumChannels { get; }

    public MinibatchStdLayer(int? groupSize, int numChannels = 1) : base(nameof(MinibatchStdLayer))
    {
        GroupSize = groupSize;
        NumChannels = numChannels;
    }

    public Tensor forward(Tensor x)
    {
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long g = GroupSize is int gs ? Math.Min(gs, n) : n;
        if (n % g != 0) throw new ArgumentException($"minibatch std: batch {n} is not divisible by the group size {g}");
        long f = NumChannels;
        if (c % f != 0) throw new ArgumentException($"minibatch std: {c} channels are not divisible into {f} groups");
        var y = x.reshape(g, -1, f, c / f, h, w);       // [G, n, F, c, H, W]
        y = y - y.mean([0]);                            // deviations from the group mean
        y = y.square().mean([0]);                       // [n, F, c, H, W] population variance
        y = y.add(1e-8).sqrt();                         // std
        y = y.mean([2, 3, 4]);                          // [n, F]
        y = y.reshape(-1, f, 1, 1).repeat(g, 1, h, w);  // [N, F, H, W]
        return cat([x, y], 1);
    }
}
