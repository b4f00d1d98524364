using System.Globalization;

namespace Kernel.Bench.Harness;

/// <summary>
/// The networks and minibatch of one PPO update workload: a tanh policy-mean MLP with a state-independent log_std, a
/// tanh value MLP with one output, and the batch. The name shows the policy and the batch, e.g.
/// "ppo update 17-64-64-6 b64", the same in every contender. Immutable.
/// </summary>
/// <param name="PolicyWidths">Layer widths of the policy-mean network, observation first, action last.</param>
/// <param name="ValueWidths">Layer widths of the value network, observation first, 1 last.</param>
/// <param name="Batch">Minibatch size.</param>
public sealed record PpoShape(IReadOnlyList<int> PolicyWidths, IReadOnlyList<int> ValueWidths, int Batch)
{
    /// <summary>
    /// The PPO updates measured: the 64-64 networks of the small tasks, and paper 000's Humanoid-v4 networks (policy
    /// [1024, 1024], value [64, 64], minibatch 64; ../shared/seeds/000, appendix A) that its reproductions train.
    /// </summary>
    public static IReadOnlyList<PpoShape> All { get; } =
    [
        new([17, 64, 64, 6], [17, 64, 64, 1], 64),
        new([376, 1024, 1024, 17], [376, 64, 64, 1], 64),
    ];

    /// <summary>Observation size (the first width).</summary>
    public int ObservationSize => PolicyWidths[0];

    /// <summary>Action size (the policy's last width).</summary>
    public int ActionSize => PolicyWidths[^1];

    /// <summary>"ppo update 17-64-64-6 b64".</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"ppo update {string.Join('-', PolicyWidths)} b{Batch}");
}
