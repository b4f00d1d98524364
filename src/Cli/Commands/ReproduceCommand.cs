using System.CommandLine;
using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Sweeps;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel reproduce</c>: lists the seed papers' registered experiments (<c>list</c>) or runs one at a budget and
/// writes report.md with the paper's numbers beside ours and a verdict per claim. Exit codes: 0 report written,
/// 1 some cell failed or Slurm failed, 2 bad input, 130 interrupted (rerun to resume).
/// </summary>
internal static class ReproduceCommand
{
    private static readonly Dictionary<string, Budget> Budgets = new(StringComparer.Ordinal)
    {
        ["smoke"] = Budget.Smoke,
        ["quick"] = Budget.Quick,
        ["paper"] = Budget.Paper,
    };

    public static Command Create()
    {
        var id = new Argument<string>("experiment") { Description = "A registered experiment (kernel reproduce list)." };
        var budget = new Option<string>("--budget") { Description = "smoke (seconds, the pipeline only), quick (<= 45 min on 2 cores) or paper.", DefaultValueFactory = _ => "quick" };
        var output = new Option<string?>("--out") { Description = "Output directory. Default reproductions/<experiment>/<budget>." };
        var runnerOptions = new RunnerOptions();
        var command = new Command("reproduce", "Run a seed paper's registered experiment and write report.md (paper's numbers, ours, a verdict per claim).")
        {
            ListCommand(), id, budget, output,
        };
        runnerOptions.AddTo(command);
        command.SetAction(result => SweepCommand.Guard("kernel reproduce: ", () =>
        {
            IExperiment experiment = ExperimentRegistry.Find(result.GetValue(id)!);
            string budgetName = result.GetValue(budget)!;
            if (!Budgets.TryGetValue(budgetName, out Budget chosen))
            {
                throw new ArgumentException($"budget = {budgetName}: must be smoke, quick or paper.", "budget");
            }

            (string where, int jobCount, SlurmOptions slurm) = runnerOptions.Read(result);

            string directory = OutDirectory.Create(result.GetValue(output) ?? Path.Combine("reproductions", experiment.Id, budgetName));
            ExperimentPlan plan = experiment.Plan(chosen);
            double estimate = TimeEstimate.Seconds(experiment, plan, where == "local" ? jobCount : Environment.ProcessorCount, Reproduction.CellOverheadSeconds);
            Console.WriteLine($"{experiment.Id} --budget {budgetName}: {plan.Sweep.Cells.Count} cells, estimated {TimeEstimate.Format(estimate)} here with {jobCount} jobs. {plan.Description}");
            var runner = new Reproduction.Runner(where, jobCount, slurm, KernelCommand.Current());
            using var interruption = new Interruption();
            string? report = SweepProgressDisplay.RunAsync(progress => Reproduction.RunAsync(experiment, chosen, directory, runner, progress, interruption.Token)).GetAwaiter().GetResult();
            if (report is null)
            {
                Console.WriteLine($"interrupted; kernel reproduce {experiment.Id} --budget {budgetName} --out {directory} resumes it");
                return 130;
            }

            Console.WriteLine(report);
            return 0;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the registered experiments with their budgets and estimated times here.");
        command.SetAction(_ =>
        {
            foreach (IExperiment experiment in ExperimentRegistry.All)
            {
                string Estimate(Budget budget)
                {
                    ExperimentPlan plan = experiment.Plan(budget);
                    return $"{budget.ToString().ToLowerInvariant()} {plan.Sweep.Cells.Count} cells ~{TimeEstimate.Format(TimeEstimate.Seconds(experiment, plan, Environment.ProcessorCount, Reproduction.CellOverheadSeconds))}";
                }

                Console.WriteLine($"{experiment.Id}  (paper {experiment.Paper}, {experiment.Target})");
                Console.WriteLine($"  claim: {experiment.Claim}");
                Console.WriteLine($"  {string.Join("; ", Enum.GetValues<Budget>().Select(Estimate))}");
            }

            Console.WriteLine($"times: estimated for {Environment.ProcessorCount} local jobs on this machine from measured throughput; --budget paper prints its estimate before it starts.");
            return 0;
        });
        return command;
    }
}
