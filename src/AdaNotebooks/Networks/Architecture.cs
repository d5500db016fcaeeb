namespace AdaNotebooks.Networks;

/// <summary>The reference's three block architectures ('orig', 'skip', 'resnet').</summary>
public enum Architecture
{
    /// <summary>Plain stack (generator: toRGB only in the last block; discriminator: fromRGB only in the
    /// first).</summary>
    Orig,
    /// <summary>Skip connections through image space (toRGB / fromRGB in every block). The generator's
    /// default.</summary>
    Skip,
    /// <summary>Residual blocks with a 1x1 <c>skip</c> convolution. The discriminator's default.</summary>
    Resnet,
}

public static class ArchitectureNames
{
    /// <summary>The reference's name: "orig", "skip" or "resnet".</summary>
    public static string Name(this Architecture a) => a.ToString().ToLowerInvariant();

    public static Architecture Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "orig" => Architecture.Orig,
        "skip" => Architecture.Skip,
        "resnet" => Architecture.Resnet,
        _ => throw new ArgumentException($"unknown architecture '{name}' (expected orig, skip or resnet)"),
    };
}
