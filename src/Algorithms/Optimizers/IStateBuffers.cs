namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// A set of per-parameter state buffers (a moment, a momentum) as <see cref="Optimizer{T}"/> exports, checks and
/// imports it, whatever its state precision.
/// </summary>
internal interface IStateBuffers
{
    /// <summary>Adds every buffer, widened to double, to <paramref name="destination"/>.</summary>
    void Export(Dictionary<string, double[]> destination);

    /// <summary>Adds every key this set expects to <paramref name="expected"/>.</summary>
    void AddKeys(HashSet<string> expected);

    /// <summary>
    /// Checks that <paramref name="source"/> has every buffer with the right length (before anything is changed);
    /// errors name the caller's argument <paramref name="name"/>.
    /// </summary>
    void CheckImport(IReadOnlyDictionary<string, double[]> source, string name);

    /// <summary>Copies every buffer from <paramref name="source"/>, rounding to the state precision; call <see cref="CheckImport"/> first.</summary>
    void Import(IReadOnlyDictionary<string, double[]> source);
}
