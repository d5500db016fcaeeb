using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>The toy GAN's D: an MLP on an image's pixels with two hidden layers (leaky ReLU 0.2) and one logit.
/// Initialised as torch initialises a linear layer (weights and biases uniform in +-1/sqrt(fan_in)) but from its
/// own generator, so a run is reproducible without touching torch's global random state.</summary>
public sealed class ToyDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly Linear _hidden1, _hidden2, _output;

    public ToyDiscriminator(int inputs, int hidden, Generator generator) : base(nameof(ToyDiscriminator))
    {
        if (inputs < 1 || hidden < 1)
            throw new ArgumentException($"ToyDiscriminator: {inputs} inputs and {hidden} hidden units, expected >= 1");
        _hidden1 = nn.Linear(inputs, hidden);
        _hidden2 = nn.Linear(hidden, hidden);
        _output = nn.Linear(hidden, 1);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var layer in new[] { _hidden1, _hidden2, _output })
        {
            double bound = 1 / Math.Sqrt(layer.in_features);
            foreach (var parameter in new[] { layer.weight!, layer.bias! })
                parameter.copy_(rand(parameter.shape, generator: generator).mul(2 * bound).sub(bound));
        }
    }

    /// <summary>[N, inputs] -> [N] logits.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.leaky_relu(_hidden1.forward(x), 0.2);
        h = nn.functional.leaky_relu(_hidden2.forward(h), 0.2);
        return _output.forward(h).flatten().MoveToOuterDisposeScope();
    }
}
