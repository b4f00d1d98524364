using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Xunit;

namespace Kernel.Algorithms.Tests.Diagnostics;

public sealed class MetricsWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-metrics-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void RowsAreOnDiskAfterEachWriteWithEveryFieldNamed()
    {
        var record = new UpdateRecord { Update = 1, Step = 2048, Episodes = 10, ReturnMean = -1234.5, RatioMax = double.PositiveInfinity, ClipFraction = 0.125 };
        using (var writer = new MetricsWriter(directory))
        {
            writer.Write(record);
            string[] csv = ReadShared(MetricsWriter.CsvFileName);
            Assert.Equal(string.Join(',', UpdateRecord.Names), csv[0]);
            Assert.Equal(2, csv.Length);
            string[] cells = csv[1].Split(',');
            Assert.Equal(UpdateRecord.Names.Count, cells.Length);
            Assert.Equal("2048", cells[1]);
            Assert.Equal("-1234.5", cells[3]);
            Assert.Equal("Infinity", cells[IndexOf("ratio_max")]);
            Assert.Equal(string.Empty, cells[IndexOf("value_loss")]);

            using JsonDocument json = JsonDocument.Parse(ReadShared(MetricsWriter.JsonLinesFileName)[0]);
            Assert.Equal("Infinity", json.RootElement.GetProperty("ratio_max").GetString());
            Assert.Equal(0.125, json.RootElement.GetProperty("clip_fraction").GetDouble());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("beta").ValueKind);
            Assert.False(json.RootElement.GetProperty("exploded").GetBoolean());
        }
    }

    [Fact]
    public void ReopeningAppendsAndAForeignHeaderIsRefused()
    {
        using (var writer = new MetricsWriter(directory))
        {
            writer.Write(new UpdateRecord { Update = 1 });
        }

        using (var writer = new MetricsWriter(directory))
        {
            writer.Write(new UpdateRecord { Update = 2, Exploded = true, ExplodedAt = "gradient \"policy\", step 3" });
        }

        string[] csv = File.ReadAllLines(Path.Combine(directory, MetricsWriter.CsvFileName));
        Assert.Equal(3, csv.Length);
        Assert.EndsWith("\"gradient \"\"policy\"\", step 3\",,,,,,,", csv[2], StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(directory, MetricsWriter.JsonLinesFileName)).Length);

        File.WriteAllText(Path.Combine(directory, MetricsWriter.CsvFileName), "step,return\n1,2\n");
        Assert.Throws<InvalidDataException>(() => new MetricsWriter(directory));
    }

    [Fact]
    public void EveryNameIsReadableAndUnknownNamesAreRefused()
    {
        var record = new UpdateRecord();
        foreach (string name in UpdateRecord.Names)
        {
            _ = record.Get(name);
        }

        Assert.Contains("ratio_log10_max", Assert.Throws<ArgumentException>(() => record.Get("ratio")).Message, StringComparison.Ordinal);
    }

    private static int IndexOf(string name) => UpdateRecord.Names.ToList().IndexOf(name);

    private string[] ReadShared(string file)
    {
        using var stream = new FileStream(Path.Combine(directory, file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
