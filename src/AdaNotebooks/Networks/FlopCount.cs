namespace AdaNotebooks.Networks;

/// <summary>Floating-point operations of G and D counted from a <see cref="NetworkConfig"/>'s layer shapes (a
/// multiply-add is 2 FLOPs). Counted per image, for the learned layers only:
/// <list type="bullet">
/// <item>fully connected in -> out: 2 in out (mapping layers, style affines, D's fc and out);</item>
/// <item>k x k convolution Cin -> Cout: 2 k^2 Cin Cout H W, with H x W the pixels the convolution visits: the output
/// for an ordinary or stride-2 (downsampling) convolution, the input for the transposed (upsampling) one;</item>
/// <item>modulated convolution (the split formulation the synthesis layers run): the convolution plus Cin Hin Win for
/// scaling the input by the styles and, when demodulated, 2 Cin Cout for the demodulation coefficients and Cout Hout
/// Wout for scaling the output;</item>
/// <item>not counted: biases, activations, clamps, noise, the low-pass resampling filters, minibatch-std, the
/// augmentation and EMA; so the totals are a lower bound on the work done.</item>
/// </list>
/// A training step (<see cref="TrainingStep"/>) counts a pass that is backpropagated as 3 forwards (backward ≈
/// twice the forward: gradients for inputs and weights), a forward without gradients as 1, and a regulariser's
/// double backpropagation (R1's gradient with respect to the images, PL's with respect to the ws) as 6 forwards,
/// divided by its interval: G main 3 (G + D), D main G + 2 x 3 D, R1 6 D / r1Interval, PL 6 G (on the PL batch) /
/// plInterval; the mapping network's second forward for style mixing is not counted.</summary>
public static class FlopCount
{
    /// <summary>One layer's name and FLOPs per image.</summary>
    public readonly record struct Layer(string Name, double Flops);

    public static double Fc(long inFeatures, long outFeatures) => 2.0 * inFeatures * outFeatures;

    public static double Conv(long k, long cin, long cout, long pixels) => 2.0 * k * k * cin * cout * pixels;

    /// <summary>A modulated convolution: its style affine (w_dim -> Cin), the input scaling, the convolution and
    /// (if demodulated) the coefficients and the output scaling.</summary>
    public static double ModulatedConv(long wDim, long k, long cin, long cout, long inPixels, long outPixels,
        long convPixels, bool demodulate) =>
        Fc(wDim, cin) + cin * (double)inPixels + Conv(k, cin, cout, convPixels) +
        (demodulate ? 2.0 * cin * cout + cout * (double)outPixels : 0);

    /// <summary>G's layers (mapping and synthesis), FLOPs per image of one forward.</summary>
    public static IReadOnlyList<Layer> GeneratorLayers(NetworkConfig c)
    {
        var layers = new List<Layer>();
        if (c.CDim > 0) layers.Add(new("mapping.embed", Fc(c.CDim, c.WDim)));
        for (int i = 0; i < c.MappingLayers; i++)
            layers.Add(new($"mapping.fc{i}", Fc(i == 0 ? c.ZDim + (c.CDim > 0 ? c.WDim : 0) : c.WDim, c.WDim)));
        for (int r = 4; r <= c.Resolution; r *= 2)
        {
            long cout = c.Channels(r), area = (long)r * r;
            if (r > 4)
            {
                long cin = c.Channels(r / 2), inArea = area / 4;
                layers.Add(new($"synthesis.b{r}.conv0", ModulatedConv(c.WDim, 3, cin, cout, inArea, area, inArea,
                    true)));
                if (c.GArchitecture == Architecture.Resnet)
                    layers.Add(new($"synthesis.b{r}.skip", Conv(1, cin, cout, inArea)));
            }
            layers.Add(new($"synthesis.b{r}.conv1", ModulatedConv(c.WDim, 3, cout, cout, area, area, area, true)));
            if (r == c.Resolution || c.GArchitecture == Architecture.Skip)
                layers.Add(new($"synthesis.b{r}.torgb", ModulatedConv(c.WDim, 1, cout, c.ImgChannels, area, area,
                    area, false)));
        }
        return layers;
    }

    /// <summary>D's layers (blocks, label mapping, epilogue), FLOPs per image of one forward.</summary>
    public static IReadOnlyList<Layer> DiscriminatorLayers(NetworkConfig c)
    {
        var layers = new List<Layer>();
        for (int r = c.Resolution; r > 4; r /= 2)
        {
            long tmp = c.Channels(r), cout = c.Channels(r / 2), area = (long)r * r;
            if (r == c.Resolution || c.DArchitecture == Architecture.Skip)
                layers.Add(new($"b{r}.fromrgb", Conv(1, c.ImgChannels, tmp, area)));
            layers.Add(new($"b{r}.conv0", Conv(3, tmp, tmp, area)));
            layers.Add(new($"b{r}.conv1", Conv(3, tmp, cout, area / 4)));
            if (c.DArchitecture == Architecture.Resnet) layers.Add(new($"b{r}.skip", Conv(1, tmp, cout, area / 4)));
        }
        long c4 = c.Channels(4), cmap = c.CDim > 0 ? c4 : 0;
        if (c.CDim > 0)
        {
            layers.Add(new("mapping.embed", Fc(c.CDim, cmap)));
            for (int i = 0; i < c.DMappingLayers; i++) layers.Add(new($"mapping.fc{i}", Fc(cmap, cmap)));
        }
        if (c.DArchitecture == Architecture.Skip) layers.Add(new("b4.fromrgb", Conv(1, c.ImgChannels, c4, 16)));
        layers.Add(new("b4.conv", Conv(3, c4 + 1, c4, 16)));
        layers.Add(new("b4.fc", Fc(c4 * 16, c4)));
        layers.Add(new("b4.out", Fc(c4, cmap > 0 ? cmap : 1)));
        return layers;
    }

    /// <summary>FLOPs of one G forward per image.</summary>
    public static double GeneratorForward(NetworkConfig c) => GeneratorLayers(c).Sum(l => l.Flops);

    /// <summary>FLOPs of one D forward per image.</summary>
    public static double DiscriminatorForward(NetworkConfig c) => DiscriminatorLayers(c).Sum(l => l.Flops);

    /// <summary>FLOPs of one training minibatch of <paramref name="batch"/> images, averaged over the regularisers'
    /// intervals (0: that regulariser is off), by the rule in the class summary.</summary>
    public static double TrainingStep(NetworkConfig c, int batch, int r1Interval, int plInterval, int plBatch)
    {
        double g = GeneratorForward(c), d = DiscriminatorForward(c);
        double flops = batch * (3 * (g + d)) + batch * (g + 6 * d);
        if (r1Interval > 0) flops += 6 * batch * d / r1Interval;
        if (plInterval > 0) flops += 6 * plBatch * g / plInterval;
        return flops;
    }
}
