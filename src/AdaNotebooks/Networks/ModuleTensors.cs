using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>Parameters and buffers belong to their module, not to whatever dispose scope is open while the module
/// is built: a network constructed inside <c>NewDisposeScope()</c> must stay usable after the scope ends.</summary>
static class ModuleTensors
{
    public static Parameter NewParameter(Tensor data, bool requiresGrad = true)
    {
        var p = new Parameter(data.DetachFromDisposeScope(), requires_grad: requiresGrad);
        p.DetachFromDisposeScope();
        return p;
    }

    public static Tensor Buffer(Tensor data) => data.DetachFromDisposeScope();
}
