using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;
using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel analyze gradient|value|steps --run DIR [--update K] --out DIR</c>: seed 001's measurements on one
/// checkpoint of a training run (src/Algorithms/Measurements; docs/reproductions/001/measurements.md). Each writes into
/// --out a CSV of the raw numbers, a PNG and, last, a JSON summary (every file atomically, so a sweep's analysis cell
/// is done exactly when its summary exists): gradient.* (Figs 2, 3: cosine similarity of gradient estimates to each
/// other and to a "true" gradient, with 95% intervals, and the sampler's samples/s), value.* (Fig 4: the value
/// network's mean relative error against GAE targets and empirical returns), steps.* (Fig 13: pairwise cosine and KL
/// of K update steps). Exit codes: 0 done, 2 bad input (one line naming the parameter), 3 the policy or an env broke
/// down while sampling or the update step exploded. baselines.* (Fig 5) compares the pairwise cosine of gradient
/// estimates with the value network, a fitted "true" value function and zero as baseline.
/// </summary>
internal static partial class AnalyzeCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
        => new("analyze", "Measure a checkpoint of a training run as seed 001 does: gradient estimates, value prediction, update-step variance.")
        {
            GradientCommand(),
            BaselinesCommand(),
            ValueCommand(),
            StepsCommand(),
            LandscapeCommand(),
        };

    private static Command GradientCommand()
    {
        var common = new CommonOptions();
        var estimates = new EstimateOptions();
        var trueSamples = new Option<int?>("--true-samples") { Description = "Pairs of the \"true\" gradient (default 10 x the largest N)." };
        Command command = common.Command("gradient", "Cosine similarity of M gradient estimates per N to each other (Fig 2) and to a true gradient (Fig 3).", estimates.Samples, estimates.Estimates, trueSamples);
        command.SetAction(result => common.Run(result, "gradient", run =>
        {
            (int[] counts, int m) = estimates.Read(result);
            int large = result.GetValue(trueSamples) ?? EstimateOptions.TenTimesLargest(counts);
            if (large < counts[^1])
            {
                throw new ArgumentException($"true_samples = {large}: must be at least the largest of samples ({counts[^1]}).");
            }

            return run(new GradientWork(counts, m, large));
        }));
        return command;
    }

    private static Command BaselinesCommand()
    {
        var common = new CommonOptions();
        var estimates = new EstimateOptions();
        var fitSamples = new Option<int?>("--fit-samples") { Description = "Pairs the \"true\" value function is fitted on (default 10 x the largest N; the paper 500000)." };
        var epochs = new Option<int>("--fit-epochs") { Description = "Epochs of that fit (>= 1).", DefaultValueFactory = _ => 10 };
        Command command = common.Command("baselines", "Pairwise cosine of gradient estimates with the value network, a fitted true value function and zero as baseline (Fig 5).", estimates.Samples, estimates.Estimates, fitSamples, epochs);
        command.SetAction(result => common.Run(result, "baselines", run =>
        {
            (int[] counts, int m) = estimates.Read(result);
            int fit = Require(result.GetValue(fitSamples) ?? EstimateOptions.TenTimesLargest(counts), 1, "fit_samples");
            return run(new BaselinesWork(counts, m, fit, Require(result.GetValue(epochs), 1, "fit_epochs")));
        }));
        return command;
    }

    private static Command ValueCommand()
    {
        var common = new CommonOptions();
        var samples = new Option<int>("--samples") { Description = "Held-out state-action pairs (>= 1; --set heldout).", DefaultValueFactory = _ => 20000 };
        var set = new Option<string>("--set") { Description = "heldout: fresh samples of the frozen policy (Figs 4, 15); train: the batch of update K + 1, replayed exactly from checkpoint K, with the value network it trained (Fig 14).", DefaultValueFactory = _ => "heldout" };
        Command command = common.Command("value", "Mean relative error of the value network on held-out states, or on its training batch, against GAE targets and empirical returns (Figs 4, 14, 15).", samples, set);
        command.SetAction(result => common.Run(result, "value", run =>
        {
            string which = result.GetValue(set)!;
            bool train = which switch
            {
                "heldout" => false,
                "train" => true,
                _ => throw new ArgumentException($"set = {which}: must be heldout or train."),
            };
            return run(new ValueWork(Require(result.GetValue(samples), 1, "samples"), train));
        }));
        return command;
    }

    private static Command StepsCommand()
    {
        var common = new CommonOptions();
        var estimates = new Option<int>("--estimates") { Description = "Update steps K, each from its own batch (>= 2).", DefaultValueFactory = _ => 100 };
        var states = new Option<int>("--states") { Description = "Shared states the pairwise KL is averaged over (>= 1).", DefaultValueFactory = _ => 2048 };
        Command command = common.Command("steps", "Pairwise cosine and KL of K update steps from independent batches (Fig 13).", estimates, states);
        command.SetAction(result => common.Run(result, "steps", run => run(new StepsWork(Require(result.GetValue(estimates), 2, "estimates"), Require(result.GetValue(states), 1, "states")))));
        return command;
    }

    private static int Require(int value, int least, string name)
        => value >= least ? value : throw new ArgumentException($"{name} = {value}: must be at least {least}.");

    /// <summary>"1000,2000" as ascending, distinct counts of at least 1.</summary>
    private static int[] ParseCounts(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] < 1 || (i > 0 && counts[i] <= counts[i - 1]))
            {
                throw new ArgumentException($"samples = {text}: give ascending, distinct counts of at least 1 separated by commas (e.g. 1000,2000,4000).");
            }
        }

        return counts;
    }

    /// <summary>--samples (the counts N) and --estimates (M per N), shared by the gradient and baselines analyses.</summary>
    private sealed class EstimateOptions
    {
        public Option<string> Samples { get; } = new("--samples") { Description = "State-action pair counts N per estimate, ascending, comma-separated.", DefaultValueFactory = _ => "1000,2000,4000,8000,16000,32000" };

        public Option<int> Estimates { get; } = new("--estimates") { Description = "Independent estimates M per N (>= 2).", DefaultValueFactory = _ => 10 };

        /// <summary>The default size of a separate large sample: 10 x the largest N.</summary>
        public static int TenTimesLargest(int[] counts) => (int)Math.Min(int.MaxValue, 10L * counts[^1]);

        /// <summary>The counts N and M, checked.</summary>
        public (int[] Counts, int Estimates) Read(ParseResult result)
            => (ParseCounts(result.GetValue(Samples)!), Require(result.GetValue(Estimates), 2, "estimates"));
    }

    /// <summary>The options every analysis takes and the path from them to a trainer at the checkpoint.</summary>
    private sealed class CommonOptions
    {
        private readonly Option<string> run = new("--run") { Description = "A run directory written by kernel train.", Required = true };
        private readonly Option<long?> update = new("--update") { Description = "The update whose checkpoint to measure (default: the latest)." };
        private readonly Option<string> output = new("--out") { Description = "The directory the CSV, PNG and JSON summary go to.", Required = true };
        private readonly Option<ulong> seed = new("--seed") { Description = "The measurement's seed (env resets, actions, minibatch orders of the sampled batches).", DefaultValueFactory = _ => 0 };

        /// <summary>An analysis's command: the options every analysis takes, then <paramref name="own"/>.</summary>
        public Command Command(string name, string description, params Option[] own)
        {
            var command = new Command(name, description) { run, update, output, seed };
            foreach (Option option in own)
            {
                command.Add(option);
            }

            return command;
        }

        /// <summary>Validates, opens the checkpoint in the run's precision and runs the analysis; maps failures to exit codes.</summary>
        public int Run(ParseResult result, string what, Func<Func<IWork, int>, int> body)
        {
            string prefix = $"kernel analyze {what}: ";
            try
            {
                string directory = result.GetValue(run)!;
                if (result.GetValue(update) is < 0 and var negative)
                {
                    throw new ArgumentException($"update = {negative}: must be at least 0.");
                }

                TrainConfig config = TrainingRun.ReadConfig(directory);
                string checkpoint = CheckpointTrainer.Path(directory, result.GetValue(update));
                var request = new Request(directory, config, checkpoint, OutDirectory.Create(result.GetValue(output)!), result.GetValue(seed));
                return body(work => config.Precision switch
                {
                    NumericPrecision.Fp16 => Execute<Half>(request, work),
                    NumericPrecision.Fp32 => Execute<float>(request, work),
                    _ => Execute<double>(request, work),
                });
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{prefix}{UsageError.Describe(e)}");
                return 2;
            }
            catch (Exception e) when (e is InvalidOperationException or EnvInstabilityException)
            {
                Console.Error.WriteLine($"{prefix}{UsageError.Describe(e)}");
                return 3;
            }
        }

        private static int Execute<T>(Request request, IWork work)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            using PolicyGradientTrainer<T> trainer = CheckpointTrainer.Open<T>(request.Config, request.Checkpoint);
            long update = trainer.Updates; // the checkpoint's (a training-batch measurement moves the trainer one update on)
            JsonObject summary = work.Measure(trainer, request);
            summary.Insert(0, "analysis", work.Name);
            summary["run"] = Path.GetFullPath(request.Directory);
            summary["checkpoint"] = Path.GetFullPath(request.Checkpoint);
            summary["update"] = update;
            summary["env"] = request.Config.Env;
            summary["algo"] = request.Config.Algo;
            summary["seed"] = request.Seed;
            string path = Path.Combine(request.Out, work.Name + ".json");
            AtomicFile.WriteAllText(path, summary.ToJsonString(Indented)); // last: a cell is done when its summary exists
            Console.WriteLine(path);
            return 0;
        }
    }

    /// <summary>Where an analysis reads and writes.</summary>
    private sealed record Request(string Directory, TrainConfig Config, string Checkpoint, string Out, ulong Seed);

    /// <summary>One analysis: measures, writes its CSV and PNG, and returns its summary, which the caller heads with "analysis" (<see cref="Name"/>), ends with the run's keys and writes last.</summary>
    private interface IWork
    {
        string Name { get; }

        JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>;
    }

    private sealed record GradientWork(int[] Samples, int Estimates, int TrueSamples) : IWork
    {
        public string Name => "gradient";

        public JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            GradientQualityResult result = GradientQuality.Measure(trainer, Samples, Estimates, TrueSamples, request.Seed, Progress("sample set"));
            var rows = new List<string> { "samples,measure,index,value" };
            var points = new JsonArray();
            var pairwise = new MeanInterval[Samples.Length];
            var toTrue = new MeanInterval[Samples.Length];
            for (int k = 0; k < Samples.Length; k++)
            {
                AddRows(rows, $"{Samples[k]},pairwise_cosine", result.Pairwise[k]);
                AddRows(rows, $"{Samples[k]},true_cosine", result.ToTrue[k]);
                AddRows(rows, $"{Samples[k]},norm", result.Norms[k]);
                pairwise[k] = MeanInterval.Of(result.Pairwise[k]);
                toTrue[k] = MeanInterval.Of(result.ToTrue[k]);
                points.Add(new JsonObject { ["samples"] = Samples[k], ["pairwise_cosine"] = Json(pairwise[k]), ["true_cosine"] = Json(toTrue[k]) });
            }

            AtomicFile.WriteAllLines(Path.Combine(request.Out, "gradient.csv"), rows);
            double[] xs = [.. Samples.Select(n => Math.Log10(n))];
            WritePng(
                request,
                trainer.Updates,
                "gradient",
                [Band("pairwise cosine (Fig 2)", xs, pairwise), Band("cosine to true gradient (Fig 3)", xs, toTrue)],
                "gradient estimates (mean, 95% interval)",
                "state-action pairs per estimate (log10)",
                "cosine similarity");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampling: {result.SamplesPerSecond:F0} samples/s ({result.EnvSteps} env steps in {result.CollectSeconds:F1} s)"));
            return new JsonObject
            {
                ["estimates"] = Estimates,
                ["true_samples"] = TrueSamples,
                ["parameters"] = result.Parameters,
                ["true_gradient_norm"] = result.TrueNorm,
                ["samples_per_second"] = result.SamplesPerSecond,
                ["env_steps"] = result.EnvSteps,
                ["collect_seconds"] = result.CollectSeconds,
                ["points"] = points,
            };
        }
    }

    private sealed record BaselinesWork(int[] Samples, int Estimates, int FitSamples, int Epochs) : IWork
    {
        public string Name => "baselines";

        public JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            BaselineResult result = BaselineComparison.Measure(trainer, Samples, Estimates, FitSamples, Epochs, request.Seed, Progress("sample set"));
            var rows = new List<string> { "baseline,samples,index,pairwise_cosine" };
            var bands = new List<BandSeries>();
            var baselines = new JsonObject();
            double[] xs = [.. Samples.Select(n => Math.Log10(n))];
            for (int b = 0; b < BaselineComparison.Baselines.Count; b++)
            {
                string name = BaselineComparison.Baselines[b];
                var intervals = new MeanInterval[Samples.Length];
                var points = new JsonArray();
                for (int k = 0; k < Samples.Length; k++)
                {
                    AddRows(rows, $"{name},{Samples[k]}", result.Pairwise[b][k]);
                    intervals[k] = MeanInterval.Of(result.Pairwise[b][k]);
                    points.Add(new JsonObject { ["samples"] = Samples[k], ["pairwise_cosine"] = Json(intervals[k]) });
                }

                bands.Add(Band(name.Replace('_', ' '), xs, intervals));
                baselines[name] = new JsonObject { ["returns_mre"] = Json(MeanInterval.Of(result.ReturnsMre[b])), ["points"] = points };
            }

            AtomicFile.WriteAllLines(Path.Combine(request.Out, "baselines.csv"), rows);
            WritePng(
                request,
                trainer.Updates,
                "baselines",
                bands,
                "gradient estimates by baseline (mean, 95% interval)",
                "state-action pairs per estimate (log10)",
                "pairwise cosine similarity");
            return new JsonObject
            {
                ["estimates"] = Estimates,
                ["fit_samples"] = FitSamples,
                ["fitted_samples"] = result.FittedSamples,
                ["fit_epochs"] = Epochs,
                ["fit_losses"] = new JsonArray([.. result.FitLosses.Select(l => Number(l))]),
                ["baselines"] = baselines,
            };
        }
    }

    private sealed record ValueWork(int Samples, bool TrainingBatch) : IWork
    {
        public string Name => "value";

        public JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            long checkpoint = trainer.Updates;
            SampleSet? set = null;
            ValuePredictionResult result;
            if (TrainingBatch)
            {
                if (checkpoint >= request.Config.Updates)
                {
                    throw new ArgumentException($"update = {checkpoint}: the run's last update; --set train replays update {checkpoint + 1}, which the run's schedule ({request.Config.Updates} updates) does not have.");
                }

                result = ValuePrediction.MeasureTrainingBatch(trainer);
            }
            else
            {
                var sampler = new FrozenPolicySampler<T>(trainer);
                set = sampler.Allocate(Samples);
                sampler.Collect(set, request.Seed);
                result = ValuePrediction.Measure(set, request.Config.Rollout.Gamma);
            }

            string where = TrainingBatch ? $"the training batch of update {trainer.Updates}" : "held-out states";
            var rows = new List<string> { "index,value,gae_target,empirical_return" };
            for (int i = 0; i < result.Values.Length; i++)
            {
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{result.Values[i]:R},{result.GaeTargets[i]:R},{(double.IsNaN(result.EmpiricalReturns[i]) ? string.Empty : result.EmpiricalReturns[i].ToString("R", CultureInfo.InvariantCulture))}"));
            }

            AtomicFile.WriteAllLines(Path.Combine(request.Out, "value.csv"), rows);
            WritePng(
                request,
                checkpoint,
                "value",
                [Sorted("|V - GAE target| / |target|", RelativeErrors(result.Values, result.GaeTargets)), Sorted("|V - return| / |return|", RelativeErrors(result.Values, result.EmpiricalReturns))],
                $"value prediction on {where}",
                TrainingBatch ? "quantile of training samples" : "quantile of held-out samples",
                "relative error",
                logY: true);
            int samples = result.Values.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"on {where}: MRE vs GAE targets {result.GaeMre:G4}, vs empirical returns {result.ReturnsMre:G4} ({result.ReturnsCounted} of {samples} samples have one)"));
            var summary = new JsonObject
            {
                ["set"] = TrainingBatch ? "train" : "heldout",
                ["samples"] = samples,
                ["gae_mre"] = Number(result.GaeMre),
                ["returns_mre"] = Number(result.ReturnsMre),
                ["returns_counted"] = result.ReturnsCounted,
                ["tail_weight"] = ValuePrediction.TailWeight,
            };
            if (set is not null)
            {
                summary["samples_per_second"] = set.StepsTaken / set.CollectSeconds;
            }
            else
            {
                summary["replayed_update"] = trainer.Updates;
            }

            return summary;
        }

        private static double[] RelativeErrors(double[] values, double[] targets)
            => [.. values.Zip(targets).Where(p => !double.IsNaN(p.Second)).Select(p => Math.Abs(p.First - p.Second) / Math.Abs(p.Second))];
    }

    private sealed record StepsWork(int Estimates, int States) : IWork
    {
        public string Name => "steps";

        public JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            UpdateStepResult result = UpdateStepVariance.Measure(trainer, request.Checkpoint, Estimates, States, request.Seed, Progress("update step"));
            var rows = new List<string> { "i,j,cosine,kl" };
            for (int i = 0, p = 0; i < Estimates; i++)
            {
                for (int j = i + 1; j < Estimates; j++, p++)
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{j},{result.Pairwise[p]:R},{result.PairwiseKl[p]:R}"));
                }
            }

            AtomicFile.WriteAllLines(Path.Combine(request.Out, "steps.csv"), rows);
            WritePng(
                request,
                trainer.Updates,
                "steps",
                [Sorted("pairwise cosine of steps", result.Pairwise)],
                $"{Estimates} update steps",
                "quantile of pairs",
                "cosine similarity");
            MeanInterval cosine = MeanInterval.Of(result.Pairwise);
            MeanInterval kl = MeanInterval.Of(result.PairwiseKl);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pairwise cosine {cosine.Mean:F4} [{cosine.Lower:F4}, {cosine.Upper:F4}], pairwise KL {kl.Mean:G4}"));
            return new JsonObject
            {
                ["estimates"] = Estimates,
                ["states"] = States,
                ["parameters"] = result.Parameters,
                ["pairwise_cosine"] = Json(cosine),
                ["pairwise_kl"] = Json(kl),
                ["step_norm"] = Json(MeanInterval.Of(result.Norms)),
                ["step_kl"] = Json(MeanInterval.Of(result.StepKl)),
            };
        }
    }

    private static Action<int, int> Progress(string what)
        => (done, total) => Console.Error.WriteLine($"{what} {done}/{total}");

    /// <summary>One row "key,index,value" per value.</summary>
    private static void AddRows(List<string> rows, string key, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{key},{i},{values[i]:R}"));
        }
    }

    private static JsonObject Json(MeanInterval interval)
        => new() { ["mean"] = Number(interval.Mean), ["lower"] = Number(interval.Lower), ["upper"] = Number(interval.Upper), ["count"] = interval.Count };

    private static JsonNode? Number(double value) => double.IsFinite(value) ? value : null;

    private static BandSeries Band(string label, double[] xs, MeanInterval[] intervals)
        => new(label, xs, [.. intervals.Select(i => i.Mean)], [.. intervals.Select(i => i.Lower)], [.. intervals.Select(i => i.Upper)]);

    /// <summary>The values sorted against their quantile (an empirical distribution function turned on its side).</summary>
    private static BandSeries Sorted(string label, double[] values)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        double[] quantiles = [.. Enumerable.Range(0, sorted.Length).Select(i => (i + 0.5) / sorted.Length)];
        return new BandSeries(label, quantiles, sorted, sorted, sorted);
    }

    /// <summary>The run and checkpoint every plot title starts with: env, algorithm and update.</summary>
    private static string Subject(Request request, long update) => $"{request.Config.Env} {request.Config.Algo}, update {update}";

    /// <summary>
    /// Draws name.png into the output folder, titled with <see cref="Subject"/> and <paramref name="what"/>, through a
    /// temporary file and a rename, so a reader never sees half an image.
    /// </summary>
    private static void WritePng(Request request, long update, string name, IReadOnlyList<BandSeries> series, string what, string xLabel, string yLabel, bool logY = false)
    {
        string path = Path.Combine(request.Out, name + ".png");
        string temporary = Path.Combine(request.Out, name + ".tmp.png");
        BandPlot.Write(series, $"{Subject(request, update)}: {what}", xLabel, yLabel, logY, temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
