using AdaNotebooks.Networks;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

/// <summary>Outputs for fixed, deterministic weights, compared with values computed in PyTorch (CPU, float32) by a
/// port of the reference's training/networks.py and its CPU reference ops (fused modulated convolution path), for
/// the same state dicts. Guards the whole function: parametrisation, resampling, architectures, clamp,
/// truncation, minibatch std and the conditional projection.</summary>
public class ReferenceGoldenTests
{
    /// <summary>Every tensor except resample_filter: v[i] = 0.5 sin(1.37 i + 0.7 seed(key)) (biases * 0.05), with
    /// seed = the sum of the key's character codes.</summary>
    static void Fill(nn.Module m)
    {
        using var noGrad = no_grad();
        foreach (var (key, t) in m.state_dict())
        {
            if (key.EndsWith("resample_filter")) continue;
            int seed = key.Sum(ch => (int)ch);
            var v = new float[t.numel()];
            for (int i = 0; i < v.Length; i++)
            {
                double x = Math.Sin(1.37 * i + 0.7 * seed) * 0.5;
                if (key.EndsWith("bias")) x *= 0.05;
                v[i] = (float)x;
            }
            t.copy_(tensor(v).reshape(t.shape));
        }
    }

    [Theory]
    [InlineData(Architecture.Skip, Architecture.Resnet, 256, 13.8431978, 0.0115227904, 0.00970404223, 0.00433683489,
        0.00433815364, 5.9640447e-06, 6.29853184e-06)]
    [InlineData(Architecture.Resnet, Architecture.Skip, 256, 19.2779026, 0.00691269012, 0.00753037073, 0.00375160086,
        0.00377326575, 5.96471409e-06, 6.29711712e-06)]
    [InlineData(Architecture.Orig, Architecture.Orig, 0.5, 19.8805161, 0.00798793323, 0.00793847162, 0.00421462487,
        0.00421511661, 5.96418431e-06, 6.29822307e-06)]
    public void OutputsMatchTheReference(Architecture g, Architecture d, double clamp, double imgSum, double px0,
        double px1,
        double logit0, double logit1, double cond0, double cond1)
    {
        using var scope = NewDisposeScope();
        var config = new NetworkConfig
        {
            Resolution = 16, ImgChannels = 3, CDim = 2, ZDim = 4, WDim = 4, MappingLayers = 2, DMappingLayers = 2,
            ChannelBase = 64, ChannelMax = 8, GArchitecture = g, DArchitecture = d, MbstdGroup = 2, ConvClamp = clamp,
        };
        using var gen = config.CreateGenerator();
        using var dis = (config with { CDim = 0 }).CreateDiscriminator();
        using var disC = config.CreateDiscriminator();
        Fill(gen);
        Fill(dis);
        Fill(disC);
        gen.eval();
        using var noGrad = no_grad();

        var z = tensor(Enumerable.Range(0, 8).Select(i => (float)Math.Cos(i)).ToArray()).reshape(2, 4);
        var c = tensor(new float[] { 1, 0, 0, 1 }).reshape(2, 2);
        foreach (var formulation in new[] { ModulatedConvFormulation.Split, ModulatedConvFormulation.Grouped })
        {
            var previous = ModulatedConv2d.DefaultFormulation;
            ModulatedConv2d.DefaultFormulation = formulation;
            try
            {
                var img = gen.forward(z, c, truncationPsi: 0.8, noiseMode: NoiseMode.Const);
                Assert.Equal(imgSum, img.sum().item<float>(), 3e-4);
                Assert.Equal(px0, img[0, 0, 3, 5].item<float>(), 1e-6);
                Assert.Equal(px1, img[1, 2, 15, 0].item<float>(), 1e-6);
            }
            finally { ModulatedConv2d.DefaultFormulation = previous; }
        }

        var n = 2 * 3 * 16 * 16;
        var x = tensor(Enumerable.Range(0, n).Select(i => (float)(Math.Sin(0.3 * i) * Math.Cos(0.011 * i))).ToArray())
            .reshape(2, 3, 16, 16);
        var logits = dis.forward(x);
        Assert.Equal(logit0, logits[0, 0].item<float>(), 1e-8);
        Assert.Equal(logit1, logits[1, 0].item<float>(), 1e-8);
        var projected = disC.forward(x, c);
        Assert.Equal(cond0, projected[0, 0].item<float>(), 1e-10);
        Assert.Equal(cond1, projected[1, 0].item<float>(), 1e-10);
    }
}
