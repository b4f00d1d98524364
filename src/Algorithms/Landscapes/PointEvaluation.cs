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
        var first = new RolloutWorker<T>(createSystem(), controller.Clone(), settings);
        var spare = new ConcurrentBag<RolloutWorker<T>> { first };
        var points = new LandscapePoint[count];
        Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Threads },
            () => spare.TryTake(out RolloutWorker<T>? worker) ? worker : new RolloutWorker<T>(createSystem(), controller.Clone(), settings),
            (index, _, worker) =>
            {
                points[index] = evaluate(worker, index);
                return worker;
            },
            spare.Add);
        return points;
    }
}
