using System.Diagnostics;

namespace AdaNotebooks.Training;

/// <summary>The parts of a training step a <see cref="StepProfiler"/> times. Phases nest: the augmentation inside a
/// D forward is charged to the augmentation, the rest to the D forward; R1 and PL are whole regularisation passes
/// (their forwards, backwards and optimiser steps, less their augmentation).</summary>
public enum StepPhase
{
    Data, GForward, DForward, Backward, Optimizer, R1, PathLength, Ema, Augmentation, Controller, Fence,
}

/// <summary>Wall-clock time per <see cref="StepPhase"/> over the steps of a run, and the tensors created through
/// TorchSharp per step. The trainer calls it only when one is attached (<see cref="Trainer.Profiler"/>), so an
/// unprofiled run pays one null check per phase. Time outside every phase within a step is bookkeeping (loss
/// read-back, requires-grad switches, zeroing gradients, freeing the step's tensors).</summary>
public sealed class StepProfiler
{
    public static readonly IReadOnlyList<StepPhase> Phases = Enum.GetValues<StepPhase>();

    readonly long[] _ticks = new long[Phases.Count];
    readonly long[] _created = new long[Phases.Count];
    readonly Stack<StepPhase> _open = new();
    readonly PhaseEnd _end;
    long _phaseStart, _phaseCreated, _stepStart, _stepTicks, _tensorsAtStart, _tensors;

    public StepProfiler() => _end = new PhaseEnd(this);

    /// <summary>Steps measured so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Tensors created through TorchSharp (in and outside dispose scopes) over the measured steps: one per
    /// tensor-returning call from .NET, so about the ops issued from managed code; the native ops autograd runs
    /// inside backward() create no .NET tensors and are not counted.</summary>
    public long TensorsCreated => _tensors;

    public static string Name(StepPhase phase) => phase switch
    {
        StepPhase.Data => "data",
        StepPhase.GForward => "G forward",
        StepPhase.DForward => "D forward",
        StepPhase.Backward => "backward",
        StepPhase.Optimizer => "optimizer",
        StepPhase.R1 => "R1",
        StepPhase.PathLength => "PL",
        StepPhase.Ema => "EMA",
        StepPhase.Augmentation => "augmentation",
        StepPhase.Controller => "controller",
        StepPhase.Fence => "finalizer fence",
        _ => phase.ToString(),
    };

    static long CreatedSoFar()
    {
        var stats = TorchSharp.DisposeScopeManager.Statistics;
        return stats.TensorStatistics.CreatedInScopeCount + stats.TensorStatistics.CreatedOutsideScopeCount;
    }

    public void BeginStep()
    {
        _open.Clear();
        _tensorsAtStart = CreatedSoFar();
        _stepStart = Stopwatch.GetTimestamp();
    }

    public void EndStep()
    {
        _stepTicks += Stopwatch.GetTimestamp() - _stepStart;
        _tensors += CreatedSoFar() - _tensorsAtStart;
        Steps++;
    }

    /// <summary>Starts <paramref name="phase"/> (pausing the enclosing one) until the result is disposed.</summary>
    public IDisposable Phase(StepPhase phase)
    {
        long now = Stopwatch.GetTimestamp(), created = CreatedSoFar();
        if (_open.Count > 0)
        {
            _ticks[(int)_open.Peek()] += now - _phaseStart;
            _created[(int)_open.Peek()] += created - _phaseCreated;
        }
        _open.Push(phase);
        _phaseStart = now;
        _phaseCreated = created;
        return _end;
    }

    void End()
    {
        long now = Stopwatch.GetTimestamp(), created = CreatedSoFar();
        var phase = (int)_open.Pop();
        _ticks[phase] += now - _phaseStart;
        _created[phase] += created - _phaseCreated;
        _phaseStart = now;
        _phaseCreated = created;
    }

    /// <summary>Mean tensors created per measured step in <paramref name="phase"/> (nested phases apart).</summary>
    public double MeanTensors(StepPhase phase) => Steps == 0 ? 0 : (double)_created[(int)phase] / Steps;

    /// <summary>Mean tensors created per measured step outside every phase.</summary>
    public double BookkeepingTensors => Steps == 0 ? 0 : (double)(_tensors - _created.Sum()) / Steps;

    /// <summary>Mean milliseconds per measured step in <paramref name="phase"/>.</summary>
    public double MeanMs(StepPhase phase) => Ms(_ticks[(int)phase]);

    /// <summary>Mean milliseconds per measured step.</summary>
    public double StepMs => Ms(_stepTicks);

    /// <summary>Mean milliseconds per step outside every phase.</summary>
    public double BookkeepingMs => Ms(_stepTicks - _ticks.Sum());

    double Ms(long ticks) => Steps == 0 ? 0 : ticks * 1000.0 / Stopwatch.Frequency / Steps;

    sealed class PhaseEnd(StepProfiler owner) : IDisposable
    {
        public void Dispose() => owner.End();
    }
}
