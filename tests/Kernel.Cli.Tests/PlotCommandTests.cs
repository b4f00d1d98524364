using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>
/// <c>kernel plot</c> on metrics a person or a broken run wrote: every bad input is one line on stderr and exit 2,
/// and numbers a linear axis cannot span are left out of the lines instead of stopping the plot with a stack trace.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PlotCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-plot-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ValuesWhoseSpanOverflowsALinearAxisAreLeftOutAndTheRestIsDrawn()
    {
        // 1.7e308 - (-1.7e308) is not a double: ScottPlot's autoscaler threw InvalidOperationException on it.
        string run = Metrics("huge", "update,step,return_mean,return_std,kl_mean", "1,10,-5,1,0.1", "2,20,1.7e308,1,0.2", "3,30,-1.7e308,1,0.3", "4,40,-3,1,0.1");

        (int code, string error) = Run(["plot", "--run", run]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(run, "plots", "return.png")));

        string compared = Path.Combine(directory, "compare.png");
        (code, error) = Run(["plot", "--compare", "return_mean", "--out", compared, run]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(compared));
    }

    [Fact]
    public void ARunPathWithNoFolderNameIsNamedAsGivenNotAsAnEmptyLabel()
    {
        (int code, string error) = Run(["plot", "--compare", "return_mean", "--out", Path.Combine(directory, "c.png"), "/"]);

        Assert.Equal(2, code);
        Assert.Equal("kernel plot: the run directory '/' has no metrics.csv.", error.Trim());
    }

    [Theory]
    [InlineData("empty", "has no complete header line")]
    [InlineData("words", "line 2, column 'step': 'ten' is not a number")]
    [InlineData("ragged", "line 2: the row has 2 cells; the header (line 1) has 3.")]
    [InlineData("missing", "the run directory '")]
    public void BadMetricsAreOneLineAndExit2(string name, string expected)
    {
        Metrics("empty");
        Metrics("words", "update,step,return_mean", "1,ten,3");
        Metrics("ragged", "update,step,return_mean", "1,10");
        string run = Path.Combine(directory, name);

        foreach (string[] args in new[] { ["plot", "--run", run], new[] { "plot", "--compare", "return_mean", "--out", Path.Combine(directory, "c.png"), run } })
        {
            (int code, string error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith("kernel plot: ", error, StringComparison.Ordinal);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnOutThatCannotBeWrittenIsNamedInOneLine()
    {
        string run = Metrics("run", "update,step,return_mean", "1,10,3");

        (int code, string error) = Run(["plot", "--compare", "return_mean", "--out", "/proc/kernel-plot-test.png", run]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("kernel plot: cannot write /proc/kernel-plot-test.png (", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no_such_metric", "metric 'no_such_metric' is not a numeric metric; allowed are update, step")]
    [InlineData("exploded_at", "metric 'exploded_at' is not a numeric metric")]
    public void AnUnknownMetricIsOneLineNamingTheAllowedOnes(string metric, string expected)
    {
        string run = Metrics("run", "update,step,return_mean", "1,10,3");

        (int code, string error) = Run(["plot", "--compare", metric, "--out", Path.Combine(directory, "c.png"), run]);

        Assert.Equal(2, code);
        Assert.StartsWith($"kernel plot: {expected}", error, StringComparison.Ordinal);
    }

    /// <summary>A run directory holding a metrics.csv of <paramref name="lines"/> (an empty file when none).</summary>
    private string Metrics(string name, params string[] lines)
    {
        string run = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        File.WriteAllText(Path.Combine(run, "metrics.csv"), lines.Length == 0 ? string.Empty : string.Join('\n', lines) + "\n");
        return run;
    }

    private static (int Code, string Error) Run(string[] args)
    {
        (int code, string error, _) = InProcessKernel.Run(args);
        return (code, error);
    }
}
