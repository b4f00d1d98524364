using System.Collections.Concurrent;
using System.Numerics;
using Kernel.Algorithms.Mollification;

namespace Kernel.Algorithms.Landscapes;

/// <summary>Evaluates grid points in parallel, one <see cref="RolloutWorker{T}"/> (own system, own controller copy) per worker.</summary>
internal static class PointEvaluation
{
    /// <summary>Fills one point per index with <paramref name="evaluate"/>, on at most settings.Threads workers.</summary>
    public static LandscapePoint[] Run<T>(int count, Func<ILandscapeSystem<T>> createSystem, Controller<T> controller, LandscapeSettings settings, Func<RolloutWorker<T>, int, LandscapePoint> evaluate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(createSystem);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        // Built once here so a controller/env mismatch is reported before any worker starts.
        var spare = new ConcurrentBag<RolloutWorker<T>> { NewWorker() };
        var points = new LandscapePoint[count];
        try
        {
            Parallel.For(
                0,
                count,
                new ParallelOptions { MaxDegreeOfParallelism = settings.Threads },
                () => spare.TryTake(out RolloutWorker<T>? worker) ? worker : NewWorker(),
                (index, _, worker) =>
                {
                    points[index] = evaluate(worker, index);
                    return worker;
                },
                spare.Add);
        }
        finally
        {
            foreach (RolloutWorker<T> worker in spare)
            {
                worker.Dispose();
            }
        }

        return points;

        RolloutWorker<T> NewWorker()
        {
            ILandscapeSystem<T> system = createSystem();
            try
            {
                return new RolloutWorker<T>(system, controller.Clone(), settings);
            }
            catch
            {
                system.Dispose();
                throw;
            }
        }
    }
}
