using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 Fig 5's "true" value function: a network of the run's value architecture, started from the run's value
/// network, fitted by Adam (the run's learning rate and minibatch size, squared error) directly to the empirical
/// discounted returns (<see cref="ValuePrediction.EmpiricalReturns"/>) of a large sample of the frozen policy, the
/// samples whose return was seen. It lives on the trainer's tape beside the run's networks and changes none of them.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class TrueValueFunction<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ActorCritic<T> networks;
    private readonly Mlp<T> value;
    private double[] rows = [];

    /// <summary>A copy of <paramref name="trainer"/>'s value network, not yet fitted.</summary>
    /// <exception cref="ArgumentException">The run learns no value network.</exception>
    public TrueValueFunction(PolicyGradientTrainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        networks = trainer.Networks;
        Mlp<T> own = networks.Value ?? throw new ArgumentException($"algo = {trainer.Config.Algo}: the run learns no value network, so there is no value-network baseline to compare.", "algo");
        TrainConfig config = trainer.Config;
        value = new Mlp<T>(networks.Tape, [networks.ObservationSize, .. config.Value.Hidden, 1], config.Activation, MlpInit.TorchDefault, new KernelRandom(1), "true_value");
        for (int i = 0; i < own.Parameters.Count; i++)
        {
            value.Parameters[i].Tensor.SetValues(own.Parameters[i].Tensor.Values);
        }
    }

    /// <summary>Samples the fit used (those with an empirical return).</summary>
    public int FittedSamples { get; private set; }

    /// <summary>Mean squared error on the fitting samples after each epoch.</summary>
    public IReadOnlyList<double> EpochLosses { get; private set; } = [];

    /// <summary>Fits to the empirical returns of the first Count samples of <paramref name="set"/> for <paramref name="epochs"/> epochs.</summary>
    /// <exception cref="ArgumentException">No sample of the set has an empirical return (every episode outlived the data).</exception>
    public void Fit(SampleSet set, TrainConfig config, int epochs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        double[] returns = ValuePrediction.EmpiricalReturns(set.Buffer, config.Rollout.Gamma);
        int[] usable = [.. Enumerable.Range(0, set.Count).Where(i => !double.IsNaN(returns[i]))];
        if (usable.Length == 0)
        {
            throw new ArgumentException($"fit_samples = {set.Count}: no state of the sample has an empirical return to fit (episodes that the time limit cuts, or that outlive the sample, have none).", "fit_samples");
        }

        FittedSamples = usable.Length;
        var adam = new Adam<T>(value.Parameters, config.Optimizer.LearningRate, epsilon: config.Optimizer.AdamEpsilon);
        var sampler = new MinibatchSampler(usable.Length, Math.Min(config.MinibatchSamples, usable.Length));
        var random = new KernelRandom(seed);
        var indices = new int[sampler.MinibatchSize];
        var targets = new double[sampler.MinibatchSize];
        var losses = new double[epochs];
        Tape<T> tape = networks.Tape;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            sampler.Shuffle(random);
            double sum = 0;
            for (int k = 0; k < sampler.MinibatchCount; k++)
            {
                ReadOnlySpan<int> minibatch = sampler.Minibatch(k);
                Span<int> rowsOf = indices.AsSpan(0, minibatch.Length);
                MinibatchSampler.Gather<int>(usable, 1, minibatch, rowsOf);
                Span<double> y = targets.AsSpan(0, minibatch.Length);
                MinibatchSampler.Gather<double>(returns, 1, rowsOf, y);
                tape.Reset();
                Tensor<T> predicted = Forward(set.Buffer, rowsOf);
                Tensor<T> loss = ValueLoss.Squared(predicted, tape.Cast(Shape.Vector(y.Length), y, "return"));
                tape.ZeroGrad();
                tape.Backward(loss);
                adam.Step();
                sum += double.CreateTruncating(loss.Item()) * minibatch.Length;
            }

            losses[epoch] = sum / usable.Length;
        }

        EpochLosses = losses;
    }

    /// <summary>V_true at <paramref name="count"/> observation rows (as the networks see them), widened into <paramref name="destination"/>.</summary>
    public void Evaluate(ReadOnlySpan<double> observations, int count, Span<double> destination)
    {
        const int chunk = 4096;
        int size = networks.ObservationSize;
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            networks.Tape.Reset();
            using (networks.Tape.NoGrad())
            {
                Tensor<T> x = networks.Input(observations.Slice(start * size, n * size), n);
                Conversions.Widen(value.Forward(x).Values, destination.Slice(start, n));
            }
        }
    }

    private Tensor<T> Forward(RolloutBuffer samples, ReadOnlySpan<int> indices)
    {
        Span<double> observations = ScratchBuffer.Take(ref rows, indices.Length * samples.ObservationSize);
        MinibatchSampler.Gather<double>(samples.Observations, samples.ObservationSize, indices, observations);
        return value.Forward(networks.Input(observations, indices.Length)).Reshape(Shape.Vector(indices.Length), "true_value");
    }
}
