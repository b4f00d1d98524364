using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper004;

/// <summary>
/// Seed paper 004, section 6 (Figures 4 and 5): REINFORCE, A2C, TRPO, PPO and V-MPO with Table 2's settings on
/// HalfCheetah, Hopper, Humanoid and Ant, 3 seeds, 8M steps, evaluated with the mode on separate envs. Figure 4:
/// PPO best on three of four tasks and by far on Humanoid, TRPO and V-MPO comparable, A2C slower and failing on Ant,
/// REINFORCE worst. Figure 5: the mean KL between successive policies is roughly constant after the start, most so
/// for TRPO; V-MPO often exceeds its bound; A2C's and REINFORCE's are orders of magnitude lower, REINFORCE's lowest.
/// </summary>
public sealed class Fig4Fig5ComparisonExperiment : IExperiment
{
    /// <summary>"Comparable": mean final returns differing by at most this share of the larger |mean| (or by a run-to-run std).</summary>
    public const double ComparableShare = 0.2;

    /// <summary>"By far": PPO's mean final return at least this multiple of the runner-up's.</summary>
    public const double ByFarFactor = 1.5;

    /// <summary>"Orders of magnitude lower": medians at least this factor apart.</summary>
    public const double OrdersOfMagnitude = 10;

    /// <summary>"Frequently exceeds": at least this share of V-MPO's settled updates above the bound.</summary>
    public const double FrequentShare = 0.1;

    /// <summary>"Fails to learn any useful policy": a mean final return below this share of the best algorithm's.</summary>
    public const double FailShare = 0.2;

    /// <summary>V-MPO's and TRPO's KL bound in Table 2 (epsilon_nu_mu and delta).</summary>
    public const double KlBound = 0.01;

    /// <inheritdoc />
    public string Id => "004-fig4-fig5";

    /// <inheritdoc />
    public string Paper => "004";

    /// <inheritdoc />
    public string Target => "section 6, Figures 4 and 5 (REINFORCE, A2C, TRPO, PPO, V-MPO on MuJoCo with Table 2's settings)";

    /// <inheritdoc />
    public string Claim => "PPO outperforms the others on three of four tasks and by far on Humanoid; TRPO and V-MPO are comparable; A2C learns more slowly and fails on Ant; REINFORCE is worst. The mean KL between successive policies stays roughly constant, most so for TRPO; V-MPO often exceeds its bound; A2C's and REINFORCE's are orders of magnitude lower.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (long steps, int seeds, IReadOnlyList<string> envs, List<KeyValuePair<string, string>> overrides, string description) = budget switch
        {
            Budget.Smoke => (1024L, 1, (IReadOnlyList<string>)["Hopper-v4"], new List<KeyValuePair<string, string>> { new("rollout-steps", "64"), new("minibatch-size", "64"), new("eval-every", "1"), new("eval-episodes", "1") },
                "1024 steps, seed 1, Hopper-v4 only, 64-step unrolls (batches of 512, minibatches of 64), 1 evaluation episode: the pipeline only."),
            Budget.Quick => (262_144L, Paper004Settings.PaperSeeds, Paper004Settings.QuickEnvs, [],
                "262,144 steps (16 batches of 8 x 2048; 128 of REINFORCE's 2048) per run instead of 8M, seeds 1-3, Hopper-v4 and HalfCheetah-v4 only (Humanoid-v4 and Ant-v4 need the paper budget); Table 2's settings otherwise. It shows the first 3% of Figure 4's x-axis: the ranking early in training, not the paper's final one."),
            _ => (Paper004Settings.PaperSteps, Paper004Settings.PaperSeeds, Paper004Settings.Envs, [], "8M steps per run, seeds 1-3, the four tasks, Table 2's settings."),
        };
        SweepSpec spec = Paper004Settings.Spec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            steps,
            [new SweepAxis("env", envs), new SweepAxis("algo", Paper004Settings.Algorithms), new SweepAxis("seed", Paper004Settings.Seeds(seeds))],
            overrides);
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper004Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string[] envs = [.. data.Plan.Sweep.Cells.Select(cell => cell.Get("env")!).Distinct()];
        string[] algos = [.. Paper004Settings.Algorithms];
        SweepCell[] Runs(string env, string algo) => [.. data.Where(("env", env), ("algo", algo))];
        double MeanFinal(string env, string algo) => Series.MeanAndStd(Runs(env, algo).Select(cell => Paper004Report.FinalReturn(data, cell))).Mean;
        double MeanArea(string env, string algo) => Series.MeanAndStd(Runs(env, algo).Select(cell => Paper004Report.AreaUnderCurve(data, cell))).Mean;
        string Finals(string env) => string.Join(", ", algos.Select(algo => $"{Paper004Settings.Display(algo)} {Series.MeanStd(Runs(env, algo).Select(cell => Paper004Report.FinalReturn(data, cell)))}"));
        string Best(string env) => algos.OrderByDescending(algo => Finite(MeanFinal(env, algo))).First();
        int needed = (int)Math.Ceiling(0.75 * envs.Length);
        string rankingRule = $"final return: the mean over seeds of a run's last evaluation return; the best algorithm on a task has the highest";

        var claims = new List<ClaimCheck>();
        int ppoBest = envs.Count(env => Best(env) == "ppo");
        claims.Add(new(
            "PPO outperforms the other algorithms on three of the four tasks.",
            "\"PPO outperforms the other algorithms in three of four tasks\" (004 section 6, Figure 4)",
            $"PPO best on {ppoBest}/{envs.Length} tasks ({string.Join("; ", envs.Select(env => $"{env}: best {Paper004Settings.Display(Best(env))}"))})",
            ClaimCheck.Judge(ppoBest >= needed, ppoBest > 0),
            $"reproduced: PPO has the highest mean final return on at least 3/4 of the tasks run ({needed} of {envs.Length}); partly: on at least one ({rankingRule})"));

        if (envs.Contains("Humanoid-v4"))
        {
            double ppo = MeanFinal("Humanoid-v4", "ppo");
            double second = algos.Where(algo => algo != "ppo").Max(algo => Finite(MeanFinal("Humanoid-v4", algo)));
            claims.Add(new(
                "PPO's lead is largest on Humanoid, where it learns much stronger policies.",
                "\"most prevalent on the Humanoid-task ... PPO learns much stronger policies\" (004 section 6)",
                $"Humanoid-v4 final returns: {Finals("Humanoid-v4")}",
                ClaimCheck.Judge(ppo >= ByFarFactor * second && second > 0, ppo > second),
                $"reproduced: PPO's mean final return on Humanoid-v4 is at least {ByFarFactor} x the runner-up's (positive); partly: it is the highest"));
        }

        int comparable = 0;
        var comparisons = new List<string>();
        foreach (string env in envs)
        {
            (double trpo, double trpoStd, _) = Series.MeanAndStd(Runs(env, "trpo").Select(cell => Paper004Report.FinalReturn(data, cell)));
            (double vmpo, double vmpoStd, _) = Series.MeanAndStd(Runs(env, "vmpo").Select(cell => Paper004Report.FinalReturn(data, cell)));
            double tolerance = Math.Max(Math.Max(trpoStd, vmpoStd), ComparableShare * Math.Max(Math.Abs(trpo), Math.Abs(vmpo)));
            bool close = Math.Abs(trpo - vmpo) <= tolerance;
            comparable += close ? 1 : 0;
            comparisons.Add($"{env}: TRPO {ReportWriter.Number(trpo)}, V-MPO {ReportWriter.Number(vmpo)} (|difference| {ReportWriter.Number(Math.Abs(trpo - vmpo))}, tolerance {ReportWriter.Number(tolerance)})");
        }

        claims.Add(new(
            "TRPO and V-MPO perform comparably.",
            "\"V-MPO and TRPO are comparable in performance, with each of the two slightly outperforming the other on two out of four environments\" (004 section 6)",
            $"comparable on {comparable}/{envs.Length} tasks: {string.Join("; ", comparisons)}",
            ClaimCheck.Judge(comparable == envs.Length, 2 * comparable >= envs.Length),
            $"reproduced: on every task |TRPO - V-MPO| of the mean final returns is at most the larger of their std over seeds and {ComparableShare:0.#} x the larger |mean|; partly: on at least half the tasks"));

        int slower = envs.Count(env => MeanArea(env, "a2c") < Math.Min(MeanArea(env, "trpo"), MeanArea(env, "vmpo")));
        claims.Add(new(
            "A2C needs more environment interactions than TRPO and V-MPO to reach similar returns.",
            "\"A2C requires more interactions with the environment to reach similar performance levels as V-MPO and TRPO\" (004 section 6)",
            $"A2C's mean area under the curve below both TRPO's and V-MPO's on {slower}/{envs.Length} tasks ({string.Join("; ", envs.Select(env => $"{env}: A2C {ReportWriter.Number(MeanArea(env, "a2c"))}, TRPO {ReportWriter.Number(MeanArea(env, "trpo"))}, V-MPO {ReportWriter.Number(MeanArea(env, "vmpo"))}"))})",
            ClaimCheck.Judge(slower >= needed, slower > 0),
            $"reproduced: A2C's mean area under the evaluation curve (average return over training) is below both TRPO's and V-MPO's on at least {needed} of {envs.Length} tasks; partly: on at least one"));

        if (envs.Contains("Ant-v4"))
        {
            double a2c = MeanFinal("Ant-v4", "a2c");
            double best = algos.Max(algo => Finite(MeanFinal("Ant-v4", algo)));
            claims.Add(new(
                "A2C fails to learn any useful policy on Ant.",
                "\"fails to learn any useful policy in the Ant-task\" (004 section 6)",
                $"Ant-v4 final returns: {Finals("Ant-v4")}",
                ClaimCheck.Judge(a2c < FailShare * best, a2c < best),
                $"reproduced: A2C's mean final return on Ant-v4 is below {FailShare:0.#} x the best algorithm's; partly: it is below the best"));
        }

        int reinforceWorst = envs.Count(env => algos.OrderBy(algo => Finite(MeanFinal(env, algo))).First() == "reinforce");
        claims.Add(new(
            "REINFORCE performs worst on every task.",
            "\"REINFORCE performance worst on all environments\" (004 section 6)",
            $"REINFORCE lowest on {reinforceWorst}/{envs.Length} tasks ({string.Join("; ", envs.Select(env => Finals(env)))})",
            ClaimCheck.Judge(reinforceWorst == envs.Length, 2 * reinforceWorst >= envs.Length),
            "reproduced: REINFORCE has the lowest mean final return on every task run; partly: on at least half"));

        // Figure 5: kl_mean after the first 10% of each run's updates, pooled over tasks and seeds.
        var settled = algos.ToDictionary(algo => algo, algo => Paper004Report.SettledKl(data, data.Where(("algo", algo))));
        double Spread(string algo) => Series.MeanAndStd(settled[algo].Select(Math.Log10)).Std;
        double Median(string algo) => Series.Median(settled[algo]);
        // "Relatively constant after some initial movement": the median of each run's last third against its middle third.
        double Drift(string algo) => Series.Median(data.Where(("algo", algo)).Select(cell =>
        {
            double[] kl = [.. data.Metrics(cell).Column("kl_mean")];
            int third = kl.Length / 3;
            return third == 0 ? double.NaN : Math.Abs(Math.Log10(Series.Median(kl[(2 * third)..]) / Series.Median(kl[third..(2 * third)])));
        }));
        int steady = algos.Count(algo => Drift(algo) <= 1);
        claims.Add(new(
            "After the first updates every algorithm's KL between successive policies stays roughly constant.",
            "\"the KL divergences remain relatively constant for all algorithms after some initial movement\" (004 section 6, Figure 5)",
            $"median over runs of |log10(median kl_mean of the last third / of the middle third of the updates)|: {string.Join(", ", algos.Select(algo => $"{Paper004Settings.Display(algo)} {ReportWriter.Number(Drift(algo))}"))}",
            ClaimCheck.Judge(steady == algos.Length, steady >= 3),
            "reproduced: for all five algorithms the median over runs of |log10| of the ratio of the median kl_mean in the last third of a run's updates to that in its middle third is at most 1 (within a factor 10); partly: for at least three"));

        string spreads = string.Join(", ", algos.Select(algo => $"{Paper004Settings.Display(algo)} {ReportWriter.Number(Spread(algo))}"));
        string mostConstant = algos.OrderBy(algo => Finite(Spread(algo), double.PositiveInfinity)).First();
        claims.Add(new(
            "TRPO's KL between successive policies is the most constant.",
            "\"TRPO displays the most constant KL divergence, which is explained by its hard constraint\" (004 section 6, Figure 5)",
            $"std of log10 kl_mean over settled updates: {spreads}",
            ClaimCheck.Judge(mostConstant == "trpo", Spread("trpo") < Math.Min(Spread("vmpo"), Spread("ppo"))),
            "reproduced: TRPO has the smallest std of log10(kl_mean) over the updates after the first 10% of each run (pooled over tasks and seeds); partly: smaller than V-MPO's and PPO's"));

        double vmpoAbove = Series.Share(settled["vmpo"], value => value > KlBound);
        double trpoAbove = Series.Share(settled["trpo"], value => value > KlBound * 1.0001);
        claims.Add(new(
            "V-MPO's KL varies more than TRPO's and frequently exceeds the bound TRPO enforces.",
            "\"V-MPO's KL divergence exhibits slightly more variance then TRPO and also frequently exceeds this bound\" (004 section 6)",
            $"settled updates with kl_mean > {KlBound}: V-MPO {ReportWriter.Percent(vmpoAbove)}, TRPO {ReportWriter.Percent(trpoAbove)}; std of log10 kl_mean V-MPO {ReportWriter.Number(Spread("vmpo"))}, TRPO {ReportWriter.Number(Spread("trpo"))}",
            ClaimCheck.Judge(vmpoAbove >= FrequentShare && Spread("vmpo") > Spread("trpo"), vmpoAbove > 0 || Spread("vmpo") > Spread("trpo")),
            $"reproduced: at least {ReportWriter.Percent(FrequentShare)} of V-MPO's settled updates have kl_mean above {KlBound} and its std of log10 kl_mean exceeds TRPO's; partly: one of the two"));

        double lowest = Math.Min(Finite(Median("trpo"), double.PositiveInfinity), Math.Min(Finite(Median("ppo"), double.PositiveInfinity), Finite(Median("vmpo"), double.PositiveInfinity)));
        claims.Add(new(
            "A2C's and REINFORCE's KL is orders of magnitude below the other algorithms', REINFORCE's lowest.",
            "\"their KL divergences are orders of magnitudes lower than for the other algorithms, especially for REINFORCE\" (004 section 6, Figure 5)",
            $"median settled kl_mean: {string.Join(", ", algos.Select(algo => $"{Paper004Settings.Display(algo)} {ReportWriter.Number(Median(algo))}"))}",
            ClaimCheck.Judge(Median("a2c") * OrdersOfMagnitude <= lowest && Median("reinforce") < Median("a2c"), Math.Max(Median("a2c"), Median("reinforce")) < lowest),
            $"reproduced: A2C's median settled kl_mean is at least {OrdersOfMagnitude:0} x below the lowest of TRPO's, PPO's and V-MPO's medians and REINFORCE's is below A2C's; partly: both are below all three"));

        var untested = new StringBuilder();
        foreach ((string env, string claim) in new[] { ("Humanoid-v4", "PPO by far best on Humanoid"), ("Ant-v4", "A2C fails on Ant") })
        {
            if (!envs.Contains(env))
            {
                untested.AppendLine(CultureInfo.InvariantCulture, $"- \"{claim}\": {env} is not run at this budget; the paper budget runs it.");
            }
        }

        var figures = new List<(string, string)>();
        foreach (string env in envs)
        {
            IGrouping<string, SweepCell>[] groups = [.. data.Where(("env", env)).GroupBy(cell => Paper004Settings.Display(cell.Get("algo")!))];
            string returns = $"eval-return-{env}.png";
            if (Paper004Report.ReturnCurves(data, groups, $"Figure 4: {env}, evaluation return (mode), mean ± std over seeds", Path.Combine(data.FiguresDirectory, returns)))
            {
                figures.Add(($"Figure 4: {env}, evaluation return per algorithm", $"figures/{returns}"));
            }

            string kl = $"kl-mean-{env}.png";
            if (Paper004Report.KlCurves(data, groups, $"Figure 5: {env}, mean KL(old || new) per update, log scale", Path.Combine(data.FiguresDirectory, kl)))
            {
                figures.Add(($"Figure 5: {env}, mean KL between successive policies per algorithm (log scale)", $"figures/{kl}"));
            }
        }

        var sections = new List<(string, string)>
        {
            ("Ranking by final return and area under the curve", Paper004Report.RankingTable(data, envs, algos, Runs, Paper004Settings.Display)),
            ("Throughput: where the time goes", Paper004Report.ThroughputTable(data, data.Plan.Sweep.Cells.GroupBy(cell => $"{cell.Get("env")} {Paper004Settings.Display(cell.Get("algo")!)}"))),
        };
        if (untested.Length > 0)
        {
            sections.Add(("Claims not tested at this budget", untested.ToString()));
        }

        sections.Add(Paper004Report.Deviations(
            "At budgets below the paper's, runs are shorter than 8M steps (stated above): the claims are about the ranking at that length, while the paper's are about its curves to 8M.",
            "\"Comparable\", \"by far\", \"slower\", \"fails\", \"most constant\", \"frequently\" and \"orders of magnitude\" are not quantified in the paper: the rules in the claims table are ours."));
        return new ExperimentReport(claims, sections, figures);
    }

    private static double Finite(double value, double otherwise = double.NegativeInfinity) => double.IsFinite(value) ? value : otherwise;
}
