namespace AdaNotebooks.Augmentation;

/// <summary>One value a discrete op's parameter can take ([1] for an index, [2] for xint's (t_x, t_y)) and the
/// probability that an image gets it.</summary>
public sealed record OpChoice(float[] Value, double Probability);

/// <summary>The closed form of the discrete ops' sampling (ADA-SPEC 1.4, 1.5, 1.7): the finite set of parameter
/// values each op draws at p, with their probabilities. The gate opens with g = min(1, multiplier * p); then
/// xflip and lumaflip draw i = floor(2u), rotate90 i = floor(4u), so the identity (i = 0) is one of the choices
/// and the non-identity ones happen with g/2 and g/4 each. xint draws t = (2u - 1) xint_max per axis and moves
/// by round(t size) pixels, so shift d has probability |[d - 1/2, d + 1/2] ∩ [-a, a]| / 2a with a =
/// xint_max size, per axis.</summary>
public static class OpChoices
{
    /// <summary>The ops whose parameter takes finitely many values that move pixels onto pixels.</summary>
    public static readonly IReadOnlyList<string> Ops = ["xflip", "rotate90", "xint", "lumaflip"];

    /// <summary>The choices of <paramref name="op"/> at <paramref name="p"/> for images of
    /// <paramref name="size"/> x <paramref name="size"/> pixels; the probabilities sum to 1.</summary>
    public static IReadOnlyList<OpChoice> Of(string op, double p, int size, AugmentSpec? spec = null)
    {
        if (!(p >= 0) || double.IsInfinity(p)) throw new ArgumentException($"p {p}: expected a finite p >= 0");
        if (size < 1) throw new ArgumentException($"image size {size}: expected at least 1 pixel");
        spec ??= AugmentSpec.Ops([op]);
        double gate = Math.Min(1, spec.Multiplier(op) * p);
        return op switch
        {
            "xflip" or "lumaflip" => Index(2, gate),
            "rotate90" => Index(4, gate),
            "xint" => Translations(gate, spec.Strength(XIntOp.Max) * size, size),
            _ => throw new ArgumentException(
                $"op '{op}': a finite set of choices exists for {string.Join(", ", Ops)}"),
        };
    }

    /// <summary>i uniform in {0..n-1} once the gate opens: P(0) = 1 - g + g/n, P(i) = g/n.</summary>
    static List<OpChoice> Index(int n, double gate) => Enumerable.Range(0, n)
        .Select(i => new OpChoice([i], (i == 0 ? 1 - gate : 0) + gate / n)).ToList();

    static List<OpChoice> Translations(double gate, double a, int size)
    {
        var axis = Shifts(a);
        var choices = new List<OpChoice>();
        foreach (var (dx, px) in axis)
            foreach (var (dy, py) in axis)
                choices.Add(new OpChoice([dx / (float)size, dy / (float)size],
                    (dx == 0 && dy == 0 ? 1 - gate : 0) + gate * px * py));
        return choices;
    }

    /// <summary>Per axis: the pixel shifts d = round(t size) with t uniform in [-a, a] / size, and their
    /// probabilities.</summary>
    public static IReadOnlyList<(int Shift, double Probability)> Shifts(double a)
    {
        if (!(a >= 0)) throw new ArgumentException($"translation range {a}: expected >= 0 pixels");
        if (a == 0) return [(0, 1.0)];
        int max = (int)Math.Ceiling(a + 0.5);
        return Enumerable.Range(-max, 2 * max + 1)
            .Select(d => (d, (Math.Min(d + 0.5, a) - Math.Max(d - 0.5, -a)) / (2 * a)))
            .Where(s => s.Item2 > 0).ToList();
    }
}
