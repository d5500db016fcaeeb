using System.Diagnostics;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Data;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>r_t(p) on frozen discriminators: why does ADA's p stay low? A trained D (no augmentation or ADA) reads
/// its own training images augmented at fixed p; the overfitting heuristic r_t = E[sign D(x_aug)] (the paper's
/// eq. 1) is split into the images the pipeline changed and those it left as they were, beside sign(D) on held-out
/// reals. If D memorised its images brittly, a changed training image reads like an unseen one, so r_t falls to the
/// target at a p far below where D would stop telling augmented reals from clean ones.</summary>
public static class FrozenRt
{
    public static FrozenRtReport Run(FrozenRtOptions options, Action<string>? log = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("ada-frozen-rt-");
        try
        {
            var data = ExperimentData.Prepare(options.Data, options.Resolution, null, options.HeldOut,
                folder.FullName, options.Seed);
            var curves = options.Snapshots.Select(s => Curve(s, data, options, log)).ToList();
            return new FrozenRtReport(options, curves, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    static FrozenRtCurve Curve(string path, ExperimentData data, FrozenRtOptions options, Action<string>? log)
    {
        var file = Snapshot.Resolve(path);
        var saved = TrainingState.ReadOptions(file)
                    ?? throw new InvalidDataException($"{file}: no training options inside; expected a snapshot " +
                                                      "written by a training run");
        using var snapshot = Snapshot.Load(file);
        var d = snapshot.D ?? throw new InvalidDataException($"{file}: holds no discriminator");
        if (snapshot.Config.CDim != 0)
            throw new ArgumentException($"{file}: a conditional network; expected an unconditional run's snapshot");
        var train = LimitedDataFloor.TrainingSubset(data.Train, saved.Subset, saved.Seed, saved.Validation);
        if (train.Count > options.MaxImages)
            train = train.Select(DatasetOptions.Permutation(train.Count, options.Seed)[..options.MaxImages]);
        int batch = saved.Batch ?? 32;
        d.eval();
        using var noGrad = no_grad();
        int group = snapshot.Config.MbstdGroup;
        double heldOut;
        using (var reals = data.HeldOut.ToTensor()) heldOut = Signs(d, reals, batch, group).Average();
        var label = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? file;
        var points = new List<FrozenRtPoint>();
        using var images = train.ToTensor();
        foreach (var p in options.Ps)
        {
            using var scope = NewDisposeScope();
            var pipe = new AugmentPipe(options.Preset, p,
                new Generator((ulong)(options.Seed * 7919 + (int)Math.Round(p * 1e4))));
            var augmented = new List<Tensor>();
            var unchanged = new List<Tensor>();
            for (int draw = 0; draw < options.Draws; draw++)
            {
                var parameters = pipe.Sample(images.shape[0], images.shape[1],
                    ParameterSource.Random(p, pipe.Generator));
                augmented.Add(pipe.Apply(images, parameters));
                unchanged.Add(pipe.Unchanged(parameters, images.shape[3], images.shape[2]));
            }
            var signs = Signs(d, cat(augmented), batch, group);
            var same = cat(unchanged).data<bool>().ToArray();
            double? Mean(bool want) => same.Where(s => s == want).Any()
                ? signs.Where((_, i) => same[i] == want).Average()
                : null;
            var point = new FrozenRtPoint(p, signs.Length, same.Count(s => !s) / (double)same.Length, signs.Average(),
                Mean(false), Mean(true));
            points.Add(point);
            log?.Invoke(FormattableString.Invariant($"{label}: p {p}: changed {100 * point.ChangedShare:0.0} %, ") +
                        FormattableString.Invariant($"r_t {point.Rt:0.00} (changed {point.RtChanged:0.00}, ") +
                        FormattableString.Invariant($"unchanged {point.RtUnchanged:0.00}), held out {heldOut:0.00}"));
        }
        string method = saved.Augment.ToString().ToLowerInvariant();
        return new FrozenRtCurve(label, Path.GetFileName(file), snapshot.Kimg, method, train.Count, saved.Seed,
            snapshot.P ?? 0, heldOut, points);
    }

    /// <summary>sign(D(x)) per image, in minibatches of <paramref name="batch"/> (a multiple of the minibatch-std
    /// group where it can be, as in training).</summary>
    static double[] Signs(Networks.Discriminator d, Tensor images, int batch, int group)
    {
        var signs = new List<double>();
        long n = images.shape[0];
        for (long start = 0, k; start < n; start += k)
        {
            using var scope = NewDisposeScope();
            k = Math.Min(batch, n - start);
            if (k > group) k -= k % group;
            signs.AddRange(d.forward(images.narrow(0, start, k)).sign().flatten().to(ScalarType.Float64)
                .data<double>().ToArray());
        }
        return signs.ToArray();
    }
}
