using System.Globalization;
using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The stage of the pipeline an op contributes to (ADA-SPEC 1.1, in this order).</summary>
public enum AugmentStage { Geometric, Color, Filter, Noise, Cutout }

/// <summary>The six groups of ADA-SPEC 1.2, in pipeline order. Each group is a preset of its own; the
/// cumulative presets (bg, bgc, ...) are named by the groups' letters.</summary>
public enum AugmentCategory { Blit, Geom, Color, Filter, Noise, Cutout }

public static class AugmentCategoryExtensions
{
    /// <summary>The group's preset name: blit, geom, color, filter, noise, cutout.</summary>
    public static string PresetName(this AugmentCategory category) => category.ToString().ToLowerInvariant();

    /// <summary>The group's letter in the cumulative preset names (b, g, c, f, n, c).</summary>
    public static char Letter(this AugmentCategory category) => category.PresetName()[0];

    /// <summary>The stage the group's ops run in: blitting and general geometry share one resample.</summary>
    public static AugmentStage Stage(this AugmentCategory category) => category switch
    {
        AugmentCategory.Blit or AugmentCategory.Geom => AugmentStage.Geometric,
        AugmentCategory.Color => AugmentStage.Color,
        AugmentCategory.Filter => AugmentStage.Filter,
        AugmentCategory.Noise => AugmentStage.Noise,
        _ => AugmentStage.Cutout,
    };
}

/// <summary>A strength setting of an op (ADA-SPEC 1.3): its reference name, default value(s) and meaning.
/// Most strengths are one number; imgfilter_bands is a vector of four.</summary>
public sealed record AugmentStrength(string Name, IReadOnlyList<double> Default, string Meaning)
{
    public AugmentStrength(string name, double @default, string meaning) : this(name, [@default], meaning) { }

    public bool IsVector => Default.Count > 1;

    /// <summary>Values as they are written in `--set NAME=VALUE` (comma-separated for a vector).</summary>
    public static string Format(IReadOnlyList<double> values) =>
        string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parses a `--set` value: one non-negative number, or as many comma-separated ones as the
    /// default has.</summary>
    public IReadOnlyList<double> Parse(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != Default.Count)
            throw new ArgumentException(IsVector
                ? $"'{Name}={value}': expected {Default.Count} comma-separated numbers"
                : $"'{Name}={value}': expected a number");
        return parts.Select(p => ParseNumber(Name, value, p)).ToArray();
    }

    internal static double ParseNumber(string name, string value, string part)
    {
        if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new ArgumentException(part == value ? $"'{name}={value}': expected a number"
                : $"'{name}={value}': '{part}' is not a number");
        if (v < 0) throw new ArgumentException($"'{name}={value}': must not be negative");
        return v;
    }
}

/// <summary>One augmentation op, described once: its flag name, group, strengths and how its parameter is
/// sampled and applied. Every op has the same shape: it samples its parameter for a batch (drawn, then gated
/// by multiplier * p, identity where the gate stays closed), and later applies that parameter. Everything
/// random is drawn while sampling, so applying the same parameters twice gives the same images. Sampling and
/// application are separate so parameters can be inspected, replayed and tested. The registry of all ops is
/// <see cref="AugmentOps"/>.</summary>
public abstract class AugmentOp
{
    /// <summary>The reference's flag name, whose multiplier gates this op.</summary>
    public abstract string Name { get; }

    /// <summary>The key of the parameter in <see cref="AugmentParams"/>: the flag name, except for the second
    /// arbitrary rotation ("rotate_post").</summary>
    public virtual string Key => Name;

    public abstract AugmentCategory Category { get; }

    public AugmentStage Stage => Category.Stage();

    /// <summary>The strengths this op reads (ADA-SPEC 1.3).</summary>
    public virtual IReadOnlyList<AugmentStrength> Strengths => [];

    /// <summary>Ops that only make sense for RGB images (hue and saturation).</summary>
    public virtual bool RgbOnly => false;

    /// <summary>Whether the op takes part for this spec and channel count.</summary>
    public bool IsEnabled(AugmentSpec spec, long channels) => spec.Multiplier(Name) > 0 && (!RgbOnly || channels > 1);

    /// <summary>The gated parameter for <paramref name="batch"/> images: [B] or [B, k], float32 on the CPU.</summary>
    public abstract Tensor Sample(ParameterSource source, AugmentSpec spec, long batch);

    /// <summary>Per image: does this parameter leave the image unchanged? [B] bool.</summary>
    public abstract Tensor IsIdentity(Tensor parameter, long width, long height);

    /// <summary>This op alone applied to images [B, C, H, W] with its parameter for those images. The pipeline
    /// fuses the geometric ops into one resample and the color ops into one matrix; the other stages call
    /// this.</summary>
    public abstract Tensor Apply(Tensor images, Tensor parameter);
}

/// <summary>A blit or general geometric op: contributes a factor right-multiplied into the inverse matrix
/// G_inv (output pixel -> input pixel, ADA-SPEC 1.5).</summary>
public abstract class GeometricOp : AugmentOp
{
    /// <summary>[B, 3, 3] factor in pixel units for images of the given size.</summary>
    public abstract Tensor InverseFactor(Tensor parameter, long width, long height);

    public override Tensor Apply(Tensor images, Tensor parameter)
    {
        var gInv = InverseFactor(parameter, images.shape[3], images.shape[2]);
        return GeometricResample.Apply(images, gInv, GeometricResample.Margin(gInv, images.shape[3], images.shape[2]));
    }
}

/// <summary>A color op: contributes a 4x4 factor left-multiplied into the color matrix C (ADA-SPEC 1.7).</summary>
public abstract class ColorOp : AugmentOp
{
    public override AugmentCategory Category => AugmentCategory.Color;

    /// <summary>[B, 4, 4] factor.</summary>
    public abstract Tensor Factor(Tensor parameter);

    public override Tensor Apply(Tensor images, Tensor parameter) => ApplyMatrix(images, Factor(parameter));

    /// <summary>The luma axis v = (1, 1, 1, 0) / sqrt(3).</summary>
    public static readonly double[] LumaAxis = [1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 0];

    protected static Tensor LumaOuter()
    {
        var v = tensor(LumaAxis.Select(x => (float)x).ToArray());
        return v.outer(v);
    }

    /// <summary>Applies color matrices [B, 4, 4]. RGB: out = C[:3, :3] x + C[:3, 3]; grayscale: rows 0..2 of C
    /// averaged to one row r, out = x (r0 + r1 + r2) + r3.</summary>
    public static Tensor ApplyMatrix(Tensor images, Tensor m)
    {
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        m = m.to(images.dtype, images.device);
        var x = images.reshape(b, c, h * w);
        if (c == 3)
            x = m[.., ..3, ..3].matmul(x).add(m[.., ..3, 3..]);
        else
        {
            var r = m[.., ..3, ..].mean([1], keepdim: true);
            x = x.mul(r[.., .., ..3].sum(2, keepdim: true)).add(r[.., .., 3..]);
        }
        return x.reshape(b, c, h, w);
    }
}
