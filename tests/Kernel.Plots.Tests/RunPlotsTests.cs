using System.Buffers.Binary;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Tests.Diagnostics;
using SkiaSharp;
using Xunit;

namespace Kernel.Plots.Tests;

/// <summary>
/// RunPlots writes real 800x500 PNGs (off-screen, invariant culture) for the filled metrics only, survives NaN,
/// ±Infinity and a truncated last row, marks the explosion, and compares runs; bad input is refused.
/// </summary>
public sealed class RunPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] FilledPlots = ["return.png", "ratio_log10_max.png", "kl.png", "std_min.png", "grad_norm.png"];

    private readonly string root = Directory.CreateTempSubdirectory("kernel-plots-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void WritesOnePngPerFilledMetricAndSkipsTheEmptyClipFraction()
    {
        string run = NewRun("ppo", MetricsRuns.ExplodingRun());
        File.WriteAllText(Path.Combine(run, "config.json"), "{ \"env\": \"Pendulum-v1\", \"algo\": \"ppo\", \"precision\": \"fp32\", \"seed\": 7 }");

        IReadOnlyList<string> written = RunPlots.Write(run);

        string plots = Path.Combine(run, RunPlots.DirectoryName);
        Assert.Equal(FilledPlots.Select(name => Path.Combine(plots, name)), written);
        Assert.All(written, AssertPng);
        Assert.False(File.Exists(Path.Combine(plots, "clip_fraction.png")));
    }

    [Fact]
    public void ClipFractionIsDrawnWhenFilled()
    {
        UpdateRecord[] records = MetricsRuns.ExplodingRun();
        records[0].ClipFraction = 0.1;
        records[1].ClipFraction = 0.3;

        IReadOnlyList<string> written = RunPlots.Write(NewRun("clipped", records));

        Assert.Contains(written, path => Path.GetFileName(path) == "clip_fraction.png");
        Assert.Equal(6, written.Count);
        Assert.All(written, AssertPng);
    }

    [Fact]
    public void SecondOrderDiagnosticsAreDrawnWhenFilled()
    {
        UpdateRecord[] records = MetricsRuns.ExplodingRun();
        for (int i = 0; i < records.Length; i++)
        {
            records[i].CgIters = 10;
            records[i].CgResidual = 1e-3 * (i + 1);
            records[i].LinesearchSteps = i + 1;
            records[i].Eta = 0.5;
            records[i].Nu = 1e-8;
        }

        IReadOnlyList<string> written = RunPlots.Write(NewRun("trpo", records));

        Assert.Equal([.. FilledPlots, "solver_steps.png", "cg_residual.png", "multipliers.png"], written.Select(Path.GetFileName));
        Assert.All(written, AssertPng);
    }

    [Fact]
    public void TheExplosionIsMarkedEvenWhereTheExplodedUpdateHasNoFiniteValue()
    {
        // grad_norm is +Infinity in the exploded update, so the marker lies past the last drawn point.
        UpdateRecord[] exploding = MetricsRuns.ExplodingRun();
        UpdateRecord[] calm = MetricsRuns.ExplodingRun();
        calm[2].Exploded = false;
        calm[2].ExplodedAt = null;

        string explodedPlot = RunPlots.Write(NewRun("exploding", exploding)).Single(path => path.EndsWith("grad_norm.png", StringComparison.Ordinal));
        string calmPlot = RunPlots.Write(NewRun("calm", calm)).Single(path => path.EndsWith("grad_norm.png", StringComparison.Ordinal));

        Assert.True(CountPixels(explodedPlot, SKColors.Red) > 50, "no red explosion marker in the image");
        Assert.Equal(0, CountPixels(calmPlot, SKColors.Red));
    }

    [Fact]
    public void ATruncatedLastRowIsIgnored()
    {
        string run = NewRun("killed", MetricsRuns.ExplodingRun()[..2]);
        File.AppendAllText(Path.Combine(run, MetricsWriter.CsvFileName), "3,6144,30,-900,0,400.2");

        IReadOnlyList<string> written = RunPlots.Write(run);

        Assert.Equal(FilledPlots.Select(name => Path.Combine(run, RunPlots.DirectoryName, name)), written);
        Assert.All(written, AssertPng);
    }

    [Fact]
    public void ARunWithOnlyEmptyMetricsWritesNothing()
    {
        string run = NewRun("empty", [new UpdateRecord { Update = 1, Step = 2048 }]);

        Assert.Empty(RunPlots.Write(run));
        Assert.False(Directory.Exists(Path.Combine(run, RunPlots.DirectoryName)));
    }

    [Fact]
    public void CompareDrawsOneLinePerRunInItsOwnColour()
    {
        var runs = new List<(string Label, string RunDirectory)>();
        for (int seed = 1; seed <= 3; seed++)
        {
            UpdateRecord[] records = MetricsRuns.ExplodingRun();
            foreach (UpdateRecord record in records)
            {
                record.RatioLog10Max *= seed;
            }

            runs.Add(($"seed {seed}", NewRun($"seed{seed}", records)));
        }

        string linear = Path.Combine(root, "docs", "figures", "ratio_log10_max.png");
        string logarithmic = Path.Combine(root, "docs", "figures", "ratio_log10_max_log.png");
        RunPlots.Compare(runs, "ratio_log10_max", linear, logY: false);
        RunPlots.Compare(runs, "ratio_log10_max", logarithmic, logY: true);

        AssertPng(linear);
        AssertPng(logarithmic);
        var palette = new ScottPlot.Palettes.Category10();
        for (int seed = 0; seed < 3; seed++)
        {
            ScottPlot.Color colour = palette.GetColor(seed);
            Assert.True(CountPixels(linear, new SKColor(colour.R, colour.G, colour.B)) > 20, $"no line in run {seed}'s colour");
        }
    }

    [Fact]
    public void BadInputIsRefusedWithTheReason()
    {
        string run = NewRun("ok", MetricsRuns.ExplodingRun());
        string png = Path.Combine(root, "out.png");

        Assert.Equal("runs", Assert.Throws<ArgumentException>(() => RunPlots.Compare([], "kl_max", png, logY: true)).ParamName);
        var metric = Assert.Throws<ArgumentException>(() => RunPlots.Compare([("a", run)], "exploded_at", png, logY: false));
        Assert.Equal("metric", metric.ParamName);
        Assert.Contains("ratio_log10_max", metric.Message, StringComparison.Ordinal);
        Assert.Contains("runs[0] has an empty label", Assert.Throws<ArgumentException>(() => RunPlots.Compare([("", run)], "kl_max", png, logY: true)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => RunPlots.Write(Path.Combine(root, "absent")));

        string noStep = Path.Combine(root, "no-step");
        Directory.CreateDirectory(noStep);
        File.WriteAllText(Path.Combine(noStep, MetricsWriter.CsvFileName), "update,return_mean\n1,2\n");
        Assert.Contains("no 'step' column", Assert.Throws<InvalidDataException>(() => RunPlots.Write(noStep)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(run, "config.json"), "{ \"env\": ");
        Assert.Contains("config.json is not valid JSON", Assert.Throws<InvalidDataException>(() => RunPlots.Write(run)).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(png));
    }

    [Theory]
    [InlineData(3, "1000")]
    [InlineData(0.5, "3.16")]
    [InlineData(-3.5, "0.000316")]
    [InlineData(-4, "0.0001")]
    [InlineData(-5, "1e-5")]
    [InlineData(5, "1e+5")]
    [InlineData(6.5, "3.16e+6")]
    public void LogTicksAreLabelledWithTheValuesTheyStandFor(double log10, string label) =>
        Assert.Equal(label, RunPlots.FormatLogTick(log10));

    private string NewRun(string name, IEnumerable<UpdateRecord> records)
    {
        string run = Path.Combine(root, name);
        MetricsRuns.WriteRun(run, records);
        return run;
    }

    /// <summary>A PNG file (signature, then the IHDR chunk first) of RunPlots' size.</summary>
    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal((uint)RunPlots.Width, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal((uint)RunPlots.Height, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }

    private static int CountPixels(string path, SKColor colour)
    {
        using SKBitmap bitmap = SKBitmap.Decode(path);
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor pixel = bitmap.GetPixel(x, y);
                count += pixel.Red == colour.Red && pixel.Green == colour.Green && pixel.Blue == colour.Blue ? 1 : 0;
            }
        }

        return count;
    }
}
