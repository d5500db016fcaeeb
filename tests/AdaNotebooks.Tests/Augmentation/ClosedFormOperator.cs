using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The closed form of the discrete ops on <see cref="GlyphSpace"/>: each joint choice of the enabled ops
/// (probabilities from <see cref="OpChoices"/>, the product over ops since every op has its own gate) and the
/// state it moves each input to, by <see cref="GlyphSpace"/>'s index arithmetic. The geometric ops compose as the
/// pipeline's G_inv = F_inv R_inv X_inv: flip first, then the quarter turns, then the translation; lumaflip (the
/// color stage) comes after and commutes with them. T = sum_c f_c P_c.</summary>
sealed class ClosedFormOperator
{
    /// <summary>Per joint choice: its probability and, per input state, the key of the state it becomes.</summary>
    public IReadOnlyList<(double Probability, string[] Outputs)> Choices { get; }

    public int Inputs => GlyphSpace.States.Count;

    ClosedFormOperator(List<(double, string[])> choices) => Choices = choices;

    /// <summary>The closed form of the ops <paramref name="preset"/> enables (xflip, rotate90, xint, lumaflip) at
    /// <paramref name="p"/>.</summary>
    public static ClosedFormOperator Of(string preset, double p)
    {
        var spec = AugmentSpec.Preset(preset);
        var joint = new List<(double Probability, float[][] Images)> { (1.0, GlyphSpace.States.ToArray()) };
        foreach (var op in OpChoices.Ops.Where(o => spec.Multiplier(o) > 0))
            joint = joint.SelectMany(j => OpChoices.Of(op, p, GlyphSpace.Size, spec).Select(c =>
                (j.Probability * c.Probability, j.Images.Select(image => Move(op, c.Value, image)).ToArray())))
                .ToList();
        return new ClosedFormOperator(joint.Where(j => j.Probability > 0)
            .Select(j => (j.Probability, j.Images.Select(GlyphSpace.Key).ToArray())).ToList());
    }

    static float[] Move(string op, float[] value, float[] image) => op switch
    {
        "xflip" => value[0] == 1 ? GlyphSpace.XFlip(image) : image,
        "rotate90" => GlyphSpace.Rotate(image, (int)value[0]),
        "xint" => GlyphSpace.Translate(image, (int)Math.Round(value[0] * GlyphSpace.Size),
            (int)Math.Round(value[1] * GlyphSpace.Size)),
        "lumaflip" => value[0] == 1 ? GlyphSpace.Invert(image) : image,
        _ => throw new ArgumentException($"op '{op}' has no closed form here"),
    };

    /// <summary>Every key the closed form reaches, in first-seen order.</summary>
    public IEnumerable<string> Keys => Choices.SelectMany(c => c.Outputs).Distinct();

    /// <summary>T = sum_c f_c P_c with the given frequencies (default: the probabilities), rows in
    /// <paramref name="rows"/>' order.</summary>
    public Tensor Matrix(IReadOnlyList<string> rows, double[]? frequencies = null)
    {
        var index = rows.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var t = new double[rows.Count * Inputs];
        for (int c = 0; c < Choices.Count; c++)
            for (int s = 0; s < Inputs; s++)
                t[index[Choices[c].Outputs[s]] * Inputs + s] += frequencies?[c] ?? Choices[c].Probability;
        return tensor(t, [rows.Count, Inputs], dtype: float64);
    }

    /// <summary>How far an estimate from <paramref name="draws"/> draws (replayed on every state, as
    /// <see cref="PipelineOperator.Estimate"/> does) strays by chance: <paramref name="replicates"/> simulated
    /// estimates from the closed form itself. Returns the bounds mean + 4 std of |sigma_min(estimate) -
    /// sigma_min(T)| and of ||estimate - T||_2.</summary>
    public (double Sigma, double Norm) SamplingError(IReadOnlyList<string> rows, int draws, int replicates = 40,
        int seed = 1)
    {
        using var scope = NewDisposeScope();
        var t = Matrix(rows);
        double sigma = Sigma(t);
        var random = new Random(seed);
        var cumulative = Choices.Select(c => c.Probability).ToArray();
        for (int c = 1; c < cumulative.Length; c++) cumulative[c] += cumulative[c - 1];
        var sigmaErrors = new List<double>();
        var normErrors = new List<double>();
        for (int r = 0; r < replicates; r++)
        {
            var counts = new double[Choices.Count];
            for (int d = 0; d < draws; d++)
            {
                int c = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
                counts[Math.Min(c < 0 ? ~c : c, Choices.Count - 1)] += 1.0 / draws;
            }
            var estimate = Matrix(rows, counts);
            sigmaErrors.Add(Math.Abs(Sigma(estimate) - sigma));
            normErrors.Add(linalg.matrix_norm(estimate.sub(t), 2).item<double>());
        }
        return (Bound(sigmaErrors), Bound(normErrors));
    }

    static double Bound(List<double> errors)
    {
        double mean = errors.Average();
        return mean + 4 * Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1));
    }

    public static double Sigma(Tensor t)
    {
        using var values = linalg.svdvals(t);
        return values.min().item<double>();
    }
}
