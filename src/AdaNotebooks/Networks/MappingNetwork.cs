using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The mapping network (<c>mapping.*</c>): x = normalize_2nd_moment(z) (and, if conditional,
/// concat with normalize_2nd_moment(embed(c))), then <c>fc0..</c> (lrelu, lr multiplier 0.01), tracking
/// <c>w_avg</c> while training, broadcast to num_ws copies and truncation towards w_avg. The discriminator's
/// conditioning network is the same class with z_dim 0, no w_avg and no broadcast.</summary>
public sealed class MappingNetwork : nn.Module
{
    readonly List<FullyConnectedLayer> _layers = [];

    public readonly FullyConnectedLayer? embed;
    public readonly Tensor? w_avg;

    public long ZDim { get; }
    public long CDim { get; }
    public long WDim { get; }
    /// <summary>Copies of w to output ([N, NumWs, w_dim]); null = no broadcast ([N, w_dim]).</summary>
    public int? NumWs { get; }
    public int NumLayers { get; }
    /// <summary>Decay of the w_avg moving average; null = not tracked (no <c>w_avg</c> buffer).</summary>
    public double? WAvgBeta { get; }
    public IReadOnlyList<FullyConnectedLayer> Layers => _layers;

    public MappingNetwork(long zDim, long cDim, long wDim, int? numWs, int numLayers = 8, double lrMultiplier = 0.01,
        double? wAvgBeta = 0.995) : base(nameof(MappingNetwork))
    {
        if (zDim == 0 && cDim == 0) throw new ArgumentException("mapping network needs z_dim > 0 or c_dim > 0");
        if (numLayers < 1) throw new ArgumentException("mapping network needs at least one layer");
        ZDim = zDim;
        CDim = cDim;
        WDim = wDim;
        NumWs = numWs;
        NumLayers = numLayers;
        WAvgBeta = wAvgBeta;
        long embedFeatures = cDim > 0 ? wDim : 0;
        if (cDim > 0)
        {
            embed = new FullyConnectedLayer(cDim, embedFeatures);
            register_module("embed", embed);
        }
        for (int i = 0; i < numLayers; i++)
        {
            var layer = new FullyConnectedLayer(i == 0 ? zDim + embedFeatures : wDim, wDim,
                activation: Activation.LRelu, lrMultiplier: lrMultiplier);
            register_module($"fc{i}", layer);
            _layers.Add(layer);
        }
        if (numWs is not null && wAvgBeta is not null)
        {
            w_avg = ModuleTensors.Buffer(zeros(wDim));
            register_buffer("w_avg", w_avg);
        }
    }

    /// <summary>x * rsqrt(mean(x^2 over dim 1) + 1e-8).</summary>
    public static Tensor Normalize2ndMoment(Tensor x, double eps = 1e-8)
        => x * x.square().mean([1], keepdim: true).add(eps).rsqrt();

    /// <summary>z [N, z_dim] (null when z_dim is 0), c [N, c_dim] (null when c_dim is 0) -> ws [N, num_ws, w_dim]
    /// (or [N, w_dim] without broadcast). Truncation (psi != 1) pulls the first <paramref name="truncationCutoff"/>
    /// ws (all when null) towards w_avg: w_avg + psi (w - w_avg). w_avg is updated in training mode unless
    /// <paramref name="skipWAvgUpdate"/>.</summary>
    public Tensor forward(Tensor? z, Tensor? c, double truncationPsi = 1, int? truncationCutoff = null,
        bool skipWAvgUpdate = false)
    {
        Tensor? x = null;
        if (ZDim > 0)
        {
            if (z is null || z.dim() != 2 || z.shape[1] != ZDim)
                throw new ArgumentException($"mapping: expected z [N, {ZDim}], got " +
                                            $"{(z is null ? "none" : $"[{string.Join(", ", z.shape)}]")}");
            x = Normalize2ndMoment(z.to(float32));
        }
        if (CDim > 0)
        {
            if (c is null || c.dim() != 2 || c.shape[1] != CDim)
                throw new ArgumentException($"mapping: expected labels c [N, {CDim}], got " +
                                            $"{(c is null ? "none" : $"[{string.Join(", ", c.shape)}]")}");
            var y = Normalize2ndMoment(embed!.forward(c.to(float32)));
            x = x is null ? y : cat([x, y], 1);
        }
        foreach (var layer in _layers) x = layer.forward(x!);

        if (w_avg is not null && training && !skipWAvgUpdate)
            using (no_grad())
                w_avg.copy_(x!.detach().mean([0]).lerp(w_avg, WAvgBeta!.Value));

        if (NumWs is int numWs) x = x!.unsqueeze(1).repeat(1, numWs, 1);

        if (truncationPsi != 1)
        {
            if (w_avg is null)
                throw new InvalidOperationException("truncation needs w_avg, which this mapping network does not " +
                                                    "track");
            if (NumWs is null || truncationCutoff is null)
                x = w_avg.lerp(x!, truncationPsi);
            else
            {
                int cut = Math.Clamp(truncationCutoff.Value, 0, NumWs.Value);
                var head = w_avg.lerp(x!.narrow(1, 0, cut), truncationPsi);
                x = cat([head, x.narrow(1, cut, NumWs.Value - cut)], 1);
            }
        }
        return x!;
    }
}
