using System.Globalization;

namespace AdaNotebooks.Augmentation;

/// <summary>What the pipeline may do: a probability multiplier per op (0 = disabled; the op is applied to an
/// image with probability multiplier * p) and the strengths of ADA-SPEC 1.3. Names are the reference's flag
/// names, so <see cref="With"/> takes `--set NAME=VALUE` overrides verbatim.</summary>
public sealed record AugmentSpec
{
    // Probability multipliers (ADA-SPEC 1.2).
    public double XFlip { get; init; }
    public double Rotate90 { get; init; }
    public double XInt { get; init; }
    public double Scale { get; init; }
    public double Rotate { get; init; }
    public double Aniso { get; init; }
    public double XFrac { get; init; }
    public double Brightness { get; init; }
    public double Contrast { get; init; }
    public double LumaFlip { get; init; }
    public double Hue { get; init; }
    public double Saturation { get; init; }
    public double ImgFilter { get; init; }
    public double Noise { get; init; }
    public double Cutout { get; init; }

    // Strengths (ADA-SPEC 1.3).
    public double XIntMax { get; init; } = 0.125;
    public double ScaleStd { get; init; } = 0.2;
    public double RotateMax { get; init; } = 1;
    public double AnisoStd { get; init; } = 0.2;
    public double XFracStd { get; init; } = 0.125;
    public double BrightnessStd { get; init; } = 0.2;
    public double ContrastStd { get; init; } = 0.5;
    public double HueMax { get; init; } = 1;
    public double SaturationStd { get; init; } = 1;
    public IReadOnlyList<double> ImgFilterBands { get; init; } = [1, 1, 1, 1];
    public double ImgFilterStd { get; init; } = 1;
    public double NoiseStd { get; init; } = 0.1;
    public double CutoutSize { get; init; } = 0.5;

    /// <summary>The op flag names in pipeline order.</summary>
    public static readonly IReadOnlyList<string> OpNames =
        ["xflip", "rotate90", "xint", "scale", "rotate", "aniso", "xfrac", "brightness", "contrast", "lumaflip", "hue", "saturation", "imgfilter", "noise", "cutout"];

    static readonly Dictionary<string, string[]> PresetOps = new()
    {
        ["blit"] = ["xflip", "rotate90", "xint"],
        ["geom"] = ["scale", "rotate", "aniso", "xfrac"],
        ["color"] = ["brightness", "contrast", "lumaflip", "hue", "saturation"],
        ["filter"] = ["imgfilter"],
        ["noise"] = ["noise"],
        ["cutout"] = ["cutout"],
    };

    /// <summary>Preset names: the six groups and their cumulative combinations (bgc is the paper's default).</summary>
    public static readonly IReadOnlyList<string> PresetNames = ["blit", "geom", "color", "filter", "noise", "cutout", "bg", "bgc", "bgcf", "bgcfn", "bgcfnc"];

    /// <summary>Everything disabled.</summary>
    public static AugmentSpec None => new();

    /// <summary>A preset by name: each of its ops with multiplier 1, the rest 0, default strengths. A comma-separated
    /// list of groups and single ops also works ("rotate90", "xflip,color"), for experiments with one op family.</summary>
    public static AugmentSpec Preset(string name)
    {
        if (name.Contains(','))
            return Ops(name.Split(',').SelectMany(item => PresetOps.TryGetValue(item.Trim(), out var ops) ? ops : [item]));
        if (OpNames.Contains(name)) return Ops([name]);
        string[] groups = name switch
        {
            "bg" => ["blit", "geom"],
            "bgc" => ["blit", "geom", "color"],
            "bgcf" => ["blit", "geom", "color", "filter"],
            "bgcfn" => ["blit", "geom", "color", "filter", "noise"],
            "bgcfnc" => ["blit", "geom", "color", "filter", "noise", "cutout"],
            _ when PresetOps.ContainsKey(name) => [name],
            _ => throw new ArgumentException($"unknown augmentation preset '{name}'; expected one of {string.Join(", ", PresetNames)}, an op name or a comma-separated list of them"),
        };
        return Ops(groups.SelectMany(g => PresetOps[g]));
    }

    /// <summary>The given ops (reference flag names) with multiplier 1, the rest 0.</summary>
    public static AugmentSpec Ops(IEnumerable<string> ops)
    {
        var spec = None;
        foreach (var op in ops)
        {
            var name = op.Trim();
            if (!OpNames.Contains(name)) throw new ArgumentException($"unknown augmentation op '{name}'; expected one of {string.Join(", ", OpNames)}");
            spec = spec.With(name, "1");
        }
        return spec;
    }

    /// <summary>The multiplier of an op by flag name.</summary>
    public double Multiplier(string op) => op switch
    {
        "xflip" => XFlip, "rotate90" => Rotate90, "xint" => XInt, "scale" => Scale, "rotate" => Rotate, "aniso" => Aniso,
        "xfrac" => XFrac, "brightness" => Brightness, "contrast" => Contrast, "lumaflip" => LumaFlip, "hue" => Hue,
        "saturation" => Saturation, "imgfilter" => ImgFilter, "noise" => Noise, "cutout" => Cutout,
        _ => throw new ArgumentException($"unknown augmentation op '{op}'"),
    };

    /// <summary>The ops with a non-zero multiplier, in pipeline order.</summary>
    public IEnumerable<string> EnabledOps => OpNames.Where(o => Multiplier(o) != 0);

    /// <summary>A copy with one multiplier or strength set by its reference name (e.g. "rotate_max", "0.5"
    /// or "imgfilter_bands", "1,0,0,0").</summary>
    public AugmentSpec With(string name, string value)
    {
        double V()
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new ArgumentException($"'{name}={value}': expected a number");
            if (v < 0) throw new ArgumentException($"'{name}={value}': must not be negative");
            return v;
        }
        return name switch
        {
            "xflip" => this with { XFlip = V() }, "rotate90" => this with { Rotate90 = V() }, "xint" => this with { XInt = V() },
            "scale" => this with { Scale = V() }, "rotate" => this with { Rotate = V() }, "aniso" => this with { Aniso = V() },
            "xfrac" => this with { XFrac = V() }, "brightness" => this with { Brightness = V() }, "contrast" => this with { Contrast = V() },
            "lumaflip" => this with { LumaFlip = V() }, "hue" => this with { Hue = V() }, "saturation" => this with { Saturation = V() },
            "imgfilter" => this with { ImgFilter = V() }, "noise" => this with { Noise = V() }, "cutout" => this with { Cutout = V() },
            "xint_max" => this with { XIntMax = V() }, "scale_std" => this with { ScaleStd = V() }, "rotate_max" => this with { RotateMax = V() },
            "aniso_std" => this with { AnisoStd = V() }, "xfrac_std" => this with { XFracStd = V() },
            "brightness_std" => this with { BrightnessStd = V() }, "contrast_std" => this with { ContrastStd = V() },
            "hue_max" => this with { HueMax = V() }, "saturation_std" => this with { SaturationStd = V() },
            "imgfilter_std" => this with { ImgFilterStd = V() }, "noise_std" => this with { NoiseStd = V() },
            "cutout_size" => this with { CutoutSize = V() },
            "imgfilter_bands" => this with { ImgFilterBands = ParseBands(value) },
            _ => throw new ArgumentException($"unknown augmentation setting '{name}'; expected an op name ({string.Join(", ", OpNames)}) or a strength (xint_max, scale_std, rotate_max, aniso_std, xfrac_std, brightness_std, contrast_std, hue_max, saturation_std, imgfilter_bands, imgfilter_std, noise_std, cutout_size)"),
        };
    }

    static IReadOnlyList<double> ParseBands(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4) throw new ArgumentException($"'imgfilter_bands={value}': expected 4 comma-separated numbers");
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)
            ? v : throw new ArgumentException($"'imgfilter_bands={value}': '{p}' is not a non-negative number")).ToArray();
    }

    /// <summary>Applies "NAME=VALUE" overrides in order.</summary>
    public AugmentSpec WithAll(IEnumerable<string> assignments)
    {
        var spec = this;
        foreach (var a in assignments)
        {
            int eq = a.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"'{a}': expected NAME=VALUE");
            spec = spec.With(a[..eq].Trim(), a[(eq + 1)..].Trim());
        }
        return spec;
    }
}
