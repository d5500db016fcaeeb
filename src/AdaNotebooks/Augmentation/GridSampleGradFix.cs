using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Augmentation;

/// <summary>Bilinear grid_sample (zero padding, align_corners false) that supports double backward with
/// respect to the image, which R1 through the augmentation needs: libtorch has no derivative for
/// grid_sampler_2d_backward. grid_sample is linear in the image, y = A(grid) x, so its backward is the
/// adjoint A^T g (computed by libtorch's own grid_sample backward) and the adjoint's backward is A again.
/// The grid is treated as a constant (the augmentation's parameters are not trained).</summary>
public static class GridSampleGradFix
{
    public static Tensor GridSample(Tensor input, Tensor grid) => Forward.apply(input, grid.detach());

    static Tensor Plain(Tensor input, Tensor grid) =>
        F.grid_sample(input, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);

    sealed class Forward : autograd.SingleTensorFunction<Forward>
    {
        public override string Name => "AdaGridSample";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var grid = (Tensor)vars[1];
            ctx.save_for_backward([grid]);
            ctx.save_data("shape", input.shape);
            return Plain(input, grid);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        {
            var grid = ctx.get_saved_variables()[0];
            var shape = (long[])ctx.get_data("shape");
            return [Adjoint.apply(grad, grid, shape), null!];
        }
    }

    /// <summary>A^T g, with A^T's own backward being A.</summary>
    sealed class Adjoint : autograd.SingleTensorFunction<Adjoint>
    {
        public override string Name => "AdaGridSampleAdjoint";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var grad = (Tensor)vars[0];
            var grid = (Tensor)vars[1];
            var shape = (long[])vars[2];
            ctx.save_for_backward([grid]);
            using var enabled = enable_grad();
            using var x = zeros(shape, dtype: grad.dtype, device: grad.device).requires_grad_(true);
            using var y = Plain(x, grid);
            return autograd.grad([y], [x], [grad.detach()])[0];
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad2)
        {
            var grid = ctx.get_saved_variables()[0];
            return [Forward.apply(grad2, grid), null!, null!];
        }
    }
}
