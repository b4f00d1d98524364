using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>How long a plan takes with a number of parallel jobs, from the experiment's per-cell estimates.</summary>
public static class TimeEstimate
{
    /// <summary>
    /// Seconds for the sweep: stage by stage (a stage starts when the previous one has ended), the stage's cells
    /// (longest first) assigned to whichever of <paramref name="jobs"/> slots frees up first, each cell costing its
    /// estimate plus <paramref name="overheadSeconds"/> of process start and plots; the last slot to finish sets the
    /// stage's time. Cells sharing the cores run slower than alone; callers pass jobs no larger than the cores.
    /// </summary>
    public static double Seconds(IExperiment experiment, ExperimentPlan plan, int jobs, double overheadSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        return plan.Sweep.Cells.GroupBy(cell => cell.Stage)
            .Sum(stage => Spread([.. stage.Select(cell => experiment.EstimateSeconds(cell) + overheadSeconds)], jobs));
    }

    private static double Spread(double[] costs, int jobs)
    {
        var slots = new PriorityQueue<int, double>();
        for (int i = 0; i < jobs; i++)
        {
            slots.Enqueue(i, 0);
        }

        double end = 0;
        foreach (double cost in costs.OrderByDescending(cost => cost))
        {
            slots.TryDequeue(out int slot, out double free);
            double finish = free + cost;
            end = Math.Max(end, finish);
            slots.Enqueue(slot, finish);
        }

        return end;
    }

    /// <summary>"45 s", "12 min", "3.4 h".</summary>
    public static string Format(double seconds) => seconds switch
    {
        < 90 => $"{seconds:F0} s",
        < 5400 => $"{seconds / 60:F0} min",
        _ => $"{seconds / 3600:F1} h",
    };
}
