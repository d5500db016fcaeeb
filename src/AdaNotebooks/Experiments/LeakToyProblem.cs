using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>The toy GAN's world: the 512 binary 3x3 images (<see cref="MarkovOperator"/>'s space, state s has pixel
/// (x, y) white iff bit 3y + x is set), an oriented data distribution on them, and what one augmentation op at p
/// does to D's inputs. D sees the rows of <see cref="Inputs"/>; a distribution x over the states becomes the
/// distribution W x over those rows (<see cref="Augment"/>), so the expected losses are exact sums.</summary>
public sealed class LeakToyProblem : IDisposable
{
    public const int Side = MarkovOperator.Side, States = MarkovOperator.States;

    /// <summary>The data's states: one per glyph whose 16 flips, quarter turns and inversions are all distinct
    /// (18 glyphs), in its lowest-numbered orientation. So no data state is a flip, turn or inversion of
    /// another.</summary>
    public static IReadOnlyList<int> Upright { get; } = FindUpright();

    public string Op { get; }
    public double P { get; }

    /// <summary>q: the data, uniform over <see cref="Upright"/> [512].</summary>
    public Tensor Data { get; }

    /// <summary>D's possible inputs [R, 9]: the 512 state images (quantized) or every choice's resampled
    /// output of every state.</summary>
    public Tensor Inputs { get; }

    /// <summary>W [R, 512]: column s is the distribution of D's input when the image is state s.</summary>
    public Tensor Augment { get; }

    /// <summary>1 on the states the data lacks but the op's choices reach from it (its rotated versions).</summary>
    public Tensor Rotated { get; }

    /// <summary>Each upright state under the op's first non-identity choice (turned by 90 degrees, mirrored,
    /// inverted).</summary>
    public IReadOnlyList<int> Turned { get; }

    /// <summary>T at p = 1 [512, 512]: column s spreads over the states the op can make of s.</summary>
    readonly Tensor _orbits;

    LeakToyProblem(string op, double p, Tensor data, Tensor inputs, Tensor augment, Tensor rotated,
        IReadOnlyList<int> turned, Tensor orbits)
    {
        (Op, P, Data, Inputs, Augment, Rotated, Turned, _orbits) =
            (op, p, data, inputs, augment, rotated, turned, orbits);
    }

    public static LeakToyProblem Create(string op, double p, LeakToyPixels pixels = LeakToyPixels.Quantized)
    {
        new LeakToyOptions { Op = op, P = p }.Validate();
        using var scope = NewDisposeScope();
        var images = stack(Enumerable.Range(0, States).Select(MarkovOperator.Image).ToArray()).view(States, 1,
            Side, Side);
        var spec = AugmentSpec.Preset(op);
        var data = zeros(States);
        foreach (var s in Upright) data[s] = tensor(1f / Upright.Count);
        var orbits = PipelineOperator.Exact(spec, 1, images).T;
        if (orbits.shape[0] != States) throw new InvalidOperationException($"{op} leaves the 3x3 binary images");
        // Reached from the data at p = 1, minus the data itself: the rotated versions.
        var reached = orbits.index_select(1, tensor(Upright.Select(s => (long)s).ToArray())).sum(dim: 1).gt(0);
        var rotated = reached.logical_and(data.eq(0)).to(float32);
        var pipe = new AugmentPipe(spec);
        Tensor Choice(float[] value) => pipe.Apply(images, new AugmentParams(States, 1, new Dictionary<string, Tensor>
            { [op] = tensor(value).expand(States).contiguous() }));
        var turned = StateOf(Choice([1]).index_select(0, tensor(Upright.Select(s => (long)s).ToArray())));
        Tensor inputs, augment;
        if (pixels == LeakToyPixels.Quantized)
            (inputs, augment) = (images.view(States, Side * Side), PipelineOperator.Exact(spec, p, images).T);
        else
        {
            var choices = OpChoices.Of(op, p, Side, spec);
            inputs = cat(choices.Select(c => Choice(c.Value).view(States, Side * Side)).ToList(), 0);
            augment = cat(choices.Select(c => eye(States, dtype: float64).mul(c.Probability)).ToList(), 0);
        }
        return new LeakToyProblem(op, p, data.MoveToOuterDisposeScope(), inputs.to(float32).MoveToOuterDisposeScope(),
            augment.to(float32).MoveToOuterDisposeScope(), rotated.MoveToOuterDisposeScope(), turned,
            orbits.MoveToOuterDisposeScope());
    }

    /// <summary>G's initial logits: zeros (uniform), or log of 0.99 on <see cref="Turned"/> (evenly) plus 0.01
    /// spread over all states.</summary>
    public Tensor StartLogits(LeakToyStart start)
    {
        if (start == LeakToyStart.Uniform) return zeros(States);
        var pi = full(States, 0.01f / States);
        foreach (var s in Turned) pi[s] = pi[s].add(0.99f / Turned.Count);
        return pi.log();
    }

    /// <summary>TV(x, data) = (1/2) sum_s |x_s - q_s|.</summary>
    public double Tv(Tensor distribution)
    {
        using var scope = NewDisposeScope();
        return distribution.to(float64).sub(Data.to(float64)).abs().sum().item<double>() / 2;
    }

    /// <summary>The mass <paramref name="distribution"/> puts on the data's rotated versions.</summary>
    public double RotatedShare(Tensor distribution)
    {
        using var scope = NewDisposeScope();
        return distribution.to(float64).mul(Rotated.to(float64)).sum().item<double>();
    }

    /// <summary>At p = 1 an orbit's members augment alike, so G's split of an orbit's mass stays where it
    /// started: sum over data states d of q_d x(orbit(d) minus d) / x(orbit(d)).</summary>
    public double PredictedRotatedAtOne(Tensor start)
    {
        using var scope = NewDisposeScope();
        var x = start.to(float64);
        double share = 0;
        foreach (var d in Upright)
        {
            var orbit = _orbits[.., d].gt(0).to(float64);
            double total = x.mul(orbit).sum().item<double>();
            share += (total - x[d].item<double>()) / total / Upright.Count;
        }
        return share;
    }

    /// <summary>The state of each binary image [N, 1, 3, 3] (values -1 or 1 up to the resampling's ringing).</summary>
    static int[] StateOf(Tensor images)
    {
        using var bits = images.flatten(1).gt(0).cpu();
        var b = bits.data<bool>().ToArray();
        return Enumerable.Range(0, (int)images.shape[0])
            .Select(i => Enumerable.Range(0, Side * Side).Sum(k => b[i * Side * Side + k] ? 1 << k : 0)).ToArray();
    }

    static int Flip(int s) => Move(s, (x, y) => (Side - 1 - x, y));
    static int Turn(int s) => Move(s, (x, y) => (y, Side - 1 - x));

    static int Move(int s, Func<int, int, (int X, int Y)> source)
    {
        int result = 0;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                var (sx, sy) = source(x, y);
                result |= MarkovOperator.Pixel(s, sx, sy) << (y * Side + x);
            }
        return result;
    }

    static List<int> FindUpright()
    {
        var seen = new HashSet<int>();
        var upright = new List<int>();
        for (int s = 0; s < States; s++)
        {
            if (seen.Contains(s)) continue;
            var orbit = new HashSet<int> { s };
            var frontier = new Queue<int>([s]);
            while (frontier.Count > 0)
            {
                int t = frontier.Dequeue();
                foreach (var u in new[] { Flip(t), Turn(t), t ^ (States - 1) })
                    if (orbit.Add(u)) frontier.Enqueue(u);
            }
            seen.UnionWith(orbit);
            if (orbit.Count == 16) upright.Add(orbit.Min());
        }
        return upright;
    }

    public void Dispose()
    {
        Data.Dispose();
        Inputs.Dispose();
        Augment.Dispose();
        Rotated.Dispose();
        _orbits.Dispose();
    }
}
