using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The distance of the policy network from its initialisation on a fixed state batch (000 Fig 7 b, c: "the L2 distance
/// between the current network f(.; theta_k) and initial network f(.; theta_0)"): sqrt(mean over the batch's states of
/// ||f(s; theta_k) - f(s; theta_0)||^2), where f is the policy network's raw output (a Gaussian's mean before its
/// transform and shift, a categorical's logits). The batch is the first rollout's observations as the network saw
/// them (normalised by the statistics of that moment), at most its first <see cref="MaxRows"/> rows; f(.; theta_0) is
/// kept as outputs, not weights. Checkpoints carry both, so a resumed run measures against the same batch.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class PolicyDistance
{
    /// <summary>The most states of the fixed batch (the first rows of the first rollout).</summary>
    public const int MaxRows = 1024;

    /// <summary>The checkpoint tensor holding the fixed batch [rows, observation_size].</summary>
    public const string InputsTensor = "policy_distance.inputs";

    /// <summary>The checkpoint tensor holding f(batch; theta_0) [rows, outputs].</summary>
    public const string InitialOutputsTensor = "policy_distance.initial_outputs";

    /// <summary>A distance over the first min(<paramref name="batchSize"/>, <see cref="MaxRows"/>) states of the first rollout.</summary>
    public PolicyDistance(int batchSize, int observationSize, int outputs)
    {
        Rows = Math.Min(batchSize, MaxRows);
        ObservationSize = observationSize;
        Outputs = outputs;
    }

    /// <summary>States in the fixed batch.</summary>
    public int Rows { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>The policy network's outputs per state.</summary>
    public int Outputs { get; }

    /// <summary>The fixed batch as fed to the network (null until <see cref="Capture{T}"/>).</summary>
    public double[]? Inputs { get; private set; }

    /// <summary>f(batch; theta_0), widened to fp64 (null until <see cref="Capture{T}"/>).</summary>
    public double[]? InitialOutputs { get; private set; }

    /// <summary>Keeps the first rows of <paramref name="observations"/> (the first rollout's network inputs) and the current network's outputs on them; call before the first update changes the network.</summary>
    public void Capture<T>(ActorCritic<T> networks, ReadOnlySpan<double> observations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        double[] inputs = observations[..(Rows * ObservationSize)].ToArray();
        InitialOutputs = NetworkOutputs(networks, inputs);
        Inputs = inputs;
    }

    /// <summary>Restores a batch and initial outputs written by a checkpoint.</summary>
    /// <exception cref="ArgumentException">Their lengths do not match this run's rows, observation size and outputs.</exception>
    public void Restore(double[] inputs, double[] initialOutputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(initialOutputs);
        if (inputs.Length != Rows * ObservationSize || initialOutputs.Length != Rows * Outputs)
        {
            throw new ArgumentException($"the fixed batch has {inputs.Length} values and the initial outputs {initialOutputs.Length}; this run needs {Rows * ObservationSize} and {Rows * Outputs}.", nameof(inputs));
        }

        Inputs = inputs;
        InitialOutputs = initialOutputs;
    }

    /// <summary>sqrt(mean over the batch of ||f(s; theta) - f(s; theta_0)||^2) for the network's current parameters theta (NaN before <see cref="Capture{T}"/>).</summary>
    public double Measure<T>(ActorCritic<T> networks)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (Inputs is null || InitialOutputs is null)
        {
            return double.NaN;
        }

        double[] current = NetworkOutputs(networks, Inputs);
        double sum = 0;
        for (int i = 0; i < current.Length; i++)
        {
            double difference = current[i] - InitialOutputs[i];
            sum += difference * difference;
        }

        return Math.Sqrt(sum / Rows);
    }

    private double[] NetworkOutputs<T>(ActorCritic<T> networks, double[] inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var outputs = new double[Rows * Outputs];
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            Conversions.Widen(networks.Policy.Forward(networks.Input(inputs, Rows)).Values, outputs);
        }

        return outputs;
    }
}
