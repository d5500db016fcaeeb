using System.Collections.Immutable;
using System.Globalization;

namespace AdaNotebooks.Augmentation;

/// <summary>What the pipeline may do: a probability multiplier per op (0 = disabled; the op is applied to an
/// image with probability multiplier * p) and the strengths of ADA-SPEC 1.3. Names are the reference's flag
/// and strength names as the ops in <see cref="AugmentOps"/> declare them, so <see cref="With"/> takes
/// `--set NAME=VALUE` overrides verbatim. Immutable; equal when every multiplier and strength is.</summary>
public sealed class AugmentSpec : IEquatable<AugmentSpec>
{
    readonly ImmutableSortedDictionary<string, double> _multipliers;
    readonly ImmutableSortedDictionary<string, IReadOnlyList<double>> _strengths;

    AugmentSpec(ImmutableSortedDictionary<string, double> multipliers,
        ImmutableSortedDictionary<string, IReadOnlyList<double>> strengths)
    {
        _multipliers = multipliers;
        _strengths = strengths;
    }

    /// <summary>The op flag names in pipeline order (<see cref="AugmentOps.Names"/>).</summary>
    public static IReadOnlyList<string> OpNames => AugmentOps.Names;

    /// <summary>Preset names: the six groups and their cumulative combinations (bgc is the paper's default).</summary>
    public static IReadOnlyList<string> PresetNames => AugmentOps.PresetNames;

    /// <summary>Everything disabled, default strengths.</summary>
    public static AugmentSpec None { get; } = new(ImmutableSortedDictionary<string, double>.Empty,
        ImmutableSortedDictionary<string, IReadOnlyList<double>>.Empty);

    /// <summary>A preset by name: each of its ops with multiplier 1, the rest 0, default strengths. A comma-separated
    /// list of groups and single ops also works ("rotate90", "xflip,color"), for experiments with one op
    /// family.</summary>
    public static AugmentSpec Preset(string name)
    {
        if (name.Contains(','))
            return Ops(name.Split(',').SelectMany(item => AugmentOps.PresetOps(item.Trim()) ?? [item]));
        if (AugmentOps.Find(name) is not null) return Ops([name]);
        return Ops(AugmentOps.PresetOps(name) ?? throw new ArgumentException(
            $"unknown augmentation preset '{name}'; expected one of {string.Join(", ", PresetNames)}, " +
            "an op name or a comma-separated list of them"));
    }

    /// <summary>The given ops (reference flag names) with multiplier 1, the rest 0.</summary>
    public static AugmentSpec Ops(IEnumerable<string> ops)
    {
        var spec = None;
        foreach (var op in ops)
        {
            var name = op.Trim();
            if (AugmentOps.Find(name) is null)
                throw new ArgumentException(
                    $"unknown augmentation op '{name}'; expected one of {string.Join(", ", OpNames)}");
            spec = spec.With(name, "1");
        }
        return spec;
    }

    /// <summary>The multiplier of an op by flag name.</summary>
    public double Multiplier(string op) =>
        AugmentOps.Find(op) is null ? throw new ArgumentException($"unknown augmentation op '{op}'")
        : _multipliers.GetValueOrDefault(op);

    /// <summary>A strength's value(s) by name (the default unless overridden).</summary>
    public IReadOnlyList<double> StrengthValues(string name) =>
        StrengthValues(AugmentOps.FindStrength(name)
                       ?? throw new ArgumentException($"unknown augmentation strength '{name}'"));

    public IReadOnlyList<double> StrengthValues(AugmentStrength strength) =>
        _strengths.TryGetValue(strength.Name, out var v) ? v : strength.Default;

    /// <summary>A one-number strength's value by name.</summary>
    public double Strength(string name) => StrengthValues(name)[0];

    public double Strength(AugmentStrength strength) => StrengthValues(strength)[0];

    /// <summary>The ops with a non-zero multiplier, in pipeline order.</summary>
    public IEnumerable<string> EnabledOps => OpNames.Where(o => Multiplier(o) != 0);

    /// <summary>A copy with one multiplier or strength set by its reference name (e.g. "rotate_max", "0.5"
    /// or "imgfilter_bands", "1,0,0,0").</summary>
    public AugmentSpec With(string name, string value)
    {
        if (AugmentOps.Find(name) is not null)
        {
            double v = AugmentStrength.ParseNumber(name, value, value);
            return new(v == 0 ? _multipliers.Remove(name) : _multipliers.SetItem(name, v), _strengths);
        }
        if (AugmentOps.FindStrength(name) is { } strength)
            return new(_multipliers, _strengths.SetItem(name, strength.Parse(value)));
        throw new ArgumentException(
            $"unknown augmentation setting '{name}'; expected an op name ({string.Join(", ", OpNames)}) " +
            $"or a strength ({string.Join(", ", AugmentOps.Strengths.Select(s => s.Name))})");
    }

    /// <summary>This spec's strengths with only <paramref name="op"/> enabled (multiplier 1).</summary>
    public AugmentSpec Only(string op) =>
        new AugmentSpec(ImmutableSortedDictionary<string, double>.Empty, _strengths).With(op, "1");

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

    public bool Equals(AugmentSpec? other) =>
        other is not null && _multipliers.SequenceEqual(other._multipliers) &&
        AugmentOps.Strengths.All(s => StrengthValues(s).SequenceEqual(other.StrengthValues(s)));

    public override bool Equals(object? obj) => Equals(obj as AugmentSpec);

    public override int GetHashCode() => string.Join(";", _multipliers.Select(m => $"{m.Key}={m.Value}")).GetHashCode();

    /// <summary>The enabled ops with their multipliers, then the overridden strengths, e.g.
    /// "xflip=1, rotate90=1; rotate_max=0.5".</summary>
    public override string ToString()
    {
        var ops = EnabledOps.Select(o => $"{o}={Multiplier(o).ToString(CultureInfo.InvariantCulture)}");
        var strengths = AugmentOps.Strengths.Where(s => !StrengthValues(s).SequenceEqual(s.Default))
            .Select(s => $"{s.Name}={AugmentStrength.Format(StrengthValues(s))}");
        var text = string.Join(", ", ops);
        var changed = string.Join(", ", strengths);
        return changed.Length == 0 ? (text.Length == 0 ? "none" : text) : $"{text}; {changed}";
    }
}
