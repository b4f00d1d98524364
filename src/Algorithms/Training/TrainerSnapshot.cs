using Kernel.Algorithms.Checkpoints;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A trainer checkpoint held in memory (<see cref="TrainerCheckpoint{T}.Capture"/>): the tensors and metadata a
/// checkpoint file holds, copied at an update boundary, so a run interrupted inside the next rollout, whose envs, RNG
/// streams and normalisers have already moved on, can still write the state of its last completed update.
/// Thread-safety: immutable once made.
/// </summary>
public sealed class TrainerSnapshot
{
    private readonly IReadOnlyList<SafeTensor> tensors;
    private readonly IReadOnlyDictionary<string, string> metadata;

    internal TrainerSnapshot(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata, long updates, long steps)
    {
        this.tensors = tensors;
        this.metadata = metadata;
        Updates = updates;
        Steps = steps;
    }

    /// <summary>Updates the trainer had made when the snapshot was taken.</summary>
    public long Updates { get; }

    /// <summary>Environment steps the trainer had taken when the snapshot was taken.</summary>
    public long Steps { get; }

    /// <summary>Writes the checkpoint file, byte for byte what the trainer's save would have written then (atomically, with checksums).</summary>
    public void Write(string path) => SafeTensorsFile.Write(path, tensors, metadata);
}
