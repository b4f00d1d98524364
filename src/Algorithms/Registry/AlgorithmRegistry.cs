using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// Every algorithm <c>kernel train --algo</c> runs, by name: the one list the command line, <c>kernel algos list</c>,
/// config.json and the docs read. Adding an algorithm is one line here and its own class (docs/extending.md).
/// Thread-safety: immutable.
/// </summary>
public static class AlgorithmRegistry
{
    private static readonly Algorithm[] Table =
    [
        new Reinforce(),
        new A2c(),
        new Vpg(),
        new Ppo(),
        new PpoM(),
        new PpoKl(),
        new PpoNoClip(),
        new Cpg(),
        new Trpo(),
        new Npg(),
        new Vmpo(),
    ];

    /// <summary>The registered algorithms, in the order the docs list them.</summary>
    public static IReadOnlyList<Algorithm> All { get; } = Array.AsReadOnly(Table);

    /// <summary>The registered names, comma-separated (for messages).</summary>
    public static string Names => string.Join(", ", Table.Select(algorithm => algorithm.Name));

    /// <summary>The algorithm called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name (the message lists the names).</exception>
    public static Algorithm Get(string name)
        => Table.FirstOrDefault(algorithm => algorithm.Name == name)
            ?? throw new ArgumentOutOfRangeException("algo", name, $"algo = {name}: must be one of {Names}.");

    /// <summary>Whether an algorithm is called <paramref name="name"/>.</summary>
    public static bool Contains(string name) => Table.Any(algorithm => algorithm.Name == name);

    /// <summary>The defaults of the algorithm called <paramref name="name"/>: the shared defaults with its own applied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name.</exception>
    public static TrainConfig Defaults(string name) => Get(name).Defaults(new TrainConfig { Algo = name });
}
