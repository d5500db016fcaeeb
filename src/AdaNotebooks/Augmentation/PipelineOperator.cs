using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The Markov operator of the real pipeline (<see cref="AugmentPipe.Sample"/> and
/// <see cref="AugmentPipe.Apply"/>) on a finite set of binary images. Each output is mapped to the binary image
/// nearest to it (every pixel to -1 or 1): the pipeline's blits are not exact pixel permutations, because the
/// geometric stage resamples through the asymmetric sym6 filter, so a flipped or rotated image rings by up to
/// ~0.3 around edges (the reference does the same). If the mapped operator is injective, so is the pipeline's own:
/// images that augment alike also round alike.</summary>
public static class PipelineOperator
{
    /// <summary>Estimates T from <paramref name="draws"/> draws of <paramref name="pipe"/>'s parameters at its p.
    /// The same draws are replayed on every state (sampling and application are separate), so the estimate is
    /// sum_i f_i P_i with f_i the drawn frequency of choice i and P_i where the pipeline moves each state under
    /// it: its error is the error of the frequencies, the same for every state.</summary>
    /// <param name="states">[N, C, H, W] distinct binary images.</param>
    public static StateOperator Estimate(AugmentPipe pipe, Tensor states, int draws, Generator generator)
    {
        if (draws < 1) throw new ArgumentException($"draws {draws}: expected at least 1");
        CheckStates(states);
        var drawn = pipe.Sample(draws, states.shape[1], ParameterSource.Random(pipe.P, generator));
        var counts = new Builder(states);
        long chunk = Math.Max(1, 8192 / draws);
        for (long start = 0; start < states.shape[0]; start += chunk)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(chunk, states.shape[0] - start);
            var values = drawn.Values.ToDictionary(v => v.Key, v => v.Value.repeat(Tile(v.Value, n)));
            var images = states.narrow(0, start, n).repeat_interleave(draws, dim: 0);
            var outputs = pipe.Apply(images, new AugmentParams(n * draws, states.shape[1], values));
            for (long i = 0; i < n; i++)
                counts.Add((int)(start + i), outputs.narrow(0, i * draws, draws), 1.0 / draws);
        }
        return counts.Build();
    }

    /// <summary>The exact T of the discrete ops <paramref name="spec"/> enables, at <paramref name="p"/>: every
    /// combination of their choices (<see cref="OpChoices"/>), weighted by its probability, applied by the
    /// pipeline to every state. Refuses outputs that lie 0.5 or more from every binary image.</summary>
    public static StateOperator Exact(AugmentSpec spec, double p, Tensor states)
    {
        CheckStates(states);
        long n = states.shape[0], channels = states.shape[1];
        int size = (int)states.shape[3];
        var pipe = new AugmentPipe(spec, p);
        var ops = pipe.EnabledOps(channels);
        var combinations = new List<(Dictionary<string, float[]> Values, double Probability)> { ([], 1.0) };
        foreach (var op in ops)
        {
            if (!OpChoices.Ops.Contains(op.Name))
                throw new ArgumentException($"op '{op.Name}': the exact operator exists for discrete ops only " +
                                            $"({string.Join(", ", OpChoices.Ops)})");
            var choices = OpChoices.Of(op.Name, p, size, spec);
            combinations = combinations.SelectMany(c => choices.Select(choice =>
                (new Dictionary<string, float[]>(c.Values) { [op.Key] = choice.Value },
                    c.Probability * choice.Probability))).ToList();
        }
        var counts = new Builder(states);
        foreach (var (values, probability) in combinations.Where(c => c.Probability > 0))
        {
            using var scope = NewDisposeScope();
            var parameters = values.ToDictionary(v => v.Key, v =>
            {
                var t = tensor(v.Value);
                return v.Value.Length == 1 ? t.expand(n).contiguous() : t.expand(n, v.Value.Length).contiguous();
            });
            var outputs = pipe.Apply(states, new AugmentParams(n, channels, parameters));
            for (int s = 0; s < n; s++) counts.Add(s, outputs.narrow(0, s, 1), probability);
        }
        var result = counts.Build();
        if (result.MaxDeviation >= 0.5)
            throw new InvalidOperationException($"the pipeline's output lies {result.MaxDeviation:0.###} from the " +
                                                "nearest binary image: between states, no finite operator");
        return result;
    }

    static long[] Tile(Tensor value, long times) => [times, .. Enumerable.Repeat(1L, (int)value.dim() - 1)];

    static void CheckStates(Tensor states)
    {
        if (states.dim() != 4)
            throw new ArgumentException($"states: expected images [N, C, H, W], got [{string.Join(", ",
                states.shape)}]");
        using var binary = states.abs().eq(1).all();
        if (!binary.item<bool>()) throw new ArgumentException("states: expected binary images, every value -1 or 1");
    }

    /// <summary>Accumulates T column by column, giving each new output image the next row.</summary>
    sealed class Builder
    {
        readonly Dictionary<string, int> _rows = [];
        readonly List<float[]> _states = [];
        readonly List<Dictionary<int, double>> _columns = [];
        readonly long[] _shape;
        double _deviation;

        public Builder(Tensor inputs)
        {
            _shape = inputs.shape[1..];
            var values = Values(inputs);
            int size = values.Length / (int)inputs.shape[0];
            for (int s = 0; s < inputs.shape[0]; s++)
            {
                var state = values[(s * size)..((s + 1) * size)];
                if (!_rows.TryAdd(Key(state), s))
                    throw new ArgumentException($"states: state {s} repeats an earlier one");
                _states.Add(state);
                _columns.Add([]);
            }
        }

        static float[] Values(Tensor images)
        {
            using var cpu = images.detach().to(float32).cpu().contiguous();
            return cpu.data<float>().ToArray();
        }

        static string Key(float[] state) => string.Concat(state.Select(v => v > 0 ? '1' : '0'));

        /// <summary>Adds <paramref name="weight"/> per output image [k, C, H, W] to column
        /// <paramref name="input"/>, at the row of the binary image nearest to it.</summary>
        public void Add(int input, Tensor outputs, double weight)
        {
            var values = Values(outputs);
            int size = values.Length / (int)outputs.shape[0];
            for (int k = 0; k < outputs.shape[0]; k++)
            {
                var nearest = new float[size];
                for (int i = 0; i < size; i++)
                {
                    float v = values[k * size + i];
                    nearest[i] = v > 0 ? 1 : -1;
                    _deviation = Math.Max(_deviation, Math.Abs(v - nearest[i]));
                }
                var key = Key(nearest);
                if (!_rows.TryGetValue(key, out int row))
                {
                    row = _rows.Count;
                    _rows[key] = row;
                    _states.Add(nearest);
                }
                _columns[input][row] = _columns[input].GetValueOrDefault(row) + weight;
            }
        }

        public StateOperator Build()
        {
            var t = new double[_rows.Count * _columns.Count];
            for (int s = 0; s < _columns.Count; s++)
                foreach (var (row, value) in _columns[s]) t[row * _columns.Count + s] = value;
            var states = tensor(_states.SelectMany(v => v).ToArray(), [_states.Count, .. _shape]);
            return new StateOperator(tensor(t, [_rows.Count, _columns.Count], dtype: float64), states, _deviation);
        }
    }
}
