using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Diagnostics;
using Xunit;

namespace Kernel.Algorithms.Tests.Diagnostics;

/// <summary>
/// metrics.csv written by the real MetricsWriter reads back bit for bit (NaN, ±Infinity, empty cells, quoted text);
/// an incomplete final line is ignored; malformed content is refused with the file, line and column named.
/// </summary>
public sealed class MetricsTableTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-metrics-table-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string CsvPath => Path.Combine(directory, MetricsWriter.CsvFileName);

    [Fact]
    public void EveryColumnReadsBackExactlyAsWritten()
    {
        UpdateRecord[] records = MetricsRuns.ExplodingRun();
        MetricsRuns.WriteRun(directory, records);

        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Equal(UpdateRecord.Names, table.Columns);
        Assert.Equal(3, table.RowCount);
        Assert.Null(table.IgnoredIncompleteLine);
        foreach (string name in UpdateRecord.Names.Where(name => name != "exploded_at"))
        {
            double[] expected = [.. records.Select(record => record.Get(name) ?? double.NaN)];
            AssertBitwiseEqual(expected, table.Column(name), name);
        }

        Assert.Equal([0.0, 0.0, 1.0], table.Column("exploded"));
        Assert.Equal(["", "", MetricsRuns.ExplodedAt], table.Text("exploded_at"));
        Assert.Equal([double.PositiveInfinity, double.PositiveInfinity], table.Column("ratio_max")[1..]);
        Assert.True(double.IsNegativeInfinity(table.Column("approx_kl")[2]));
        Assert.All(table.Column("clip_fraction"), value => Assert.True(double.IsNaN(value)));
    }

    [Property(MaxTest = 100, Replay = "(20261123,5)")]
    public Property AnyDoubleRoundTripsBitForBit() => Prop.ForAll(ArbMap.Default.ArbFor<double[]>(), values =>
    {
        string run = Directory.CreateTempSubdirectory("run-").FullName;
        try
        {
            MetricsRuns.WriteRun(run, values.Select((value, i) => new UpdateRecord { Update = i + 1, ReturnMean = value, GradNorm = -value }));
            MetricsTable table = MetricsTable.Read(Path.Combine(run, MetricsWriter.CsvFileName));
            AssertBitwiseEqual(values, table.Column("return_mean"), "return_mean");
            AssertBitwiseEqual([.. values.Select(value => -value)], table.Column("grad_norm"), "grad_norm");
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    });

    [Fact]
    public void ReadsWhileTheWriterStillHasTheFileOpen()
    {
        using var writer = new MetricsWriter(directory);
        writer.Write(MetricsRuns.ExplodingRun()[0]);

        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Equal(1, table.RowCount);
        Assert.Equal([2048.0], table.Column("step"));
    }

    [Fact]
    public void AnIncompleteFinalLineFromAKilledWriterIsIgnored()
    {
        MetricsRuns.WriteRun(directory, MetricsRuns.ExplodingRun()[..2]);
        File.AppendAllText(CsvPath, "3,6144,30,-9"); // cut off mid-row: no line end

        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Equal(2, table.RowCount);
        Assert.Equal(4, table.IgnoredIncompleteLine);
        Assert.Equal([2048.0, 4096.0], table.Column("step"));
    }

    [Fact]
    public void AFileCutInsideAQuotedCellIgnoresThatRow()
    {
        File.WriteAllText(CsvPath, "step,exploded_at\n1,\n2,\"gradient \"\"w\"\"\nsecond line");

        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Equal(1, table.RowCount);
        Assert.Equal(3, table.IgnoredIncompleteLine);
        Assert.Equal([""], table.Text("exploded_at"));
    }

    [Fact]
    public void CrlfLineEndsAndQuotedNumbersAreRead()
    {
        File.WriteAllText(CsvPath, "step,return_mean,exploded_at\r\n1,\"2.5\",\"a,b\"\r\n2,-Infinity,\r\n");

        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Equal([1.0, 2.0], table.Column("step"));
        Assert.Equal([2.5, double.NegativeInfinity], table.Column("return_mean"));
        Assert.Equal(["a,b", ""], table.Text("exploded_at"));
        Assert.Null(table.IgnoredIncompleteLine);
    }

    [Theory]
    [InlineData("step,return_mean\n1,2\n2,1.2.3\n", "line 3, column 'return_mean': '1.2.3' is not a number")]
    [InlineData("step,return_mean\n1,2\n2\n", "line 3: the row has 1 cells; the header (line 1) has 2")]
    [InlineData("step,return_mean\n1,2,3\n", "line 2: the row has 3 cells")]
    [InlineData("step,step\n1,2\n", "line 1, column 2: the column name 'step' is repeated")]
    [InlineData("step,,x\n1,2,3\n", "line 1, column 2: the column name '' is empty")]
    [InlineData("step,return_mean\n1,2\"5\n", "line 2, column 'return_mean': a quote inside an unquoted cell")]
    [InlineData("step,exploded_at\n1,\"a\nb\"x\n", "line 3, column 'exploded_at': 'x' after a closing quote")]
    [InlineData("step,return_mean\n1,TRUE\n", "line 2, column 'return_mean': 'TRUE' is not a number")]
    [InlineData("", "has no complete header line")]
    [InlineData("step,return_mean", "has no complete header line")]
    public void MalformedContentNamesTheFileLineAndColumn(string content, string expected)
    {
        File.WriteAllText(CsvPath, content);

        var error = Assert.Throws<InvalidDataException>(() => MetricsTable.Read(CsvPath));

        Assert.Contains(CsvPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AskingForAMissingColumnOrTheWrongKindNamesIt()
    {
        MetricsRuns.WriteRun(directory, MetricsRuns.ExplodingRun());
        MetricsTable table = MetricsTable.Read(CsvPath);

        Assert.Contains("no column 'ratio'", Assert.Throws<ArgumentException>(() => table.Column("ratio")).Message, StringComparison.Ordinal);
        Assert.Contains("is text", Assert.Throws<ArgumentException>(() => table.Column("exploded_at")).Message, StringComparison.Ordinal);
        Assert.Contains("is numeric", Assert.Throws<ArgumentException>(() => table.Text("step")).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => MetricsTable.Read(Path.Combine(directory, "absent.csv")));
    }

    [Fact]
    public void ColumnsAreCopies()
    {
        MetricsRuns.WriteRun(directory, MetricsRuns.ExplodingRun());
        MetricsTable table = MetricsTable.Read(CsvPath);

        table.Column("step")[0] = -1;

        Assert.Equal(2048, table.Column("step")[0]);
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual, string column)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int row = 0; row < expected.Length; row++)
        {
            // Every NaN is written as "NaN", so only NaN-ness survives; everything else (-0 included) is exact.
            bool same = double.IsNaN(expected[row])
                ? double.IsNaN(actual[row])
                : BitConverter.DoubleToInt64Bits(expected[row]) == BitConverter.DoubleToInt64Bits(actual[row]);
            Assert.True(same, $"{column}[{row}]: wrote {expected[row]:R}, read {actual[row]:R}");
        }
    }
}
