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
            if (field.Number is 11 or 12) ProtoWire.WriteLengthDelimited(output, field.Number, Rewrite(field.Payload, [2, 1, 2], name));
            else if (field.Number != 13) output.Write(field.Encoded.Span);
        }
        return output.ToArray();
    }

    /// <summary>Follows the sub-message path (type -> tensor_type -> shape), then replaces the first dim.</summary>
    static byte[] Rewrite(ReadOnlyMemory<byte> message, ReadOnlySpan<int> path, string name)
    {
        using var output = new MemoryStream(message.Length + 8);
        bool firstDim = true;
        foreach (var field in ProtoWire.Read(message))
        {
            if (path.Length > 0 && field.Number == path[0] && field.WireType == ProtoWire.LengthDelimited)
                ProtoWire.WriteLengthDelimited(output, field.Number, Rewrite(field.Payload, path[1..], name));
            else if (path.Length == 0 && field.Number == 1 && firstDim)
            {
                firstDim = false;
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
        foreach (var graph in ProtoWire.Read(model).Where(f => f.Number == 7 && f.WireType == ProtoWire.LengthDelimited))
            foreach (var tensor in ProtoWire.Read(graph.Payload).Where(f => f.Number == 5 && f.WireType == ProtoWire.LengthDelimited))
            {
                var fields = ProtoWire.Read(tensor.Payload).ToList();
                var tensorName = fields.Where(f => f.Number == 8).Select(f => Encoding.UTF8.GetString(f.Payload.Span)).FirstOrDefault();
                if (tensorName != initializer) continue;
                var dims = new List<long>();
                foreach (var f in fields.Where(f => f.Number == 1))
                {
                    if (f.WireType == ProtoWire.Varint) dims.Add((long)f.Value);
                    else foreach (var packed in ReadPackedVarints(f.Payload)) dims.Add((long)packed);
                }
                var data = fields.FirstOrDefault(f => (f.Number == 4 || f.Number == 9) && f.WireType == ProtoWire.LengthDelimited);
                if (data.Number == 0) throw new InvalidDataException($"initializer {initializer}: no float_data or raw_data");
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.Payload.Span).ToArray();
                if (values.LongLength != dims.Aggregate(1L, (a, b) => a * b))
                    throw new InvalidDataException($"initializer {initializer}: {values.Length} values for dims [{string.Join(", ", dims)}]");
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
