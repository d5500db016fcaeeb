namespace AdaNotebooks.Augmentation;

/// <summary>One of the paper's 18 transformations (appendix B): the 15 ops, with the arbitrary rotation counted once
/// (it runs before and after the anisotropic scaling, with one flag) and image-space filtering counted as its four
/// frequency bands. <see cref="Band"/> is the band (0-3) of an imgfilter transformation, null for the others.</summary>
public sealed record Transformation(int Number, string Label, string Op, int? Band = null)
{
    /// <summary>The bands' frequency ranges, as fractions of the Nyquist rate pi.</summary>
    static readonly string[] BandRanges = ["0-π/8", "π/8-π/4", "π/4-π/2", "π/2-π"];

    /// <summary>All 18, in pipeline order.</summary>
    public static readonly IReadOnlyList<Transformation> All = Build();

    static List<Transformation> Build()
    {
        var list = new List<Transformation>();
        foreach (var op in AugmentOps.Names)
        {
            if (op != "imgfilter") list.Add(new Transformation(list.Count + 1, op, op));
            else
                for (int band = 0; band < BandRanges.Length; band++)
                    list.Add(new Transformation(list.Count + 1, $"imgfilter band {band + 1} ({BandRanges[band]})", op,
                        band));
        }
        return list;
    }

    /// <summary>The transformations <paramref name="spec"/> enables for images with <paramref name="channels"/>
    /// channels (an imgfilter band counts when its band multiplier is not 0).</summary>
    public static IReadOnlyList<Transformation> EnabledIn(AugmentSpec spec, long channels) =>
        All.Where(t => AugmentOps.Find(t.Op)!.IsEnabled(spec, channels)
                       && (t.Band is not { } band || spec.StrengthValues(ImageFilterOp.Bands)[band] > 0)).ToList();

    /// <summary><paramref name="spec"/>'s strengths with only this transformation enabled (for a band: that band alone,
    /// at multiplier 1).</summary>
    public AugmentSpec Alone(AugmentSpec spec)
    {
        var only = spec.Only(Op);
        return Band is { } band
            ? only.With(ImageFilterOp.Bands.Name,
                string.Join(",", Enumerable.Range(0, 4).Select(i => i == band ? 1 : 0)))
            : only;
    }
}
