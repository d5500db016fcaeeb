namespace AdaNotebooks.Augmentation;

/// <summary>The registry of augmentation ops: the one place that lists them. Op names, groups, presets,
/// strengths and their defaults, the spec lookup, command-line help and the galleries all derive from it.</summary>
public static class AugmentOps
{
    /// <summary>Every op in pipeline order (ADA-SPEC 1.5, 1.7-1.9). The arbitrary rotation is one op (one flag,
    /// one strength) that runs twice, before and after the anisotropic scaling, so it has two entries with
    /// parameter keys "rotate" and "rotate_post".</summary>
    public static readonly IReadOnlyList<AugmentOp> All =
    [
        new XFlipOp(), new Rotate90Op(), new XIntOp(),
        new ScaleOp(), new RotateOp(post: false), new AnisoOp(), new RotateOp(post: true), new XFracOp(),
        new BrightnessOp(), new ContrastOp(), new LumaFlipOp(), new HueOp(), new SaturationOp(),
        new ImageFilterOp(),
        new NoiseOp(),
        new CutoutOp(),
    ];

    /// <summary>The op flag names in pipeline order (one per op; the rotation once).</summary>
    public static readonly IReadOnlyList<string> Names = All.Select(o => o.Name).Distinct().ToList();

    /// <summary>The groups in pipeline order.</summary>
    public static readonly IReadOnlyList<AugmentCategory> Categories = Enum.GetValues<AugmentCategory>();

    /// <summary>Every strength setting, in pipeline order.</summary>
    public static readonly IReadOnlyList<AugmentStrength> Strengths = All.SelectMany(o => o.Strengths).Distinct()
        .ToList();

    /// <summary>The op by flag name (for the rotation, its first entry), or null.</summary>
    public static AugmentOp? Find(string name) => All.FirstOrDefault(o => o.Name == name);

    /// <summary>The strength by name, or null.</summary>
    public static AugmentStrength? FindStrength(string name) => Strengths.FirstOrDefault(s => s.Name == name);

    /// <summary>The op flag names of a group, in pipeline order.</summary>
    public static IReadOnlyList<string> In(AugmentCategory category) =>
        Names.Where(n => Find(n)!.Category == category).ToList();

    /// <summary>Presets in order: each group alone (blit, geom, ...), then the cumulative combinations named by
    /// the groups' letters (bg, bgc = the paper's default, bgcf, bgcfn, bgcfnc).</summary>
    public static readonly IReadOnlyList<(string Name, IReadOnlyList<string> Ops)> Presets = BuildPresets();

    /// <summary>The preset names, in order.</summary>
    public static readonly IReadOnlyList<string> PresetNames = Presets.Select(p => p.Name).ToList();

    static List<(string, IReadOnlyList<string>)> BuildPresets()
    {
        var presets = Categories.Select(c => (c.PresetName(), In(c))).ToList();
        for (int k = 2; k <= Categories.Count; k++)
        {
            var groups = Categories.Take(k).ToList();
            presets.Add((new string(groups.Select(c => c.Letter()).ToArray()), groups.SelectMany(In).ToList()));
        }
        return presets;
    }

    /// <summary>The ops of a preset, or null if there is no preset of that name.</summary>
    public static IReadOnlyList<string>? PresetOps(string name) =>
        Presets.Where(p => p.Name == name).Select(p => p.Ops).FirstOrDefault();

    /// <summary>Help text: the op names grouped, e.g. "blit: xflip, rotate90, xint; geom: ...".</summary>
    public static string GroupedNames() =>
        string.Join("; ", Categories.Select(c => $"{c.PresetName()}: {string.Join(", ", In(c))}"));

    /// <summary>Help text: every strength with its default, e.g. "xint_max=0.125, scale_std=0.2, ...".</summary>
    public static string StrengthDefaults() =>
        string.Join(", ", Strengths.Select(s => $"{s.Name}={AugmentStrength.Format(s.Default)}"));
}
