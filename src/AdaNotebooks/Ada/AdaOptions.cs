namespace AdaNotebooks.Ada;

/// <summary>Which overfitting heuristic drives p (paper, section 3):
/// r_t = E[sign(D_train)] (needs only training reals), or
/// r_v = (E[D_train] - E[D_validation]) / (E[D_train] - E[D_generated]) (needs a held-out validation set).</summary>
public enum Heuristic { Rt, Rv }

/// <summary>Settings of the p controller. Defaults are the paper's: target 0.6 for r_t (0.5 for r_v), adjust every
/// 4 minibatches, so fast that p can go from 0 to 1 in ada_kimg = 500 thousand real images (100 when
/// fine-tuning a pretrained network). <see cref="PMax"/> caps p (off by default, like the reference, which
/// lets p grow without bound).</summary>
public sealed record AdaOptions
{
    public Heuristic Heuristic { get; init; } = Heuristic.Rt;
    public double Target { get; init; } = 0.6;
    public int Interval { get; init; } = 4;
    public double AdaKimg { get; init; } = 500;
    public double InitialP { get; init; }
    public double? PMax { get; init; }

    public static AdaOptions For(Heuristic heuristic) => new()
    {
        Heuristic = heuristic,
        Target = heuristic == Heuristic.Rv ? 0.5 : 0.6,
    };

    public void Validate()
    {
        if (!(Target > -1 && Target < 1)) throw new ArgumentException($"ADA target must lie in (-1, 1), got {Target}");
        if (Interval < 1) throw new ArgumentException($"ADA interval must be >= 1 minibatch, got {Interval}");
        if (!(AdaKimg > 0)) throw new ArgumentException($"ada_kimg must be > 0, got {AdaKimg}");
        if (!(InitialP >= 0 && double.IsFinite(InitialP)))
            throw new ArgumentException($"initial p must be >= 0, got {InitialP}");
        if (PMax is { } cap && !(cap >= 0 && cap <= 1))
            throw new ArgumentException($"--p-max must lie in [0, 1], got {cap}");
    }
}
