using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Training;

public class LogTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-log-");
    public void Dispose() => _dir.Delete(true);

    static TrainingProgress Event(int tick) => new()
    {
        Tick = tick, Kimg = tick * 0.5, P = 0.1 * tick, Heuristic = 0.55, ImagesPerSecond = 100,
        Losses = new Dictionary<string, double> { ["G"] = 1.5, ["D"] = double.NaN },
        DOutputs = new DOutputs([1, 3], [], [-2]),
    };

    [Fact]
    public void StatsJsonlHasOneObjectPerTickWithNullForNonFinite()
    {
        using (var log = new RunLog(_dir.FullName))
        {
            log.Write(Event(1));
            log.Write(Event(2));
        }
        var lines = File.ReadAllLines(Path.Combine(_dir.FullName, "stats.jsonl"));
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[1]);
        Assert.Equal(2, doc.RootElement.GetProperty("tick").GetInt32());
        Assert.Equal(0.2, doc.RootElement.GetProperty("Progress/augment").GetDouble(), 9);
        Assert.Equal(0.55, doc.RootElement.GetProperty("Progress/r_t").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("Loss/D").ValueKind);
        Assert.Equal(2.0, doc.RootElement.GetProperty("Loss/D_output/train").GetDouble(), 9);
    }

    [Fact]
    public void TensorBoardRecordsAreFramedWithValidChecksumsAndCarryTheScalars()
    {
        string path;
        using (var log = new RunLog(_dir.FullName)) { log.Write(Event(3)); }
        path = Directory.GetFiles(_dir.FullName, "events.out.tfevents.*").Single();
        var bytes = File.ReadAllBytes(path);
        int offset = 0, records = 0;
        var payloads = new List<byte[]>();
        while (offset < bytes.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            Assert.Equal(TensorBoardWriter.MaskedCrc(bytes.AsSpan(offset, 8)),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)));
            var data = bytes.AsSpan(offset + 12, (int)length);
            Assert.Equal(TensorBoardWriter.MaskedCrc(data),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + (int)length)));
            payloads.Add(data.ToArray());
            offset += 12 + (int)length + 4;
            records++;
        }
        Assert.Equal(2, records); // the file-version event and one scalar event
        Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(payloads[0]));
        var text = Encoding.ASCII.GetString(payloads[1]);
        Assert.Contains("Progress/augment", text);
        // NaN losses are left out (tag of length 6 then a float)
        Assert.DoesNotContain("\u0006Loss/D\u0015", text, StringComparison.Ordinal);
        Assert.Contains("\u0006Loss/G\u0015", text, StringComparison.Ordinal);
        // The value of Progress/augment (0.3f) follows its tag as a fixed32 field (tag byte 0x15).
        int tag = text.IndexOf("Progress/augment", StringComparison.Ordinal) + "Progress/augment".Length;
        Assert.Equal(0x15, payloads[1][tag]);
        Assert.Equal(0.3f, BinaryPrimitives.ReadSingleLittleEndian(payloads[1].AsSpan(tag + 1)));
    }

    [Fact]
    public void ResumeHistoryKeepsTicksUpToTheSnapshotAndDropsTheRest()
    {
        using (var log = new RunLog(_dir.FullName))
            for (int t = 1; t <= 4; t++) log.Write(Event(t)); // kimg 0.5, 1, 1.5, 2
        using var again = new RunLog(_dir.FullName);
        var history = again.ResumeHistory(1.0);
        Assert.Equal(2, history.Count);
        Assert.Equal(1.0, history[^1].Kimg, 9);
        Assert.Equal(0.2, history[^1].P, 9);
        Assert.Equal(1.5, history[^1].Losses["G"], 9);
        Assert.Equal(0.55, history[^1].Heuristic!.Value, 9);
        Assert.Equal(2, File.ReadAllLines(again.StatsPath).Length);
    }

    [Fact]
    public void MaskedCrcMatchesTheKnownCrc32cOfASample()
    {
        // CRC-32C("123456789") = 0xE3069283; masked: rotr15 + 0xa282ead8.
        uint crc = 0xE3069283;
        uint masked = ((crc >> 15) | (crc << 17)) + 0xa282ead8;
        Assert.Equal(masked, TensorBoardWriter.MaskedCrc(Encoding.ASCII.GetBytes("123456789")));
    }
}
