using Kernel.Algorithms.Diagnostics;
using Kernel.Autodiff.Monitor;

namespace Kernel.Algorithms.Training;

/// <summary>
/// What <see cref="TrainingRun"/> drives, whatever the algorithm's training loop: one update at a time, a metrics row
/// per update, checkpoints that resume bit for bit, and deterministic evaluation. <see cref="PolicyGradientTrainer{T}"/>
/// (actor-critic algorithms) and the mollified policy gradient's trainer implement it; a registered algorithm names
/// its trainer with <see cref="Registry.Algorithm.Trainer"/>. Thread-safety: one thread at a time.
/// </summary>
public interface ITrainer : IDisposable
{
    /// <summary>Environment steps taken.</summary>
    long Steps { get; }

    /// <summary>Updates made.</summary>
    long Updates { get; }

    /// <summary>Whether an update exploded; the trainer then refuses further updates.</summary>
    bool Exploded { get; }

    /// <summary>The numerics monitor's report of the exploded update (null if none).</summary>
    AnomalyReport? ExplosionReport { get; }

    /// <summary>The last update's per-step records for steps.csv (empty unless the algorithm logs them).</summary>
    IReadOnlyList<StepRecord> StepRecords { get; }

    /// <summary>Where the last update's wall time went (timing.csv); a trainer that does not split a part leaves it 0.</summary>
    UpdateTiming Timing { get; }

    /// <summary>The metrics.csv columns beyond <see cref="UpdateRecord.Names"/> that this trainer fills (empty for most).</summary>
    IReadOnlyList<string> ExtraMetrics { get; }

    /// <summary>Makes one update; null when <paramref name="interrupt"/> abandoned it before it completed.</summary>
    UpdateRecord? Update(InterruptRequest? interrupt);

    /// <summary>Writes the trainer's state to <paramref name="path"/>.</summary>
    void SaveCheckpoint(string path);

    /// <summary>The trainer's state in memory, as <see cref="SaveCheckpoint"/> would write it now.</summary>
    TrainerSnapshot Snapshot();

    /// <summary>Restores the state a trainer of the same configuration saved.</summary>
    void LoadCheckpoint(string path);

    /// <summary>Deterministic episodes of the current policy; each episode's return.</summary>
    double[] Evaluate(int episodes, ulong seed);
}
