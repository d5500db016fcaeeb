namespace AdaNotebooks.Metrics;

/// <summary>Just enough of the protocol-buffers wire format to walk and rewrite an ONNX model without generated
/// classes: a message is a sequence of fields (tag = number &lt;&lt; 3 | wire type), of which varints (0),
/// 64-bit (1), length-delimited (2: bytes, strings, sub-messages, packed arrays) and 32-bit (5) exist.</summary>
internal static class ProtoWire
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>One field: its number, wire type, value (a varint, or the payload of a length-delimited field)
    /// and the whole encoded field (tag included) for copying it unchanged.</summary>
    public readonly record struct Field(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Payload,
        ReadOnlyMemory<byte> Encoded);

    public static IEnumerable<Field> Read(ReadOnlyMemory<byte> message)
    {
        int position = 0;
        while (position < message.Length)
        {
            int start = position;
            ulong tag = ReadVarint(message.Span, ref position);
            int number = (int)(tag >> 3), wireType = (int)(tag & 7);
            ulong value = 0;
            ReadOnlyMemory<byte> payload = default;
            switch (wireType)
            {
                case Varint: value = ReadVarint(message.Span, ref position); break;
                case Fixed64: payload = Take(message, ref position, 8); break;
                case Fixed32: payload = Take(message, ref position, 4); break;
                case LengthDelimited:
                    ulong length = ReadVarint(message.Span, ref position);
                    if (length > (ulong)(message.Length - position))
                        throw new InvalidDataException("protobuf: a length runs past the end of the message");
                    payload = Take(message, ref position, (int)length);
                    break;
                default: throw new InvalidDataException($"protobuf: unsupported wire type {wireType} (field {number})");
            }
            yield return new Field(number, wireType, value, payload, message[start..position]);
        }
    }

    public static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    public static void WriteLengthDelimited(Stream stream, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(stream, ((ulong)number << 3) | LengthDelimited);
        WriteVarint(stream, (ulong)payload.Length);
        stream.Write(payload);
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new InvalidDataException("protobuf: truncated varint");
            byte b = data[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("protobuf: varint longer than 10 bytes");
    }

    static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> data, ref int position, int length)
    {
        if (position + length > data.Length) throw new InvalidDataException("protobuf: truncated field");
        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }
}
