using System.Globalization;
using System.Runtime.InteropServices;

namespace Kernel.Algorithms.Checkpoints;

/// <summary>
/// What a trainer checkpoint must satisfy beyond its format, checked before anything of it is used: every tensor and
/// the header carry a checksum that matches (<see cref="SafeTensorChecksums"/>); parameters, optimiser buffers,
/// normaliser statistics and env states are finite; Adam's second moments ("*.exp_avg_sq"), variances and counts are
/// not negative; the counters agree with each other (steps = updates x batch, episodes &lt;= steps) and an env's
/// elapsed steps and episode lengths lie within its time limit. A checkpoint that breaks one is refused with one line
/// naming the tensor (or metadata entry), the element and the value, so a damaged file never trains a run.
/// Thread-safety: stateless.
/// </summary>
public static class TrainerCheckpointRules
{
    private const string SecondMomentSuffix = ".exp_avg_sq";

    /// <summary>Checks <paramref name="content"/> (a trainer checkpoint) for a run of batch size <paramref name="batchSize"/> on an env with time limit <paramref name="maxEpisodeSteps"/>.</summary>
    /// <exception cref="InvalidDataException">A rule is broken; the message names the tensor or metadata entry.</exception>
    public static void Check(SafeTensorsContent content, long batchSize, int maxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(content);
        SafeTensorChecksums.RequireComplete(content);
        foreach ((string name, SafeTensor tensor) in content.Tensors.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (tensor.DType is SafeTensorsDType.F16 or SafeTensorsDType.F32 or SafeTensorsDType.F64)
            {
                bool nonNegative = name.EndsWith(SecondMomentSuffix, StringComparison.Ordinal)
                    || name.EndsWith(".variance", StringComparison.Ordinal)
                    || name.EndsWith(".count", StringComparison.Ordinal);
                RequireFinite(content.Source, tensor, nonNegative);
            }
        }

        long updates = Counter(content, "updates");
        long steps = Counter(content, "steps");
        long episodes = Counter(content, "episodes");
        Counter(content, "optimizer_steps");
        if (updates > long.MaxValue / Math.Max(1, batchSize) || steps != updates * batchSize)
        {
            throw new InvalidDataException($"{content.Source}: metadata steps = {steps} with updates = {updates}; a run of batch {batchSize} takes {batchSize} steps per update.");
        }

        if (episodes > steps)
        {
            throw new InvalidDataException($"{content.Source}: metadata episodes = {episodes} exceeds steps = {steps}; every episode takes at least one step.");
        }

        string beta = content.Meta("kl_beta");
        if (!double.TryParse(beta, NumberStyles.Float, CultureInfo.InvariantCulture, out double klBeta) || !double.IsFinite(klBeta) || klBeta < 0)
        {
            throw new InvalidDataException($"{content.Source}: metadata kl_beta = \"{beta}\" is not a finite number >= 0.");
        }

        RequireWithin(content, "env.elapsed_steps", maxEpisodeSteps);
        RequireWithin(content, "env.episode_lengths", maxEpisodeSteps);
    }

    private static long Counter(SafeTensorsContent content, string key)
    {
        string text = content.Meta(key);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"{content.Source}: metadata {key} = \"{text}\" is not a count (a whole number >= 0).");
    }

    private static void RequireWithin(SafeTensorsContent content, string name, int limit)
    {
        SafeTensor tensor = content.Tensor(name);
        if (tensor.DType != SafeTensorsDType.I64)
        {
            throw new InvalidDataException($"{content.Source}: tensor {name} holds {tensor.DType} elements; it needs I64.");
        }

        ReadOnlySpan<long> values = MemoryMarshal.Cast<byte, long>(tensor.Data);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] > limit)
            {
                throw new InvalidDataException($"{content.Source}: tensor {name}[{i}] = {values[i]}; it must be in 0..{limit} (the env's time limit).");
            }
        }
    }

    private static void RequireFinite(string source, SafeTensor tensor, bool nonNegative)
    {
        int count = checked((int)tensor.ElementCount);
        for (int i = 0; i < count; i++)
        {
            double value = tensor.DType switch
            {
                SafeTensorsDType.F16 => (double)MemoryMarshal.Cast<byte, Half>(tensor.Data)[i],
                SafeTensorsDType.F32 => MemoryMarshal.Cast<byte, float>(tensor.Data)[i],
                _ => MemoryMarshal.Cast<byte, double>(tensor.Data)[i],
            };
            if (!double.IsFinite(value) || (nonNegative && value < 0))
            {
                string allowed = nonNegative ? "finite and >= 0" : "finite";
                throw new InvalidDataException($"{source}: tensor {tensor.Name}[{i}] = {value.ToString(CultureInfo.InvariantCulture)}; it must be {allowed}.");
            }
        }
    }
}
