using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace AdaNotebooks.Training;

/// <summary>Writes TensorBoard event files (TFRecord framing of Event protocol buffers) with scalar and image
/// summaries, so `tensorboard --logdir RUN` shows a run. Hand-encoded: only the few fields needed.</summary>
public sealed class TensorBoardWriter : IDisposable
{
    readonly FileStream _stream;

    public string Path { get; }

    public TensorBoardWriter(string directory)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory,
            $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.adanotebooks");
        _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var first = new ProtoWriter();
        first.Double(1, Now());
        first.Bytes(3, Encoding.UTF8.GetBytes("brain.Event:2"));
        WriteRecord(first.ToArray());
    }

    static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public void Scalars(long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        var summary = new ProtoWriter();
        foreach (var (tag, value) in values)
        {
            if (!double.IsFinite(value)) continue;
            var v = new ProtoWriter();
            v.Bytes(1, Encoding.UTF8.GetBytes(tag));
            v.Float(2, (float)value);
            summary.Bytes(1, v.ToArray());
        }
        WriteEvent(step, summary.ToArray());
    }

    public void Image(long step, string tag, byte[] png, int width, int height)
    {
        var image = new ProtoWriter();
        image.Varint(1, (ulong)height);
        image.Varint(2, (ulong)width);
        image.Varint(3, 3);
        image.Bytes(4, png);
        var v = new ProtoWriter();
        v.Bytes(1, Encoding.UTF8.GetBytes(tag));
        v.Bytes(4, image.ToArray());
        var summary = new ProtoWriter();
        summary.Bytes(1, v.ToArray());
        WriteEvent(step, summary.ToArray());
    }

    void WriteEvent(long step, byte[] summary)
    {
        var e = new ProtoWriter();
        e.Double(1, Now());
        e.Varint(2, (ulong)step);
        e.Bytes(5, summary);
        WriteRecord(e.ToArray());
        _stream.Flush();
    }

    void WriteRecord(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        _stream.Write(header);
        _stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        _stream.Write(footer);
    }

    /// <summary>CRC-32C (Castagnoli), masked as TFRecord does: ((crc >> 15) | (crc << 17)) + 0xa282ead8.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Minimal protocol-buffer encoder.</summary>
    sealed class ProtoWriter
    {
        readonly MemoryStream _ms = new();
        void Tag(int field, int wire) => Raw((ulong)((field << 3) | wire));
        void Raw(ulong v) { while (v >= 0x80) { _ms.WriteByte((byte)(v | 0x80)); v >>= 7; } _ms.WriteByte((byte)v); }
        public void Varint(int field, ulong v) { Tag(field, 0); Raw(v); }
        public void Double(int field,
            double v) { Tag(field, 1); Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b,
                v); _ms.Write(b); }
        public void Float(int field,
            float v) { Tag(field, 5); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b,
                v); _ms.Write(b); }
        public void Bytes(int field, byte[] v) { Tag(field, 2); Raw((ulong)v.Length); _ms.Write(v); }
        public byte[] ToArray() => _ms.ToArray();
    }
}
