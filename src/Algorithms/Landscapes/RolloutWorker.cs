using System.Numerics;
using Kernel.Algorithms.Mollification;
using Kernel.Envs;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// One worker's system, controller copy and buffers: rolls the (deterministic or Gaussian) policy out and returns
/// discounted returns. Everything a point's value depends on is reset per trajectory, so a point's value does not
/// depend on which worker computed it. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The arithmetic of the closed loop.</typeparam>
internal sealed class RolloutWorker<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ILandscapeSystem<T> system;
    private readonly T[] observation;
    private readonly T[] action;
    private readonly KernelRandom noise = new(0);
    private readonly double[] returns;

    public RolloutWorker(ILandscapeSystem<T> system, Controller<T> controller, LandscapeSettings settings)
    {
        if (controller.StateDimension != system.ObservationSize || controller.ActionDimension != system.ActionSize)
        {
            throw new ArgumentException($"controller = {controller.Description}: must read {system.ObservationSize} observation and write {system.ActionSize} action values for this env.", nameof(controller));
        }

        this.system = system;
        Controller = controller;
        Settings = settings;
        observation = new T[system.ObservationSize];
        action = new T[system.ActionSize];
        returns = new double[settings.TrajectoriesPerPoint];
    }

    /// <summary>This worker's controller (set its parameters per point).</summary>
    public Controller<T> Controller { get; }

    public LandscapeSettings Settings { get; }

    /// <summary>Disposes the worker's system.</summary>
    public void Dispose() => system.Dispose();

    /// <summary>Mean and sample standard deviation of the returns of the settings' trajectories; the first action is <paramref name="firstAction"/> when not empty.</summary>
    public (double Mean, double StandardDeviation) Evaluate(ReadOnlySpan<T> firstAction)
    {
        int count = Settings.TrajectoriesPerPoint;
        double sum = 0;
        for (int j = 0; j < count; j++)
        {
            returns[j] = Return(KernelRandom.DeriveSeed(Settings.Seed, (ulong)j), firstAction);
            sum += returns[j];
        }

        double mean = sum / count;
        if (count == 1)
        {
            return (mean, 0.0);
        }

        double squares = 0;
        foreach (double value in returns)
        {
            squares += (value - mean) * (value - mean);
        }

        return (mean, Math.Sqrt(squares / (count - 1)));
    }

    private double Return(ulong trajectorySeed, ReadOnlySpan<T> firstAction)
    {
        system.Reset(trajectorySeed, observation);
        noise.Reseed(trajectorySeed);
        double total = 0;
        double discount = 1;
        for (int k = 0; k < Settings.Horizon; k++)
        {
            if (k == 0 && !firstAction.IsEmpty)
            {
                firstAction.CopyTo(action);
            }
            else
            {
                Controller.Act(observation, action);
                if (Settings.Sigma > 0)
                {
                    for (int i = 0; i < action.Length; i++)
                    {
                        action[i] += T.CreateChecked(Settings.Sigma * noise.Normal());
                    }
                }
            }

            T reward = system.Step(action, observation, out bool terminated);
            total += discount * double.CreateChecked(reward);
            discount *= Settings.Gamma;
            if (terminated)
            {
                break;
            }
        }

        return total;
    }
}
