using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using AdaNotebooks.Training;
using Tensorboard;

namespace AdaNotebooks.Tests.Training;

public class LogTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-log-");
    public void Dispose() => _dir.Delete(true);

    static TrainingProgress Progress(int tick) => new()
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
            log.Write(Progress(1));
            log.Write(Progress(2));
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

    static byte[] SampleGrid()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(6, 4);
        return AdaNotebooks.Imaging.Png.Encode(image);
    }

    /// <summary>The events of one TFRecord file, each record's length and data checked against their masked
    /// CRC-32C, parsed with Google.Protobuf's generated Event type.</summary>
    static List<Event> ReadEvents(string path)
    {
        static uint Masked(ReadOnlySpan<byte> data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
            crc = ~crc;
            return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
        }
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        for (int offset = 0; offset < bytes.Length;)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)));
            Assert.Equal(Masked(bytes.AsSpan(offset, 8)),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)));
            var data = bytes.AsSpan(offset + 12, length);
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + length)));
            events.Add(Event.Parser.ParseFrom(data.ToArray()));
            offset += 12 + length + 4;
        }
        return events;
    }

    static IEnumerable<(long Step, Summary.Types.Value Value)> Values(IEnumerable<Event> events) =>
        events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Select(v => (e.Step, v)));

    [Fact]
    public void TensorBoardEventsCarryScalarsHistogramsSamplesAndTheConfiguration()
    {
        using (var log = new RunLog(_dir.FullName, "{\n  \"Kimg\": 20\n}", startKimg: 0))
            log.Write(Progress(3) with { SampleGrid = SampleGrid() });
        var events = ReadEvents(Directory.GetFiles(_dir.FullName, "events.out.tfevents.*").Single());
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var values = Values(events).ToList();

        var augment = values.Single(v => v.Value.Tag == "Progress/augment");
        Assert.Equal(1500, augment.Step); // kimg 1.5 -> 1,500 images
        Assert.Equal(0.3f, augment.Value.SimpleValue, 6);
        Assert.Equal(1.5f, values.Single(v => v.Value.Tag == "Loss/G").Value.SimpleValue);
        Assert.DoesNotContain(values, v => v.Value.Tag == "Loss/D"); // NaN is left out

        var train = values.Single(v => v.Value.Tag == "D_output/train").Value.Histo;
        Assert.Equal((2, 1.0, 3.0, 4.0), ((int)train.Num, train.Min, train.Max, train.Sum));
        Assert.Equal(2, train.Bucket.Sum());
        Assert.Equal(-2.0, values.Single(v => v.Value.Tag == "D_output/generated").Value.Histo.Max);
        Assert.DoesNotContain(values, v => v.Value.Tag == "D_output/validation"); // no held-out reals this tick

        var samples = values.Single(v => v.Value.Tag == "samples").Value.Image;
        Assert.Equal((6, 4), (samples.Width, samples.Height));
        using (var decoded = AdaNotebooks.Imaging.Png.Decode(samples.EncodedImageString.ToByteArray()))
            Assert.Equal((6, 4), (decoded.Width, decoded.Height));

        var text = values.Single(v => v.Value.Tag == "configuration/text_summary");
        Assert.Equal(0, text.Step);
        Assert.Equal("text", text.Value.Metadata.PluginData.PluginName);
        Assert.Equal("    {\n      \"Kimg\": 20\n    }", text.Value.Tensor.StringVal.Single().ToStringUtf8());
    }

    [Fact]
    public void AResumedRunAddsItsEventsBesideTheEarlierOnes()
    {
        using (var log = new RunLog(_dir.FullName, "{}")) { log.Write(Progress(1)); log.Write(Progress(2)); }
        Thread.Sleep(2); // the file names order by time
        using (var log = new RunLog(_dir.FullName, "{}", startKimg: 0.5)) log.Write(Progress(2));
        var files = Directory.GetFiles(_dir.FullName, "events.out.tfevents.*").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        var steps = files.Select(f => Values(ReadEvents(f)).Where(v => v.Value.Tag == "Progress/augment")
            .Select(v => v.Step).ToList()).ToList();
        Assert.Equal([500L, 1000L], steps[0]);
        Assert.Equal([1000L], steps[1]);
        Assert.Equal(500, Values(ReadEvents(files[1])).Single(v => v.Value.Tag == "configuration/text_summary").Step);
    }

    [Fact]
    public void ResumeHistoryKeepsTicksUpToTheSnapshotAndDropsTheRest()
    {
        using (var log = new RunLog(_dir.FullName))
            for (int t = 1; t <= 4; t++) log.Write(Progress(t)); // kimg 0.5, 1, 1.5, 2
        using var again = new RunLog(_dir.FullName);
        var history = again.ResumeHistory(1.0);
        Assert.Equal(2, history.Count);
        Assert.Equal(1.0, history[^1].Kimg, 9);
        Assert.Equal(0.2, history[^1].P, 9);
        Assert.Equal(1.5, history[^1].Losses["G"], 9);
        Assert.Equal(0.55, history[^1].Heuristic!.Value, 9);
        Assert.Equal(2, File.ReadAllLines(again.StatsPath).Length);
    }
}
