using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Registry;
using Kernel.Kernels.Devices;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Trains the same configuration on the CPU and on a device and compares every metric of every update: the check
/// that a device trains like the CPU (the tests run it on ilgpu-cpu, <c>kernel devices --check</c> on any device).
/// <para>
/// Tolerance: |device - cpu| &lt;= tolerance x max(1, |cpu|) per metric, with <see cref="ToleranceFor"/> = 1e-4 for
/// fp32 and 1e-10 for fp64. The device differs from the CPU only by rounding where an op sums in another order or
/// calls another math library (each op within <see cref="Autodiff.Checking.BackendParity.InexactBound"/> = 64 units of
/// roundoff: 4e-6 in fp32, 7e-15 in fp64). A few updates compose some thousands of such ops through Adam, the rollouts
/// and the metrics' averages, which carry relative perturbations along without amplifying them by much more than the
/// op count; the bounds leave an order of magnitude of room (observed on ilgpu-cpu for <see cref="PendulumCheck"/>:
/// fp32 within 1e-7, fp64 within 5e-16). A wrong kernel moves these metrics by 1e-2 or more. Discrete decisions (a
/// ratio exactly at a clip edge) could in principle flip under rounding; the fixed seed keeps the check repeatable.
/// fp16 is not compared: each op rounds to 11 bits, so a bound that always held would not tell a wrong kernel apart.
/// </para>
/// Thread-safety: stateless; each call builds its own trainers.
/// </summary>
public static class TrainingParity
{
    /// <summary>The relative tolerance of <paramref name="precision"/>: 1e-4 (fp32), 1e-10 (fp64).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not fp32 or fp64.</exception>
    public static double ToleranceFor(NumericPrecision precision) => precision switch
    {
        NumericPrecision.Fp32 => 1e-4,
        NumericPrecision.Fp64 => 1e-10,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision = {Settings.NameOf(precision)}: training parity compares fp32 or fp64."),
    };

    /// <summary>
    /// A short PPO run on Pendulum-v1 with a fixed seed: 2 envs, 16 steps per rollout, two epochs of 16-sample
    /// minibatches, 8 hidden units, three updates, no checkpoints. Small because the ILGPU CPU accelerator is slow.
    /// </summary>
    /// <param name="precision">fp32 or fp64.</param>
    /// <returns>The configuration, on the CPU.</returns>
    public static TrainConfig PendulumCheck(NumericPrecision precision)
    {
        ToleranceFor(precision);
        return new TrainConfig
        {
            Env = "Pendulum-v1",
            Precision = precision,
            Seed = 5,
            TotalSteps = 3 * 32,
            CheckpointEvery = 0,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 16 },
            Optimizer = new OptimizerOptions { MinibatchSize = 16, Epochs = 2 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
    }

    /// <summary>Runs <paramref name="config"/> on the CPU and on <paramref name="device"/> and compares their metrics.</summary>
    /// <param name="config">The run (its own device setting is ignored); fp32 or fp64.</param>
    /// <param name="device">ilgpu-cpu or cuda.</param>
    /// <returns>The comparison, naming its worst metric.</returns>
    /// <exception cref="Kernel.Kernels.Devices.DeviceNotAvailableException">The device is not present.</exception>
    public static TrainingParityResult Compare(TrainConfig config, DeviceKind device)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Compare(config with { Device = DeviceKind.Cpu }, config with { Device = device });
    }

    /// <summary>Runs two configurations (each on its own device) and compares their metrics with the tolerance of the first's precision.</summary>
    /// <param name="reference">The reference run; fp32 or fp64.</param>
    /// <param name="candidate">The run compared with it (same precision and number of updates for a meaningful comparison).</param>
    /// <returns>The comparison, naming its worst metric; the device reported is the candidate's.</returns>
    public static TrainingParityResult Compare(TrainConfig reference, TrainConfig candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        double tolerance = ToleranceFor(reference.Precision);
        string device = Settings.NameOf(candidate.Device);
        string precision = Settings.NameOf(reference.Precision);
        List<double?[]> host = Run(reference);
        List<double?[]> onDevice = Run(candidate);
        if (onDevice.Count != host.Count)
        {
            return new TrainingParityResult(device, precision, false, Math.Min(host.Count, onDevice.Count), tolerance, $"update count ({onDevice.Count} vs {host.Count})", host.Count, onDevice.Count, double.PositiveInfinity);
        }
        bool passed = true;
        (string Where, double Host, double Device, double Error) worst = ("none", double.NaN, double.NaN, -1);
        for (int update = 0; update < host.Count; update++)
        {
            for (int m = 0; m < UpdateRecord.Names.Count; m++)
            {
                double h = host[update][m] ?? double.NaN;
                double d = onDevice[update][m] ?? double.NaN;
                double error = h.Equals(d) ? 0 : double.IsFinite(h) && double.IsFinite(d) ? Math.Abs(d - h) / Math.Max(1, Math.Abs(h)) : double.PositiveInfinity;
                passed &= error <= tolerance;
                if (error > worst.Error)
                {
                    worst = ($"update {update + 1} {UpdateRecord.Names[m]}", h, d, error);
                }
            }
        }

        return new TrainingParityResult(device, precision, passed, host.Count, tolerance, worst.Where, worst.Host, worst.Device, worst.Error);
    }

    private static List<double?[]> Run(TrainConfig config)
        => config.Precision == NumericPrecision.Fp64 ? Run<double>(config) : Run<float>(config);

    private static List<double?[]> Run<T>(TrainConfig config)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var trainer = PolicyGradientTrainer<T>.Open(config);
        var records = new List<double?[]>();
        while (trainer.Updates < config.Updates && !trainer.Exploded)
        {
            UpdateRecord record = trainer.Update();
            records.Add([.. UpdateRecord.Names.Select(record.Get)]);
        }

        return records;
    }
}
