using System.Runtime.CompilerServices;
using AdaNotebooks.Native;

namespace AdaNotebooks.Interactive.Tests;

static class TorchStartup
{
    /// <summary>Every test assembly prepares TorchSharp before the first torch call.</summary>
    [ModuleInitializer]
    internal static void Init() => TorchNative.Ensure();
}
