using System.Text;

namespace AdaNotebooks.Metrics;

/// <summary>Edits to an ONNX model's bytes (onnx.proto field numbers: ModelProto.graph = 7; GraphProto.node = 1,
/// initializer = 5, input = 11, output = 12, value_info = 13; ValueInfoProto.type = 2; TypeProto.tensor_type = 1;
/// Tensor.shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2; TensorProto.dims = 1,
/// float_data = 4, name = 8, raw_data = 9).</summary>
internal static class OnnxModelEditor
{
    /// <summary>Turns the first dimension of every graph input and output into the symbolic dimension
    /// <paramref name="name"/>, and drops the recorded shapes of intermediate values (value_info, which pin the
    /// batch size too; ONNX Runtime infers them again). Valid for models that never reshape with a literal batch
    /// size, such as the CNTK ResNet18 export (Conv, BatchNormalization, Relu, Add and pooling only).</summary>
    public static byte[] MakeBatchSymbolic(byte[] model, string name = "N")
    {
        bool sawGraph = false;
        using var output = new MemoryStream(model.Length);
        foreach (var field in ProtoWire.Read(model))
        {
            if (field.Number == 7 && field.WireType == ProtoWire.LengthDelimited)
            {
                sawGraph = true;
                ProtoWire.WriteLengthDelimited(output, 7, RewriteGraph(field.Payload, name));
            }
            else output.Write(field.Encoded.Span);
        }
        if (!sawGraph) throw new InvalidDataException("not an ONNX model (no graph)");
        return output.ToArray();
    }

    static byte[] RewriteGraph(ReadOnlyMemory<byte> graph, string name)
    {
        using var output = new MemoryStream(graph.Length);
        foreach (var field in ProtoWire.Read(graph))
        {
            if (field.Number is 11 or 12)
                ProtoWire.WriteLengthDelimited(output, field.Number, Rewrite(field.Payload, [2, 1, 2], [name]));
            else if (field.Number != 13) output.Write(field.Encoded.Span);
        }
        return output.ToArray();
    }

    /// <summary>Makes a CNTK ResNet export (such as ResNet18.onnx) run at input sizes other than the one it was
    /// exported for (e.g. 112x112), besides making the batch symbolic like <see cref="MakeBatchSymbolic"/>:
    /// <list type="bullet">
    /// <item>the graph inputs' batch, height and width become the symbolic dimensions N, H and W;</item>
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
        bool sawGraph = false;
        using var output = new MemoryStream(model.Length);
        foreach (var field in ProtoWire.Read(model))
        {
            if (field.Number == 7 && field.WireType == ProtoWire.LengthDelimited)
            {
                sawGraph = true;
                ProtoWire.WriteLengthDelimited(output, 7, RewriteGraphForAnySize(field.Payload));
            }
            else output.Write(field.Encoded.Span);
        }
        if (!sawGraph) throw new InvalidDataException("not an ONNX model (no graph)");
        return output.ToArray();
    }

    static byte[] RewriteGraphForAnySize(ReadOnlyMemory<byte> graph)
    {
        var outputNames = ProtoWire.Read(graph).Where(f => f.Number == 12 && f.WireType == ProtoWire.LengthDelimited)
            .Select(f => StringField(f.Payload, 1) ?? "").ToHashSet();
        int pools = 0;
        using var output = new MemoryStream(graph.Length);
        foreach (var field in ProtoWire.Read(graph))
        {
            if (field.Number == 1 && field.WireType == ProtoWire.LengthDelimited)
                ProtoWire.WriteLengthDelimited(output, 1, RewriteNode(field.Payload, outputNames, ref pools));
            else if (field.Number == 11)
                ProtoWire.WriteLengthDelimited(output, 11, Rewrite(field.Payload, [2, 1, 2], ["N", null, "H", "W"]));
            else if (field.Number == 12)
                ProtoWire.WriteLengthDelimited(output, 12, Rewrite(field.Payload, [2, 1, 2], ["N"]));
            else if (field.Number != 13) output.Write(field.Encoded.Span);
        }
        if (pools == 0)
            throw new InvalidDataException("the model's output is not made by an AveragePool: it cannot be adapted " +
                                           "to other input sizes");
        return output.ToArray();
    }

    /// <summary>NodeProto: input = 1, output = 2, op_type = 4, attribute = 5; AttributeProto: name = 1, ints =
    /// 8.</summary>
    static byte[] RewriteNode(ReadOnlyMemory<byte> node, HashSet<string> graphOutputs, ref int pools)
    {
        var fields = ProtoWire.Read(node).ToList();
        var opType = fields.Where(f => f.Number == 4).Select(f => Encoding.UTF8.GetString(f.Payload.Span))
            .FirstOrDefault();
        bool makesOutput = fields.Any(f => f.Number == 2
            && graphOutputs.Contains(Encoding.UTF8.GetString(f.Payload.Span)));
        using var output = new MemoryStream(node.Length);
        if (opType == "AveragePool" && makesOutput)
        {
            pools++;
            foreach (var field in fields)
            {
                if (field.Number == 4) ProtoWire.WriteLengthDelimited(output, 4, "GlobalAveragePool"u8);
                else if (field.Number != 5) output.Write(field.Encoded.Span);
            }
            return output.ToArray();
        }
        foreach (var field in fields)
        {
            if (field.Number == 5 && field.WireType == ProtoWire.LengthDelimited
                && StringField(field.Payload, 1) == "pads")
                ProtoWire.WriteLengthDelimited(output, 5, SymmetricPads(field.Payload));
            else output.Write(field.Encoded.Span);
        }
        return output.ToArray();
    }

    /// <summary>pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]: each end becomes at least its begin.</summary>
    static byte[] SymmetricPads(ReadOnlyMemory<byte> attribute)
    {
        var fields = ProtoWire.Read(attribute).ToList();
        var pads = new List<ulong>();
        foreach (var f in fields.Where(f => f.Number == 8))
        {
            if (f.WireType == ProtoWire.Varint) pads.Add(f.Value);
            else pads.AddRange(ReadPackedVarints(f.Payload));
        }
        if (pads.Count % 2 != 0)
            throw new InvalidDataException($"pads [{string.Join(", ", pads)}]: expected begin and end values");
        int half = pads.Count / 2;
        for (int i = 0; i < half; i++) pads[half + i] = Math.Max(pads[half + i], pads[i]);
        using var output = new MemoryStream(attribute.Length + 8);
        bool written = false;
        foreach (var field in fields)
        {
            if (field.Number != 8) output.Write(field.Encoded.Span);
            else if (!written)
            {
                written = true;
                foreach (var pad in pads)
                {
                    ProtoWire.WriteVarint(output, 8 << 3 | ProtoWire.Varint);
                    ProtoWire.WriteVarint(output, pad);
                }
            }
        }
        return output.ToArray();
    }

    static string? StringField(ReadOnlyMemory<byte> message, int number)
        => ProtoWire.Read(message).Where(f => f.Number == number && f.WireType == ProtoWire.LengthDelimited)
            .Select(f => Encoding.UTF8.GetString(f.Payload.Span)).FirstOrDefault();

    /// <summary>Follows the sub-message path (type -> tensor_type -> shape), then replaces the leading dims by the
    /// symbolic names given (a null name keeps that dim).</summary>
    static byte[] Rewrite(ReadOnlyMemory<byte> message, ReadOnlySpan<int> path, string?[] names)
    {
        using var output = new MemoryStream(message.Length + 8);
        int dimIndex = 0;
        foreach (var field in ProtoWire.Read(message))
        {
            if (path.Length > 0 && field.Number == path[0] && field.WireType == ProtoWire.LengthDelimited)
                ProtoWire.WriteLengthDelimited(output, field.Number, Rewrite(field.Payload, path[1..], names));
            else if (path.Length == 0 && field.Number == 1 && dimIndex < names.Length && names[dimIndex++] is { } name)
            {
                using var dim = new MemoryStream();
                ProtoWire.WriteLengthDelimited(dim, 2, Encoding.UTF8.GetBytes(name));
                ProtoWire.WriteLengthDelimited(output, 1, dim.ToArray());
            }
            else output.Write(field.Encoded.Span);
        }
        return output.ToArray();
    }

    /// <summary>A float initializer of the graph by name, with its dims (float_data or raw_data storage).</summary>
    public static (float[] Values, long[] Dims) ReadFloatInitializer(byte[] model, string initializer)
    {
        foreach (var graph in ProtoWire.Read(model)
            .Where(f => f.Number == 7 && f.WireType == ProtoWire.LengthDelimited))
            foreach (var tensor in ProtoWire.Read(graph.Payload)
                .Where(f => f.Number == 5 && f.WireType == ProtoWire.LengthDelimited))
            {
                var fields = ProtoWire.Read(tensor.Payload).ToList();
                var tensorName = fields.Where(f => f.Number == 8).Select(f => Encoding.UTF8.GetString(f.Payload.Span))
                    .FirstOrDefault();
                if (tensorName != initializer) continue;
                var dims = new List<long>();
                foreach (var f in fields.Where(f => f.Number == 1))
                {
                    if (f.WireType == ProtoWire.Varint) dims.Add((long)f.Value);
                    else foreach (var packed in ReadPackedVarints(f.Payload)) dims.Add((long)packed);
                }
                var data = fields.FirstOrDefault(f => (f.Number == 4 || f.Number == 9)
                    && f.WireType == ProtoWire.LengthDelimited);
                if (data.Number == 0)
                    throw new InvalidDataException($"initializer {initializer}: no float_data or raw_data");
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.Payload.Span)
                    .ToArray();
                if (values.LongLength != dims.Aggregate(1L, (a, b) => a * b))
                    throw new InvalidDataException($"initializer {initializer}: {values.Length} values for dims " +
                                                   $"[{string.Join(", ", dims)}]");
                return (values, dims.ToArray());
            }
        throw new InvalidDataException($"the model has no initializer named {initializer}");
    }

    /// <summary>A packed repeated varint field: its payload is the varints back to back.</summary>
    static List<ulong> ReadPackedVarints(ReadOnlyMemory<byte> payload)
    {
        var values = new List<ulong>();
        int position = 0;
        while (position < payload.Length) values.Add(ProtoWire.ReadVarint(payload.Span, ref position));
        return values;
    }
}
