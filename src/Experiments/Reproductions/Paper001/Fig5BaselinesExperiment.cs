using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>
/// Seed paper 001, section 5.2 (Figure 5, appendix Figure 16): how much the value network reduces the variance of the
/// gradient estimate. Stage 0 trains PPO and TRPO runs; stage 1 runs <c>kernel analyze baselines</c>
/// (src/Algorithms/Measurements) on an early and a late checkpoint of each: the mean pairwise cosine of 10 estimates
/// per sample count with the value network, a "true" value function fitted on a large sample, and zero as baseline
/// (a higher pairwise cosine is a lower variance).
/// </summary>
public sealed class Fig5BaselinesExperiment : IExperiment
{
    /// <summary>The sample regime of standard implementations (the paper's 2K).</summary>
    public const int PracticeSamples = 2048;

    /// <summary>"Rather marginal" at 2K: the value network's pairwise cosine at most this far from zero's.</summary>
    public const double Marginal = 0.1;

    private const string ValueNetwork = "value_network";
    private const string TrueValue = "true_value";
    private const string Zero = "zero";

    private static readonly string[] Algorithms = ["ppo", "trpo"];

    /// <inheritdoc />
    public string Id => "001-fig5";

    /// <inheritdoc />
    public string Paper => "001";

    /// <inheritdoc />
    public string Target => "section 5.2, Figure 5 (+ Figure 16): the value network as a variance-reducing baseline";

    /// <inheritdoc />
    public string Claim => "A \"true\" value function gives a much lower-variance gradient estimate than the value network; the value network reduces variance more than a zero baseline, though only marginally at 2K pairs.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Sizes sizes = For(budget);
        return AnalysisSweep.Plan(
            $"{Id}-{budget.ToString().ToLowerInvariant()}", [sizes.Env], Algorithms, sizes.Seeds, sizes.Updates, sizes.EarlyUpdate, [sizes.EarlyUpdate, sizes.Updates], "baselines",
            [
                new("samples", string.Join(',', sizes.Samples)), new("estimates", AnalysisSweep.Text(sizes.Estimates)),
                new("fit-samples", AnalysisSweep.Text(sizes.FitSamples)), new("fit-epochs", AnalysisSweep.Text(sizes.FitEpochs)),
            ],
            sizes.Description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => AnalysisSweep.EstimatesSeconds(cell, "fit-samples");

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Measurement[] measurements = [.. AnalysisCell.ReadAll(data, "baselines.json").Select(Measurement.Of)];
        var claims = new List<ClaimCheck>();
        string At2K(Measurement m, string baseline) => ReportWriter.Number(m.At(baseline, PracticeSamples).Mean);

        int lower = measurements.Count(m => m.At(TrueValue, PracticeSamples).Lower > m.At(ValueNetwork, PracticeSamples).Upper);
        int higher = measurements.Count(m => m.At(TrueValue, PracticeSamples).Mean > m.At(ValueNetwork, PracticeSamples).Mean);
        claims.Add(new(
            "The \"true\" value function gives a much lower-variance gradient estimate than the value network (Fig 5).",
            "significantly lower variance with the true value function (fitted on 500K pairs) than with the value network, at every sample count (001 Figure 5, Walker2d)",
            $"mean pairwise cosine at {PracticeSamples} pairs, true value vs value network: {string.Join("; ", measurements.Select(m => $"{m.Cell.Label()} update {m.Cell.Update}: {At2K(m, TrueValue)} vs {At2K(m, ValueNetwork)}"))}",
            ClaimCheck.Judge(measurements.Length > 0 && lower == measurements.Length, measurements.Length > 0 && 2 * higher >= measurements.Length),
            $"reproduced: on every run and checkpoint the true value's 95% interval of the pairwise cosine at {PracticeSamples} pairs lies above the value network's; partly: its mean is higher on at least half of them"));

        // Beats zero: measured at 2K, and above zero's at 2K and every larger count.
        bool Beats(Measurement m) => double.IsFinite(m.At(ValueNetwork, PracticeSamples).Mean)
            && m.Points.All(p => p.Samples < PracticeSamples || m.At(ValueNetwork, p.Samples).Mean > m.At(Zero, p.Samples).Mean);
        int beats = measurements.Count(Beats);
        int marginal = measurements.Count(m => Beats(m) && Math.Abs(m.At(ValueNetwork, PracticeSamples).Mean - m.At(Zero, PracticeSamples).Mean) <= Marginal);
        claims.Add(new(
            "The value network reduces variance more than the zero baseline, but only marginally at 2K pairs (Fig 5).",
            "a noticeably larger variance reduction than the zero baseline (returns instead of advantages), rather marginal in the small-sample regime (2K) (001 Figure 5)",
            $"mean pairwise cosine at {PracticeSamples} pairs, value network vs zero: {string.Join("; ", measurements.Select(m => $"{m.Cell.Label()} update {m.Cell.Update}: {At2K(m, ValueNetwork)} vs {At2K(m, Zero)}"))}",
            ClaimCheck.Judge(measurements.Length > 0 && marginal == measurements.Length, measurements.Length > 0 && 2 * beats >= measurements.Length),
            $"reproduced: on every run and checkpoint the value network's mean pairwise cosine is above zero's at every count from {PracticeSamples} pairs up, by at most {Marginal} at {PracticeSamples}; partly: above zero's at every such count on at least half of them"));

        var table = new StringBuilder();
        table.AppendLine("| run | update | pairs | value network [95%] | true value [95%] | zero [95%] |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (Measurement m in measurements)
        {
            foreach (Point point in m.Points.Where(p => p.Baseline == ValueNetwork))
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"| {m.Cell.Label()} | {m.Cell.Update} | {point.Samples} | {point.Cosine} | {m.At(TrueValue, point.Samples)} | {m.At(Zero, point.Samples)} |");
            }
        }

        table.AppendLine();
        table.AppendLine("| run | update | value network: MRE vs returns [95%] | true value: MRE vs returns [95%] | true value's fit loss, first -> last epoch |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (Measurement m in measurements)
        {
            double[] losses = [.. m.Cell.Summary["fit_losses"]!.AsArray().Select(AnalysisCell.Number)];
            string fit = losses.Length == 0 ? "—" : $"{ReportWriter.Number(losses[0])} -> {ReportWriter.Number(losses[^1])}";
            table.AppendLine(CultureInfo.InvariantCulture, $"| {m.Cell.Label()} | {m.Cell.Update} | {SummaryInterval.Read(m.Cell.Summary["baselines"]![ValueNetwork]!["returns_mre"])} | {SummaryInterval.Read(m.Cell.Summary["baselines"]![TrueValue]!["returns_mre"])} | {fit} |");
        }

        var figures = new List<(string, string)>();
        foreach (int update in measurements.Select(m => m.Cell.Update).Distinct().Order())
        {
            BandSeries[] series = [.. measurements.Where(m => m.Cell.Update == update).SelectMany(m => new[] { ValueNetwork, TrueValue, Zero }.Select(baseline =>
            {
                Point[] points = [.. m.Points.Where(p => p.Baseline == baseline)];
                return new BandSeries($"{m.Cell.Label()}: {baseline.Replace('_', ' ')}", [.. points.Select(p => Math.Log2(p.Samples))], [.. points.Select(p => p.Cosine.Mean)], [.. points.Select(p => p.Cosine.Lower)], [.. points.Select(p => p.Cosine.Upper)]);
            }))];
            string file = $"baselines-update-{update}.png";
            BandPlot.Write(series, $"{measurements[0].Cell.Env}, update {update}: pairwise cosine of gradient estimates by baseline", "log2 state-action pairs (11 = 2K)", "mean pairwise cosine (higher: lower variance)", logY: false, Path.Combine(data.FiguresDirectory, file));
            figures.Add(($"update {update}: mean pairwise cosine of 10 gradient estimates with each baseline (Figure 5), 95% intervals", $"figures/{file}"));
        }

        return new ExperimentReport(
            claims,
            [
                ("Per run and checkpoint", table.ToString() + "\nFrom each analysis cell's baselines.json (`kernel analyze baselines`; docs/reproductions/001/measurements.md). The paper plots the variance; a higher mean pairwise cosine of the estimates is a lower variance."),
                ("Deviations from the paper's settings",
                    string.Join('\n', AnalysisSweep.CommonDeviations("Walker2d-v4, the paper's Figure 5 task").Concat(
                    [
                        "Variance is read as the mean pairwise cosine of 10 estimates per count, as in Figure 2, not as a variance of gradient norms.",
                        "The \"true\" value function starts from the value network and is fitted by Adam on the returns of the budget's sample (the paper's 500K pairs at the paper budget only).",
                        "With the zero baseline the advantages are the GAE of b = 0, normalised as the run normalises advantages (the sample mean is subtracted), as a PPO implementation would.",
                        "Checkpoints are the budget's early and late updates.",
                    ]).Select(line => $"- {line}"))),
            ],
            figures);
    }

    private static Sizes For(Budget budget) => budget switch
    {
        Budget.Smoke => new("Hopper-v4", 1, 2, 1, [256, 512], 3, 2048, 2, "Hopper-v4 (Pendulum-v1 has no episode with an empirical return to fit on), ppo and trpo, 2 updates, seed 1, checkpoints 1 and 2; 256 and 512 pairs x 3 estimates, true value fitted on 2,048 pairs for 2 epochs: the pipeline only."),
        Budget.Quick => new("Walker2d-v4", 2, 100, 10, [1024, 2048, 4096, 8192, 16384], 10, 200_000, 10, "Walker2d-v4, 100 updates (204,800 steps), seeds 1-2, checkpoints 10 and 100; 10 estimates at 1K-16K pairs per baseline, true value fitted on 200,000 pairs for 10 epochs."),
        _ => new("Walker2d-v4", 3, 300, 150, [1024, 2048, 4096, 8192, 16384, 32768, 65536], 10, 500_000, 10, "Walker2d-v4, 300 updates, seeds 1-3, checkpoints 150 and 300; 10 estimates at 1K-64K pairs per baseline, true value fitted on 500,000 pairs (the paper's) for 10 epochs."),
    };

    /// <summary>A budget's sizes.</summary>
    private sealed record Sizes(string Env, int Seeds, int Updates, int EarlyUpdate, int[] Samples, int Estimates, int FitSamples, int FitEpochs, string Description);

    /// <summary>One baseline at one sample count.</summary>
    private sealed record Point(string Baseline, int Samples, SummaryInterval Cosine);

    /// <summary>One analysis cell's baselines.json.</summary>
    private sealed record Measurement(AnalysisCell Cell, IReadOnlyList<Point> Points)
    {
        public static Measurement Of(AnalysisCell cell)
            => new(cell, [.. new[] { ValueNetwork, TrueValue, Zero }.SelectMany(baseline => cell.Summary["baselines"]![baseline]!["points"]!.AsArray()
                .Select(point => new Point(baseline, (int)point!["samples"]!, SummaryInterval.Read(point["pairwise_cosine"]))))]);

        /// <summary>The pairwise cosine with <paramref name="baseline"/> at <paramref name="samples"/> pairs (NaNs when not measured).</summary>
        public SummaryInterval At(string baseline, int samples)
            => Points.FirstOrDefault(p => p.Baseline == baseline && p.Samples == samples)?.Cosine ?? new SummaryInterval(double.NaN, double.NaN, double.NaN);
    }
}
