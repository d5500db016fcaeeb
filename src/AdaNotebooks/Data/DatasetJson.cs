using System.Text.Json;

namespace AdaNotebooks.Data;

/// <summary>The reference dataset tool's <c>dataset.json</c>: <c>{"labels": [["00000/img00000000.png", 6], ...]}</c>
/// or <c>{"labels": null}</c>. Paths are relative to the dataset root with forward slashes; labels are integers
/// (class indices).</summary>
public static class DatasetJson
{
    public const string FileName = "dataset.json";

    /// <summary>Labels by image path, or null when the file says <c>"labels": null</c>.
    /// <paramref name="where"/> names the file in errors.</summary>
    public static Dictionary<string, int>? Parse(string where, byte[] json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{where}: malformed JSON " +
                                                                 $"({ImageDecoding.FirstLine(e.Message)})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("labels",
                out var labels))
                throw new InvalidDataException($"{where}: expected an object with a \"labels\" key");
            if (labels.ValueKind == JsonValueKind.Null) return null;
            if (labels.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{where}: \"labels\" must be null or a list of [path, label] pairs");
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            int k = 0;
            foreach (var pair in labels.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0]
                    .ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{where}: labels[{k}] is not a [path, label] pair");
                var path = Normalize(pair[0].GetString()!);
                if (pair[1].ValueKind != JsonValueKind.Number || !pair[1].TryGetInt32(out int label) || label < 0)
                    throw new InvalidDataException($"{where}: labels[{k}] ({path}): the label must be an integer >= " +
                                                   $"0, got {pair[1].GetRawText()}");
                if (!result.TryAdd(path, label))
                    throw new InvalidDataException($"{where}: {path} is labelled twice");
                k++;
            }
            return result;
        }
    }

    /// <summary>The label of every image, in order. Every image needs a label and every label an image.</summary>
    public static int[] Assign(string where, Dictionary<string, int> labels, IReadOnlyList<string> imagePaths)
    {
        var result = new int[imagePaths.Count];
        for (int i = 0; i < imagePaths.Count; i++)
            if (!labels.TryGetValue(Normalize(imagePaths[i]), out result[i]))
                throw new InvalidDataException($"{where}: no label for image {imagePaths[i]}");
        var known = imagePaths.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        foreach (var path in labels.Keys)
            if (!known.Contains(path))
                throw new InvalidDataException($"{where}: label for {path}, but there is no such image");
        return result;
    }

    /// <summary>The JSON text for images at <paramref name="paths"/> with <paramref name="labels"/> (or
    /// null).</summary>
    public static byte[] Write(IReadOnlyList<string> paths, int[]? labels)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WritePropertyName("labels");
            if (labels is null) w.WriteNullValue();
            else
            {
                w.WriteStartArray();
                for (int i = 0; i < paths.Count; i++)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(paths[i]);
                    w.WriteNumberValue(labels[i]);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');
}
