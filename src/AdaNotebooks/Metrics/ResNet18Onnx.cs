using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>The offline feature network: the ImageNet ResNet18 of NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18
/// (a CNTK export), run with ONNX Runtime in batches; 512-d features (the average pool after the last stage).
/// Its scores are NOT comparable with published FID/KID, which use Inception-v3.
///
/// Two input sizes, with different names so their scores are never mixed:
/// <list type="bullet">
/// <item>224x224, the size the network was exported for: name "resnet18" (scores "fd-resnet18", ...).</item>
/// <item>112x112 (<see cref="ReducedInputSize"/>), about 4x less work per image: name "resnet18-112" (scores
/// "fd-resnet18-112", ...). The graph is adapted when loading (<see cref="OnnxModelEditor.MakeInputSizeSymbolic"/>:
/// a global average pool instead of the fixed 7x7 one, symmetric padding); at 224 that adapted graph computes
/// the same features as the file.</item>
/// </list>
///
/// Preprocessing as the package's own pipeline does it: resize to the input size (bilinear), RGB -> BGR, 0-255
/// scale, minus the ImageNet mean image (BGR, 224x224, from ResNetPreprocess.onnx; resized bilinearly to 112x112
/// for the smaller input). Gray images are repeated to RGB. The model's batch dimension is fixed to 1 in the
/// file; it is made symbolic when loading (<see cref="OnnxModelEditor.MakeBatchSymbolic"/>) so a whole batch runs
/// in one call.</summary>
public sealed class ResNet18Onnx : IFeatureExtractor
{
    /// <summary>The input size the network was exported (and trained) for.</summary>
    public const int ExportedInputSize = 224;

    /// <summary>The smaller input size of the "resnet18-112" variant.</summary>
    public const int ReducedInputSize = 112;

    const string InputName = "Input247";
    const string OutputName = "Pooling395_Output_0";

    readonly InferenceSession _session;
    readonly Tensor _meanImage;

    /// <param name="modelPath">ResNet18.onnx; found automatically when null
    /// (<see cref="ResNet18Files.Locate"/>).</param>
    /// <param name="threads">ONNX Runtime intra-op threads (default: the processor count).</param>
    /// <param name="batchSize">Images per ONNX Runtime call.</param>
    /// <param name="inputSize">Images are resized to this square size: <see cref="ExportedInputSize"/> (224) or
    /// <see cref="ReducedInputSize"/> (112).</param>
    public ResNet18Onnx(string? modelPath = null, int? threads = null, int batchSize = 32,
        int inputSize = ExportedInputSize)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size {batchSize}: expected at least 1");
        if (inputSize is not (ExportedInputSize or ReducedInputSize))
            throw new ArgumentException($"input size {inputSize}: expected {ExportedInputSize} or {ReducedInputSize}");
        var (model, preprocess) = ResNet18Files.Locate(modelPath);
        ModelPath = model;
        BatchSize = batchSize;
        InputSize = inputSize;
        var (mean, dims) = OnnxModelEditor.ReadFloatInitializer(File.ReadAllBytes(preprocess), "MeanImage");
        if (!dims.SequenceEqual([1L, 3, ExportedInputSize, ExportedInputSize]))
            throw new InvalidDataException($"{preprocess}: MeanImage has shape [{string.Join(", ", dims)}], expected " +
                                           "[1, 3, 224, 224]");
        using (var scope = NewDisposeScope())
        {
            var meanImage = tensor(mean, dims);
            if (inputSize != ExportedInputSize)
                meanImage = nn.functional.interpolate(meanImage, size: [inputSize, inputSize],
                    mode: InterpolationMode.Bilinear, align_corners: false);
            _meanImage = meanImage.contiguous().DetachFromDisposeScope();
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle runtime threads would otherwise spin between batches, taking the cores torch needs in the same process.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        Threads = options.IntraOpNumThreads;
        try
        {
            var bytes = File.ReadAllBytes(model);
            _session = new InferenceSession(inputSize == ExportedInputSize
                ? OnnxModelEditor.MakeBatchSymbolic(bytes)
                : OnnxModelEditor.MakeInputSizeSymbolic(bytes), options);
        }
        catch (OnnxRuntimeException e)
        {
            _meanImage.Dispose();
            throw new InvalidDataException($"{model}: ONNX Runtime cannot load it: {e.Message}");
        }
    }

    /// <summary>"resnet18" at 224x224, "resnet18-112" at 112x112: the score names carry it.</summary>
    public string Name => InputSize == ExportedInputSize ? "resnet18" : $"resnet18-{InputSize}";
    public int Dimension => 512;
    public bool IsStandard => false;
    public string Fingerprint => InputSize == ExportedInputSize
        ? $"resnet18-onnx-{ResNet18Files.PackageVersion}-bilinear224"
        : $"resnet18-onnx-{ResNet18Files.PackageVersion}-gap-symmetricpads-bilinear{InputSize}";
    public int InputSize { get; }
    public string ModelPath { get; }
    public int BatchSize { get; }
    public int Threads { get; }

    public Tensor Extract(Tensor images)
    {
        FeatureExtraction.CheckImages(images, nameof(ResNet18Onnx));
        long n = images.shape[0];
        var features = empty(n, Dimension, dtype: float32);
        for (long start = 0; start < n; start += BatchSize)
        {
            long count = Math.Min(BatchSize, n - start);
            using var scope = NewDisposeScope();
            var input = Preprocess(images.narrow(0, start, count));
            features.narrow(0, start, count).copy_(Run(input));
        }
        return features;
    }

    /// <summary>uint8 RGB (or gray) NCHW to the network's input: float [N, 3, S, S] (S = <see cref="InputSize"/>),
    /// BGR, 0-255 minus the mean.</summary>
    public Tensor Preprocess(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.cpu().to(float32);
        if (x.shape[1] == 1) x = x.expand(-1, 3, -1, -1);
        if (x.shape[2] != InputSize || x.shape[3] != InputSize)
            x = nn.functional.interpolate(x, size: [InputSize, InputSize], mode: InterpolationMode.Bilinear,
                align_corners: false);
        x = x.flip(1).sub(_meanImage).contiguous();
        return x.MoveToOuterDisposeScope();
    }

    Tensor Run(Tensor input)
    {
        var shape = input.shape;
        var values = input.data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [InputName], [value], [OutputName]);
        var output = results[0].GetTensorDataAsSpan<float>();
        if (output.Length != shape[0] * Dimension)
            throw new InvalidDataException($"{ModelPath}: {output.Length} outputs for {shape[0]} images, expected " +
                                           $"{Dimension} each");
        return tensor(output.ToArray(), [shape[0], Dimension]);
    }

    public void Dispose()
    {
        _session.Dispose();
        _meanImage.Dispose();
    }
}
