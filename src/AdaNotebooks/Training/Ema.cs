using static TorchSharp.torch;

namespace AdaNotebooks.Training;

/// <summary>The exponential moving average of G's weights (G_ema), with the reference's half-life in thousands of
/// images and optional ramp-up: ema_nimg = min(ema_kimg * 1000, cur_nimg * rampup), beta = 0.5^(batch / ema_nimg);
/// p_ema = lerp(p, p_ema, beta); buffers are copied.</summary>
public static class Ema
{
    public static double Beta(int batch, double emaKimg, double? rampup, double curNimg)
    {
        double emaNimg = emaKimg * 1000;
        if (rampup is { } r) emaNimg = Math.Min(emaNimg, curNimg * r);
        return Math.Pow(0.5, batch / Math.Max(emaNimg, 1e-8));
    }

    public static void Update(nn.Module g, nn.Module gEma, double beta)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var source = g.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in gEma.named_parameters())
            p.copy_(source[name].lerp(p, beta));
        var buffers = g.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in gEma.named_buffers())
            b.copy_(buffers[name]);
    }
}
