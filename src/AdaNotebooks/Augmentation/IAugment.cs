using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>What the trainer puts in front of D: a differentiable augmentation with a probability p.</summary>
public interface IAugment
{
    /// <summary>The augmentation probability p, as read from its source.</summary>
    double P { get; }

    /// <summary>Augments a batch of images [N, C, H, W] in [-1, 1]; differentiable with respect to the
    /// images.</summary>
    Tensor Augment(Tensor images);
}

/// <summary>Where an augmentation reads its probability p from (a p schedule during training).</summary>
public interface IPSource
{
    double P { get; }
}

/// <summary>A constant p, for an augmentation used on its own.</summary>
public sealed record ConstantP(double P) : IPSource;
