using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>What the trainer puts in front of D: a differentiable augmentation with a probability p.</summary>
public interface IAugment
{
    /// <summary>The augmentation probability p.</summary>
    double P { get; set; }

    /// <summary>Augments a batch of images [N, C, H, W] in [-1, 1]; differentiable with respect to the images.</summary>
    Tensor Augment(Tensor images);
}
