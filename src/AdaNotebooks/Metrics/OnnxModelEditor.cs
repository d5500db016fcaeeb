using Google.Protobuf;
using Onnx;

namespace AdaNotebooks.Metrics;

/// <summary>Edits to an ONNX model, on the ONNX schema's generated types (OnnxSharp, on Google.Protobuf).</summary>
internal static class OnnxModelEditor
{
    /// <summary>Turns the first dimension of every graph input, output and intermediate value into the symbolic
    /// dimension N (OnnxSharp's SetDim). Valid for models that never reshape with a literal batch size, such as the
    /// CNTK ResNet18 export (Conv, BatchNormalization, Relu, Add and pooling only).</summary>
    public static byte[] MakeBatchSymbolic(byte[] model)
    {
        var parsed = Parse(model);
        parsed.Graph.SetDim();
        return parsed.ToByteArray();
    }

    /// <summary>Makes a CNTK ResNet export (such as ResNet18.onnx) run at input sizes other than the one it was
    /// exported for (e.g. 112x112), besides making the batch symbolic like <see cref="MakeBatchSymbolic"/>:
    /// <list type="bullet">
    /// <item>the graph inputs' height and width become the symbolic dimensions H and W, and the recorded shapes
    /// of intermediate values (value_info, which pin them) are dropped: ONNX Runtime infers them again;</item>
    /// <item>the AveragePool that produces the graph output (a fixed 7x7 window, which only fits the 7x7 last map
    /// of a 224x224 input) becomes a GlobalAveragePool, the mean over whatever size the last map has;</item>
    /// <item>asymmetric pads (CNTK writes the stride-2 3x3 convolutions as pads [1, 1, 0, 0], begin then end) get
    /// the end padding equal to the begin padding, as in torchvision's ResNet. On a map of odd size (7x7 at
    /// the last stage for a 112x112 input) the strided 3x3 convolution then gives 4x4 like the strided 1x1
    /// shortcut it is added to (with [1, 1, 0, 0] it gives 3x3 and the Add fails).</item>
    /// </list>
    /// At the exported input size, 224, the result computes the same function: every map a strided window
    /// crosses there has an even size, so the windows never reach the added end padding, and a 7x7 average over
    /// a 7x7 map is the global average.</summary>
    public static byte[] MakeInputSizeSymbolic(byte[] model)
    {
        var parsed = Parse(model);
        var graph = parsed.Graph;
        graph.SetDim();
        graph.ValueInfo.Clear();
        foreach (var input in graph.Input)
        {
            var dims = input.Type.TensorType.Shape.Dim;
            if (dims.Count != 4) throw new InvalidDataException($"input {input.Name} has {dims.Count} dimensions, " +
                                                                "expected 4 (N, C, H, W)");
            dims[2] = new TensorShapeProto.Types.Dimension { DimParam = "H" };
            dims[3] = new TensorShapeProto.Types.Dimension { DimParam = "W" };
        }
        var outputs = graph.Output.Select(o => o.Name).ToHashSet();
        int pools = 0;
        foreach (var node in graph.Node)
        {
            if (node.OpType == "AveragePool" && node.Output.Any(outputs.Contains))
            {
                pools++;
                node.OpType = "GlobalAveragePool";
                node.Attribute.Clear();
            }
            foreach (var pads in node.Attribute.Where(a => a.Name == "pads")) MakeSymmetric(pads.Ints);
        }
        if (pools == 0)
            throw new InvalidDataException("the model's output is not made by an AveragePool: it cannot be adapted " +
                                           "to other input sizes");
        return parsed.ToByteArray();
    }

    /// <summary>pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]: each end becomes at least its begin.</summary>
    static void MakeSymmetric(IList<long> pads)
    {
        if (pads.Count % 2 != 0)
            throw new InvalidDataException($"pads [{string.Join(", ", pads)}]: expected begin and end values");
        int half = pads.Count / 2;
        for (int i = 0; i < half; i++) pads[half + i] = Math.Max(pads[half + i], pads[i]);
    }

    /// <summary>A float initializer of the graph by name, with its dims (float_data or raw_data storage).</summary>
    public static (float[] Values, long[] Dims) ReadFloatInitializer(byte[] model, string initializer)
    {
        var tensor = Parse(model).Graph.Initializer.FirstOrDefault(t => t.Name == initializer)
                     ?? throw new InvalidDataException($"the model has no initializer named {initializer}");
        var values = tensor.FloatData.Count > 0
            ? tensor.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        if (values.Length == 0) throw new InvalidDataException($"initializer {initializer}: no float_data or raw_data");
        var dims = tensor.Dims.ToArray();
        if (values.LongLength != dims.Aggregate(1L, (a, b) => a * b))
            throw new InvalidDataException($"initializer {initializer}: {values.Length} values for dims " +
                                           $"[{string.Join(", ", dims)}]");
        return (values, dims);
    }

    static ModelProto Parse(byte[] model)
    {
        ModelProto parsed;
        try { parsed = ModelProto.Parser.ParseFrom(model); }
        catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"not an ONNX model: {e.Message}"); }
        return parsed.Graph is null ? throw new InvalidDataException("not an ONNX model (no graph)") : parsed;
    }
}
