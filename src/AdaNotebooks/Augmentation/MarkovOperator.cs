using AdaNotebooks.Native;
using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The non-leak argument (paper, section 2.2) made concrete: on the finite space of all 3x3 binary gray
/// images (512 states), a discrete op applied with probability p acts on a distribution of images as the Markov
/// operator T = (1 - p) I + p mean_i P_i, where P_i permutes the states as the op's choice i does. The permutations
/// come from the pipeline's own inverse geometric matrices (G_inv) and color matrices. T is invertible for p &lt; 1,
/// so D can only match the augmented reals T x if G's distribution is x itself. An explanation built by hand: for
/// xflip, rotate90 and lumaflip it is the pipeline's own operator on these images (<see cref="PipelineOperator"/>);
/// its xint is an idealisation (one pixel either way on a torus), for the pipeline's xint rounds every shift of a
/// 3x3 image to 0 and reflects at the edges instead of wrapping.</summary>
public static class MarkovOperator
{
    public const int Side = 3, States = 1 << (Side * Side);

    /// <summary>The ops with a finite set of choices that map the 3x3 pixel grid onto itself.</summary>
    public static readonly IReadOnlyList<string> Ops = ["xflip", "rotate90", "xint", "lumaflip"];

    /// <summary>Pixel (x, y) of a state: bit y * 3 + x (1 = white, 0 = black).</summary>
    public static int Pixel(int state, int x, int y) => (state >> (y * Side + x)) & 1;

    /// <summary>A state as a 1x3x3 image in [-1, 1].</summary>
    public static Tensor Image(int state)
    {
        var values = new float[Side * Side];
        for (int k = 0; k < values.Length; k++) values[k] = ((state >> k) & 1) == 1 ? 1 : -1;
        return tensor(values, [1, Side, Side]);
    }

    /// <summary>The permutation matrices P_i of an op's choices (P[s', s] = 1 iff choice i maps s to s').</summary>
    public static IReadOnlyList<Tensor> Choices(string op)
    {
        // Many short native calls with implicit Scalars: fenced from the finalizer thread (see FinalizerFence).
        using var fence = FinalizerFence.Enter();
        return UnfencedChoices(op);
    }

    static IReadOnlyList<Tensor> UnfencedChoices(string op) => op switch
    {
        "xflip" => new[] { 0f, 1f }.Select(i => Geometric(new XFlipOp().InverseFactor(full(1, i), Side, Side)[0]))
            .ToList(),
        "rotate90" => new[] { 0f, 1f, 2f, 3f }.Select(i => Geometric(new Rotate90Op().InverseFactor(full(1, i), Side,
            Side)[0])).ToList(),
        // Integer translation by -1, 0, +1 pixels per axis (t = shift / size), wrapped around the 3x3 torus.
        "xint" => (from dx in new[] { -1, 0, 1 } from dy in new[] { -1, 0, 1 }
                   select Geometric(new XIntOp()
                       .InverseFactor(tensor(new float[] { dx / (float)Side, dy / (float)Side }).view(1, 2), Side,
                           Side)[0])).ToList(),
        // Luma flip on gray images through the color matrix: x -> -x, i.e. every bit inverted.
        "lumaflip" => new[] { 0f, 1f }.Select(i =>
        {
            using var m = new LumaFlipOp().Factor(full(1, i));
            double gain = m[0].narrow(0, 0, 3).narrow(1, 0, 3).mean([0]).sum().item<float>();
            return Permutation(s => Math.Abs(gain + 1) < 1e-6 ? s ^ (States - 1) : s);
        }).ToList(),
        _ => throw new ArgumentException($"op '{op}': the finite-space operator exists for {string.Join(", ", Ops)}"),
    };

    /// <summary>T = (1 - p) I + p mean_i P_i: with probability p a choice is drawn uniformly (identity included).
    /// Column s is the distribution of the augmented image when the original is state s.</summary>
    public static Tensor Operator(string op, double p)
    {
        using var fence = FinalizerFence.Enter();
        using var scope = NewDisposeScope();
        return Operator(Choices(op), p).MoveToOuterDisposeScope();
    }

    public static Tensor Operator(IReadOnlyList<Tensor> choices, double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"p {p}: expected a probability in [0, 1]");
        using var fence = FinalizerFence.Enter();
        using var scope = NewDisposeScope();
        return eye(States, dtype: float64).mul(1 - p).add(stack(choices).mean([0]).mul(p)).MoveToOuterDisposeScope();
    }

    /// <summary>sigma_min(T): how far from singular the operator is (0 = some distributions cannot be told
    /// apart).</summary>
    public static double SmallestSingularValue(Tensor t)
    {
        using var values = linalg.svdvals(t);
        return values.min().item<double>();
    }

    /// <summary>The state reached when every output pixel samples the input pixel G_inv maps it to (coordinates
    /// centred).</summary>
    static int Warp(int state, double[,] gInv)
    {
        double c = (Side - 1) / 2.0;
        int result = 0;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                double px = x - c, py = y - c;
                double sx = gInv[0, 0] * px + gInv[0, 1] * py + gInv[0, 2] + c;
                double sy = gInv[1, 0] * px + gInv[1, 1] * py + gInv[1, 2] + c;
                if (Math.Abs(sx - Math.Round(sx)) > 1e-5 || Math.Abs(sy - Math.Round(sy)) > 1e-5)
                    throw new InvalidOperationException($"G_inv maps pixel ({x}, {y}) to ({sx}, {sy}), between " +
                                                        "pixels: not a discrete op");
                int ix = ((int)Math.Round(sx) % Side + Side) % Side, iy = ((int)Math.Round(sy) % Side + Side) % Side;
                result |= Pixel(state, ix, iy) << (y * Side + x);
            }
        return result;
    }

    static Tensor Geometric(Tensor m3)
    {
        var g = new double[,]
        {
            { m3[0, 0].item<float>(), m3[0, 1].item<float>(), m3[0, 2].item<float>() },
            { m3[1, 0].item<float>(), m3[1, 1].item<float>(), m3[1, 2].item<float>() },
            { 0, 0, 1 },
        };
        return Permutation(s => Warp(s, g));
    }

    static Tensor Permutation(Func<int, int> map)
    {
        var m = new double[States * States];
        for (int s = 0; s < States; s++) m[map(s) * States + s] = 1.0;
        return tensor(m, [States, States], dtype: float64);
    }
}
