using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Augmentation;

/// <summary>Bilinear grid_sample (zero padding, align_corners false) that supports double backward with
/// respect to the image, which R1 through the augmentation needs: libtorch has no derivative for
/// grid_sampler_2d_backward. grid_sample is linear in the image, y = A(grid) x. The forward is libtorch's
/// grid_sample; the backward is the adjoint A^T g written with scatter_add, an ordinary differentiable op, so a
/// second derivative (A again, as a gather) comes from autograd. The grid is treated as a constant (the
/// augmentation's parameters are not trained).</summary>
public static class GridSampleGradFix
{
    public static Tensor GridSample(Tensor input, Tensor grid) => Function.apply(input, grid.detach());

    sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "AdaGridSample";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var grid = (Tensor)vars[1];
            ctx.save_for_backward([grid]);
            ctx.save_data("shape", input.shape);
            return F.grid_sample(input, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        {
            var grid = ctx.get_saved_variables()[0];
            var shape = (long[])ctx.get_data("shape");
            return [Adjoint(grad, grid, shape), null!];
        }
    }

    /// <summary>A^T g: every output sample's gradient is spread onto the four input pixels it interpolated, with
    /// the bilinear weights. Pixel i of n sits at normalised (2i + 1)/n - 1, so x = ((g + 1) n - 1) / 2.</summary>
    public static Tensor Adjoint(Tensor grad, Tensor grid, long[] inputShape)
    {
        long n = inputShape[0], c = inputShape[1], h = inputShape[2], w = inputShape[3];
        long length = grid.shape[1] * grid.shape[2];
        var g = grid.detach().to(grad.dtype).reshape(n, length, 2);
        var ix = g[.., .., 0].add(1).mul(w).sub(1).div(2);
        var iy = g[.., .., 1].add(1).mul(h).sub(1).div(2);
        var x0 = ix.floor();
        var y0 = iy.floor();
        var fx = ix.sub(x0);
        var fy = iy.sub(y0);
        var flat = grad.reshape(n, c, length);
        var result = zeros([n, c, h * w], dtype: grad.dtype, device: grad.device);
        foreach (var (dx, dy) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        {
            var xs = x0.add(dx);
            var ys = y0.add(dy);
            var weight = (dx == 1 ? fx : fx.neg().add(1)).mul(dy == 1 ? fy : fy.neg().add(1));
            var inside = xs.ge(0).logical_and(xs.le(w - 1)).logical_and(ys.ge(0)).logical_and(ys.le(h - 1));
            weight = weight.mul(inside.to(grad.dtype));
            var index = ys.clamp(0, h - 1).mul(w).add(xs.clamp(0, w - 1)).to(ScalarType.Int64);
            result = result.scatter_add(2, index.unsqueeze(1).expand(n, c, length), flat.mul(weight.unsqueeze(1)));
        }
        return result.reshape(n, c, h, w);
    }
}
