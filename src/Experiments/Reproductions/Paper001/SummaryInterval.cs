using System.Text.Json.Nodes;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>A mean with its 95% interval, as the <c>kernel analyze</c> summaries write it ({"mean", "lower", "upper"}).</summary>
internal sealed record SummaryInterval(double Mean, double Lower, double Upper)
{
    /// <summary>The interval at <paramref name="node"/> (NaNs where absent).</summary>
    public static SummaryInterval Read(JsonNode? node) => new(AnalysisCell.Number(node?["mean"]), AnalysisCell.Number(node?["lower"]), AnalysisCell.Number(node?["upper"]));

    /// <summary>"mean [lower, upper]".</summary>
    public override string ToString() => $"{ReportWriter.Number(Mean)} [{ReportWriter.Number(Lower)}, {ReportWriter.Number(Upper)}]";
}
