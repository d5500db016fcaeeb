using System.Runtime;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace AdaNotebooks.Interactive.Tests;

/// <summary>No other test runs beside these: a no-GC region is process-wide.</summary>
[CollectionDefinition(nameof(CellFenceTests), DisableParallelization = true)]
public class CellFenceCollection;

/// <summary>A submitted cell runs with the finalizer thread held off (<see cref="CellFence"/>).</summary>
[Collection(nameof(CellFenceTests))]
public class CellFenceTests
{
    /// <summary>A kernel that records the GC's latency mode while it handles a cell.</summary>
    sealed class RecordingKernel() : Kernel("recording"), IKernelCommandHandler<SubmitCode>,
        IKernelCommandHandler<RequestDiagnostics>
    {
        public readonly List<(string Command, GCLatencyMode Mode)> Seen = [];

        public Task HandleAsync(SubmitCode command, KernelInvocationContext context)
        {
            Seen.Add((nameof(SubmitCode), GCSettings.LatencyMode));
            return Task.CompletedTask;
        }

        public Task HandleAsync(RequestDiagnostics command, KernelInvocationContext context)
        {
            Seen.Add((nameof(RequestDiagnostics), GCSettings.LatencyMode));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task ACellRunsInsideANoGcRegionThatEndsWithIt()
    {
        using var kernel = new RecordingKernel();
        kernel.AddMiddleware(CellFence.Fenced);
        var result = await kernel.SendAsync(new SubmitCode("1 + 1"));
        Assert.DoesNotContain(result.Events, e => e is Microsoft.DotNet.Interactive.Events.CommandFailed);
        Assert.Equal([(nameof(SubmitCode), GCLatencyMode.NoGCRegion)], kernel.Seen);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public async Task OtherCommandsRunUnfenced()
    {
        using var kernel = new RecordingKernel();
        kernel.AddMiddleware(CellFence.Fenced);
        await kernel.SendAsync(new RequestDiagnostics("1 + 1"));
        Assert.Equal([(nameof(RequestDiagnostics), GCSettings.LatencyMode)], kernel.Seen);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, kernel.Seen[0].Mode);
    }
}
