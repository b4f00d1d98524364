using Kernel.Kernels.Cpu;
using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Normalizers;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Algorithms.VMpo;
using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Storage;
using Kernel.Envs;
using Kernel.Kernels.Gpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The shared machinery of every first-order policy-gradient algorithm: N env copies stepped together, separate
/// policy and value MLPs on one tape, a rollout of T steps per update, GAE, then epochs of shuffled minibatches
/// minimising policy loss - c_ent entropy + c_v value loss with one Adam, gradient clipping, and the diagnostics
/// record of every update. The algorithm (<see cref="TrainConfig.Algo"/>) picks the policy objective
/// (<see cref="SurrogateObjectives"/>); everything else is configuration.
/// <para>
/// Explosions are reported, not hidden: the first non-finite loss, gradient norm or parameter stops the update
/// before the optimiser applies it, replays that minibatch with the numerics monitor attached to name the op and
/// label, sets <see cref="UpdateRecord.Exploded"/>, and makes <see cref="Exploded"/> true; further updates throw.
/// </para>
/// <para>
/// Device (<see cref="TrainConfig.Device"/>): the networks, the losses and their gradients live on the tape's backend;
/// the envs step on the CPU, so observations go to the device and the policy's outputs come back once per env step,
/// as whole batches. The Adam step, gradient clipping and the diagnostics read parameters and gradients on the host.
/// Dispose the trainer to close the device it opened (nothing to release on the CPU).
/// </para>
/// Thread-safety: one thread at a time; the trainer owns its tape and its backend.
/// </summary>
/// <typeparam name="T">The run's precision: Half, float or double.</typeparam>
public sealed partial class PolicyGradientTrainer<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly TrainConfig config;
    private readonly ComputeBackend<T> backend;
    private readonly Tape<T> tape;
    private readonly VectorEnv envs;
    private readonly Mlp<T> policyNetwork;
    private readonly Mlp<T>? valueNetwork;
    private readonly IPolicyHead<T> head;
    private readonly NamedParameter<T>[] parameters;
    private readonly Adam<T> optimizer;
    private readonly IReadOnlyList<NamedParameter<T>> optimizedParameters;
    private readonly TrustRegionUpdate<T>? trustRegion;
    private readonly VMpoMultipliers<T>? multipliers;
    private readonly VMpoLoss<T>? vmpoLoss;
    private readonly LearningRateSchedule schedule;
    private readonly RolloutBuffer buffer;
    private readonly MinibatchSampler sampler;
    private readonly KernelRandom actionRandom;
    private readonly KernelRandom shuffleRandom;
    private readonly ObservationNormalizer? observationNormalizer;
    private readonly RewardScaler? rewardScaler;
    private readonly RatioStatistics ratioStatistics = new();
    private readonly UpdateRecord record = new();
    private readonly int observationSize;
    private readonly int actionSize;
    private readonly double[] envActions;
    private readonly double[] normalized;
    private readonly double[] finishedReturns;
    private readonly double[] minibatchDoubles;
    private readonly double[] minibatchActions;
    private readonly double[] minibatchOldPolicy;
    private readonly double[] advantageScratch;
    private double[] observationRows = [];
    private T[] observationScratch = [];
    private T[] vectorScratch = [];
    private int finishedCount;
    private double klBeta;

    /// <summary>Builds envs, networks (on the configured device), optimiser and buffers from <paramref name="config"/> (validated first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in snake_case).</exception>
    /// <exception cref="ArgumentException">The env id or an env option is unknown.</exception>
    /// <exception cref="DeviceNotAvailableException">The configured device is not present (the message lists what is).</exception>
    public PolicyGradientTrainer(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        this.config = config;
        klBeta = config.KlBeta;

        envs = new VectorEnv(config.Env, config.NumEnvs);
        observationSize = envs.ObservationSize;
        var networkRandom = new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 1));
        actionRandom = new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 2));
        shuffleRandom = new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 3));

        // Opened once the settings and the env are known good, so a bad request leaves no device open.
        backend = Backends.Open<T>(DeviceNames.Parse(config.Device));
        tape = new Tape<T>(backend);

        head = envs.ActionSpace switch
        {
            BoxSpace box when config.Squash => new TanhGaussianPolicyHead<T>(tape, box, SquashedOptions(config.Policy), config.InitialStd),
            BoxSpace box => new GaussianPolicyHead<T>(tape, box, config.Policy, config.InitialStd),
            DiscreteSpace discrete => new CategoricalPolicyHead<T>(tape, discrete),
            _ => throw new ArgumentException($"env {config.Env} has an action space of kind {envs.ActionSpace.GetType().Name}, which no policy head supports.", nameof(config)),
        };
        actionSize = head.StoredActionSize;

        MlpInit policyInit = config.OrthogonalInit ? MlpInit.OrthogonalPolicy : MlpInit.TorchDefault;
        MlpInit valueInit = config.OrthogonalInit ? MlpInit.OrthogonalValue : MlpInit.TorchDefault;
        policyNetwork = new Mlp<T>(tape, [observationSize, .. config.PolicyHidden, head.NetworkOutputs], config.Activation, policyInit, networkRandom, "policy");
        bool usesValue = config.Algo != AlgorithmKind.Reinforce || config.ReinforceBaseline;
        valueNetwork = usesValue ? new Mlp<T>(tape, [observationSize, .. config.ValueHidden, 1], config.Activation, valueInit, networkRandom, "value") : null;
        if (config.Algo == AlgorithmKind.Vmpo)
        {
            multipliers = new VMpoMultipliers<T>(tape, config.Vmpo);
            vmpoLoss = new VMpoLoss<T>(multipliers);
        }

        parameters = [.. policyNetwork.Parameters, .. head.Parameters, .. valueNetwork?.Parameters ?? [], .. multipliers?.Parameters ?? []];
        if (UsesNaturalStep)
        {
            // The policy moves by the natural step; Adam trains only the value network (004 Algorithm 5).
            var policy = new FisherPolicy<T>(tape, policyNetwork, head);
            FisherPolicy<T> fisherBatch = config.TrustRegion.FisherStride > 1 ? new FisherPolicy<T>(tape, policyNetwork, head) : policy;
            trustRegion = new TrustRegionUpdate<T>(policy, fisherBatch, config.TrustRegion, config.RatioMode, lineSearch: config.Algo == AlgorithmKind.Trpo);
            optimizedParameters = valueNetwork!.Parameters;
        }
        else
        {
            optimizedParameters = parameters;
        }

        optimizer = new Adam<T>(optimizedParameters, config.LearningRate, epsilon: config.AdamEpsilon);
        schedule = config.AnnealLearningRate
            ? LearningRateSchedule.LinearToZero(config.LearningRate, (int)Math.Min(int.MaxValue, config.Updates))
            : LearningRateSchedule.Constant(config.LearningRate);

        buffer = new RolloutBuffer(config.RolloutSteps, config.NumEnvs, observationSize, actionSize, head.OldPolicySize);
        sampler = new MinibatchSampler(config.BatchSize, config.MinibatchSize);
        observationNormalizer = config.NormalizeObservations ? new ObservationNormalizer(observationSize, config.ObservationClip) : null;
        rewardScaler = config.ScaleRewards ? new RewardScaler(config.NumEnvs, config.Gamma, config.RewardClip) : null;

        envActions = new double[config.NumEnvs * envs.ActionSize];
        normalized = new double[config.NumEnvs * observationSize];
        finishedReturns = new double[config.BatchSize];
        minibatchDoubles = new double[config.BatchSize];
        minibatchActions = new double[config.BatchSize * actionSize];
        minibatchOldPolicy = new double[config.BatchSize * head.OldPolicySize];
        advantageScratch = new double[config.BatchSize];

        envs.Reset(KernelRandom.DeriveSeed(config.Seed, 0));
    }

    private static TanhGaussianOptions SquashedOptions(GaussianOptions policy) => new()
    {
        Std = policy.Std,
        SoftplusOffset = policy.SoftplusOffset,
        StdLowerBound = policy.StdLowerBound,
        MeanShift = policy.MeanShift,
    };

    /// <summary>The resolved configuration.</summary>
    public TrainConfig Config => config;

    /// <summary>Environment steps taken (all copies).</summary>
    public long Steps { get; private set; }

    /// <summary>Episodes finished.</summary>
    public long Episodes { get; private set; }

    /// <summary>Updates made.</summary>
    public long Updates { get; private set; }

    /// <summary>Whether an update exploded; the trainer refuses further updates.</summary>
    public bool Exploded { get; private set; }

    /// <summary>The numerics monitor's report of the op that first produced a non-finite value in the exploded minibatch (null if none or not exploded).</summary>
    public AnomalyReport? ExplosionReport { get; private set; }

    /// <summary>Every trainable parameter (policy network, policy head, value network), in a fixed order.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>The optimiser (for checkpoints).</summary>
    public Optimizer<T> Optimizer => optimizer;

    /// <summary>The current KL penalty coefficient (PPO-KL; adapted between updates when configured).</summary>
    public double KlBeta => klBeta;

    /// <summary>Where the networks and losses compute ("cpu", "ilgpu-cpu" or "cuda").</summary>
    public string Device => backend.Name;

    /// <summary>Closes the device the trainer opened (and with it every tensor on it); the trainer must not be used afterwards.</summary>
    public void Dispose() => backend.Dispose();

    /// <summary>Collects one rollout and makes one update; returns its diagnostics (the same instance every call, overwritten).</summary>
    /// <exception cref="InvalidOperationException">A previous update exploded.</exception>
    public UpdateRecord Update()
    {
        if (Exploded)
        {
            throw new InvalidOperationException($"update {Updates} exploded ({record.ExplodedAt}); the trainer cannot continue.");
        }

        record.Clear();
        bool collected = Collect();
        Updates++;
        record.Update = Updates;
        if (collected)
        {
            ComputeAdvantages();
            Optimize();
        }

        record.Step = Steps;
        record.Episodes = Episodes;
        return record;
    }

    /// <summary>Steps the envs for one rollout; false if the networks produced a non-finite action or value (the update then explodes).</summary>
    private bool Collect()
    {
        int n = config.NumEnvs;
        finishedCount = 0;
        for (int t = 0; t < config.RolloutSteps; t++)
        {
            int first = t * n;
            Observe(envs.Observations, buffer.Observations.AsSpan(first * observationSize, n * observationSize), update: true);
            tape.Reset();
            using (tape.NoGrad())
            {
                Tensor<T> x = Input(buffer.Observations.AsSpan(first * observationSize, n * observationSize), n);
                head.Act(
                    policyNetwork.Forward(x),
                    actionRandom,
                    envActions,
                    buffer.Actions.AsSpan(first * actionSize, n * actionSize),
                    buffer.LogProbs.AsSpan(first, n),
                    buffer.OldPolicy.AsSpan(first * head.OldPolicySize, n * head.OldPolicySize));
                Value(x, buffer.Values.AsSpan(first, n));
            }

            if ((NonFinite(envActions, "action", t, envs.ActionSize) ?? NonFinite(buffer.Values.AsSpan(first, n), "value estimate", t, 1)) is { } failure)
            {
                ExplodeInRollout(failure, buffer.Observations.AsSpan(first * observationSize, n * observationSize), n);
                return false;
            }

            envs.Step(envActions);
            Steps += n;
            ReadOnlySpan<double> rewards = envs.Rewards;
            envs.Terminated.CopyTo(buffer.Terminated.AsSpan(first, n));
            envs.Truncated.CopyTo(buffer.Truncated.AsSpan(first, n));
            if (rewardScaler is null)
            {
                rewards.CopyTo(buffer.Rewards.AsSpan(first, n));
            }
            else
            {
                rewardScaler.Scale(rewards, envs.Terminated, envs.Truncated, buffer.Rewards.AsSpan(first, n));
            }

            foreach (EpisodeRecord episode in envs.FinishedEpisodes)
            {
                finishedReturns[finishedCount++] = episode.Return;
                Episodes++;
            }

            if (!BootstrapTruncated(first))
            {
                return false;
            }
        }

        Observe(envs.Observations, normalized, update: false);
        tape.Reset();
        using (tape.NoGrad())
        {
            Value(Input(normalized, n), buffer.LastValues);
        }

        if (NonFinite(buffer.LastValues, "bootstrap value estimate", config.RolloutSteps, 1) is { } lastFailure)
        {
            ExplodeInRollout(lastFailure, normalized, n);
            return false;
        }

        return true;
    }

    /// <summary>"&lt;what&gt; = v (rollout step t, copy i)" for the first non-finite value, or null.</summary>
    private static string? NonFinite(ReadOnlySpan<double> values, string what, int step, int perCopy)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                return $"{what} = {values[k].ToString(System.Globalization.CultureInfo.InvariantCulture)} (rollout step {step + 1}, copy {(k / perCopy) + 1})";
            }
        }

        return null;
    }

    /// <summary>V(final observation) for the copies the time limit cut in this step (zero elsewhere); false if one is non-finite.</summary>
    private bool BootstrapTruncated(int first)
    {
        int n = config.NumEnvs;
        Span<double> finalValues = buffer.FinalValues.AsSpan(first, n);
        finalValues.Clear();
        if (valueNetwork is null || !envs.Truncated.Contains(true))
        {
            return true;
        }

        Observe(envs.FinalObservations, normalized, update: false);
        tape.Reset();
        using (tape.NoGrad())
        {
            Value(Input(normalized, n), finalValues);
        }

        for (int i = 0; i < n; i++)
        {
            if (!envs.Truncated[i])
            {
                finalValues[i] = 0;
            }
        }

        if (NonFinite(finalValues, "bootstrap value estimate", first / n, 1) is { } failure)
        {
            ExplodeInRollout(failure, normalized, n);
            return false;
        }

        return true;
    }

    private void Observe(ReadOnlySpan<double> raw, Span<double> destination, bool update)
    {
        if (observationNormalizer is null)
        {
            raw.CopyTo(destination);
        }
        else
        {
            observationNormalizer.Normalize(raw, destination, update);
        }
    }

    private Tensor<T> Input(ReadOnlySpan<double> rows, int count)
    {
        Span<T> values = ScratchBuffer.Take(ref observationScratch, count * observationSize);
        Conversions.Narrow(rows, values);
        return tape.Constant(Shape.Matrix(count, observationSize), values, "observation");
    }

    private void Value(Tensor<T> x, Span<double> destination)
    {
        if (valueNetwork is null)
        {
            destination.Clear();
            return;
        }

        Conversions.Widen(valueNetwork.Forward(x).Values, destination);
    }

    private void ComputeAdvantages()
    {
        GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<double>
            {
                Rewards = buffer.Rewards, Values = buffer.Values, LastValues = buffer.LastValues,
                Terminated = buffer.Terminated, Truncated = buffer.Truncated, FinalValues = buffer.FinalValues,
            },
            new GaeOptions(config.Gamma, config.GaeLambda), buffer.Advantages, buffer.Returns);

        double sum = 0;
        foreach (double advantage in buffer.Advantages)
        {
            sum += Math.Abs(advantage);
        }

        record.AdvAbsMean = sum / buffer.Count;
        if (finishedCount > 0)
        {
            double mean = 0;
            for (int i = 0; i < finishedCount; i++)
            {
                mean += finishedReturns[i];
            }

            mean /= finishedCount;
            double squares = 0;
            for (int i = 0; i < finishedCount; i++)
            {
                squares += (finishedReturns[i] - mean) * (finishedReturns[i] - mean);
            }

            record.ReturnMean = mean;
            record.ReturnStd = Math.Sqrt(squares / finishedCount);
        }
    }

    private void Optimize()
    {
        if (UsesNaturalStep)
        {
            OptimizeWithNaturalStep();
            return;
        }

        ratioStatistics.Clear();
        double ratioMax = double.NegativeInfinity;
        double gradNormMax = 0;
        optimizer.LearningRate = schedule.At(Updates - 1);
        for (int epoch = 0; epoch < config.Epochs && !Exploded; epoch++)
        {
            sampler.Shuffle(shuffleRandom);
            for (int k = 0; k < sampler.MinibatchCount; k++)
            {
                ReadOnlySpan<int> indices = sampler.Minibatch(k);
                (Tensor<T> loss, Tensor<T> logRatio, Tensor<T> ratio, double? valueLoss) = MinibatchLoss(indices);
                tape.ZeroGrad(); // parameters' gradients accumulate across backward calls until cleared
                tape.Backward(loss);

                int count = indices.Length;
                Span<double> logRatios = minibatchDoubles.AsSpan(0, count);
                Conversions.Widen(logRatio.Values, logRatios);
                ratioStatistics.Add(logRatios, advantageScratch.AsSpan(0, count), UsesRatioClip ? config.ClipEpsilon : null);
                foreach (T r in ratio.Values)
                {
                    ratioMax = double.Max(ratioMax, double.CreateTruncating(r));
                }

                record.ValueLoss = valueLoss;
                double lossValue = double.CreateTruncating(loss.Item());
                double gradNorm = ClipGradients(parameters);
                gradNormMax = double.IsFinite(gradNorm) ? Math.Max(gradNormMax, gradNorm) : gradNorm;
                string? failure = !double.IsFinite(lossValue) ? $"loss = {lossValue} (epoch {epoch + 1}, minibatch {k + 1})"
                    : !double.IsFinite(gradNorm) ? $"gradient {FirstNonFinite(gradients: true)} (epoch {epoch + 1}, minibatch {k + 1}, norm {gradNorm})"
                    : null;
                if (failure is null)
                {
                    if (config.GradClipValue is { } clip)
                    {
                        GradientClipping.ClipValue(parameters, clip);
                    }

                    optimizer.Step();
                    multipliers?.Project();
                    if (FirstNonFinite(gradients: false) is { } parameter)
                    {
                        failure = $"parameter {parameter} (epoch {epoch + 1}, minibatch {k + 1})";
                    }
                }

                if (failure is not null)
                {
                    Explode(failure, indices);
                    break;
                }
            }

            if (config.TargetKl is { } targetKl && ratioStatistics.ApproxKl > targetKl)
            {
                break;
            }
        }

        record.RatioLog10Max = ratioStatistics.Log10Max;
        record.RatioLog10MaxClipped = UsesRatioClip ? ratioStatistics.Log10MaxClipped : null;
        record.ClipFraction = UsesRatioClip ? ratioStatistics.ClipFraction : null;
        record.ApproxKl = ratioStatistics.ApproxKl;
        record.RatioMax = ratioMax;
        record.GradNorm = gradNormMax;
        if (!Exploded)
        {
            DescribeBatch();
        }

        if (multipliers is not null)
        {
            record.Eta = multipliers.EtaValue;
            record.Nu = multipliers.NuMeanValue;
        }

        if (config.Algo == AlgorithmKind.PpoKl)
        {
            record.Beta = klBeta;
            if (config.AdaptiveKl && double.IsFinite(record.KlMean))
            {
                // 003 / Schulman et al. 2017 section 4: halve beta when the KL undershoots target / 1.5, double it above target * 1.5.
                klBeta = record.KlMean < config.KlTarget / 1.5 ? klBeta / 2 : record.KlMean > config.KlTarget * 1.5 ? klBeta * 2 : klBeta;
            }
        }
    }

    private bool UsesRatioClip => config.Algo is AlgorithmKind.Ppo or AlgorithmKind.PpoM or AlgorithmKind.Cpg;

    private bool UsesNaturalStep => config.Algo is AlgorithmKind.Trpo or AlgorithmKind.Npg;

    /// <summary>Clips (when configured) the gradients of <paramref name="clipped"/> by their global norm; returns the norm before clipping.</summary>
    private double ClipGradients(IReadOnlyList<NamedParameter<T>> clipped)
        => config.MaxGradNorm is { } maxNorm ? GradientClipping.ClipNorm(clipped, maxNorm) : GradientClipping.TotalNorm(clipped);

    /// <summary>Records the minibatch's total loss; leaves its (normalised) advantages in <see cref="advantageScratch"/>.</summary>
    private (Tensor<T> Loss, Tensor<T> LogRatio, Tensor<T> Ratio, double? ValueLoss) MinibatchLoss(ReadOnlySpan<int> indices)
    {
        int count = indices.Length;
        tape.Reset();
        Tensor<T> x = MinibatchInput(indices);

        Span<double> actions = minibatchActions.AsSpan(0, count * actionSize);
        MinibatchSampler.Gather<double>(buffer.Actions, actionSize, indices, actions);
        PolicyEvaluation<T> evaluation = head.Evaluate(policyNetwork.Forward(x), actions);

        Tensor<T> logProbOld = Constant(buffer.LogProbs, indices, DistributionLabels.LogpOld);
        Tensor<T> logRatio = evaluation.LogProb.Subtract(logProbOld, "log_ratio");
        Tensor<T> ratio = ProbabilityRatio.Compute(evaluation.LogProb, logProbOld, config.RatioMode);

        Span<double> advantages = advantageScratch.AsSpan(0, count);
        MinibatchSampler.Gather<double>(buffer.Advantages, 1, indices, advantages);
        if (config.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(advantages);
        }

        Tensor<T> advantageTensor = Constant(advantages, "advantage");
        Tensor<T> policyLoss = config.Algo switch
        {
            AlgorithmKind.Ppo or AlgorithmKind.PpoM => SurrogateObjectives.Clipped(ratio, advantageTensor, config.ClipEpsilon),
            AlgorithmKind.PpoNoClip or AlgorithmKind.Trpo or AlgorithmKind.Npg => SurrogateObjectives.Unclipped(ratio, advantageTensor),
            AlgorithmKind.Vmpo => vmpoLoss!.Compute(head, evaluation, OldPolicy(indices), advantages),
            AlgorithmKind.PpoKl => SurrogateObjectives.KlPenalized(ratio, advantageTensor, head.Kl(evaluation, OldPolicy(indices)), klBeta),
            AlgorithmKind.Cpg => SurrogateObjectives.LogRatioClipped(logRatio, advantageTensor, config.ClipEpsilon),
            _ => SurrogateObjectives.Vanilla(evaluation.LogProb, advantageTensor),
        };

        Tensor<T> loss = policyLoss;
        if (config.EntropyCoefficient > 0)
        {
            loss = loss.Subtract(evaluation.Entropy.Mean().MultiplyScalar(T.CreateChecked(config.EntropyCoefficient)));
        }

        double? valueLossValue = null;
        if (valueNetwork is not null)
        {
            Tensor<T> valueLoss = ValueLossOf(x, indices);
            valueLossValue = double.CreateTruncating(valueLoss.Item());
            loss = loss.Add(valueLoss.MultiplyScalar(T.CreateChecked(config.ValueCoefficient)));
        }

        return (loss.Labeled("loss"), logRatio, ratio, valueLossValue);
    }

    /// <summary>The minibatch's observations as the networks' input [count, observation_size].</summary>
    private Tensor<T> MinibatchInput(ReadOnlySpan<int> indices)
    {
        Span<double> observations = ScratchBuffer.Take(ref observationRows, indices.Length * observationSize);
        MinibatchSampler.Gather<double>(buffer.Observations, observationSize, indices, observations);
        return Input(observations, indices.Length);
    }

    /// <summary>The value network's loss on the minibatch (clipped around the rollout's values when configured).</summary>
    private Tensor<T> ValueLossOf(Tensor<T> x, ReadOnlySpan<int> indices)
    {
        Tensor<T> values = valueNetwork!.Forward(x).Reshape(Shape.Vector(indices.Length), "value");
        Tensor<T> returns = Constant(buffer.Returns, indices, "return");
        return config.ClipValueLoss
            ? ValueLoss.Clipped(values, Constant(buffer.Values, indices, "value_old"), returns, config.ClipEpsilon)
            : ValueLoss.Squared(values, returns);
    }

    private ReadOnlySpan<double> OldPolicy(ReadOnlySpan<int> indices)
    {
        Span<double> rows = minibatchOldPolicy.AsSpan(0, indices.Length * head.OldPolicySize);
        MinibatchSampler.Gather<double>(buffer.OldPolicy, head.OldPolicySize, indices, rows);
        return rows;
    }

    private Tensor<T> Constant(double[] source, ReadOnlySpan<int> indices, string label)
    {
        Span<double> gathered = minibatchDoubles.AsSpan(0, indices.Length);
        MinibatchSampler.Gather<double>(source, 1, indices, gathered);
        return Constant(gathered, label);
    }

    private Tensor<T> Constant(ReadOnlySpan<double> values, string label)
    {
        Span<T> converted = ScratchBuffer.Take(ref vectorScratch, values.Length);
        Conversions.Narrow(values, converted);
        return tape.Constant(Shape.Vector(values.Length), converted, label);
    }

    /// <summary>After the update: analytic KL(old || new) mean and max, entropy, the head's diagnostics and explained variance over the whole batch.</summary>
    private void DescribeBatch()
    {
        int count = buffer.Count;
        tape.Reset();
        using (tape.NoGrad())
        {
            Tensor<T> x = Input(buffer.Observations, count);
            PolicyEvaluation<T> evaluation = head.Evaluate(policyNetwork.Forward(x), buffer.Actions);
            Tensor<T> kl = head.Kl(evaluation, buffer.OldPolicy);
            double klSum = 0;
            double klMax = double.NegativeInfinity;
            foreach (T value in kl.Values)
            {
                double v = double.CreateTruncating(value);
                klSum += v;
                klMax = double.Max(klMax, v);
            }

            record.KlMean = klSum / count;
            record.KlMax = klMax;
            record.Entropy = double.CreateTruncating(evaluation.Entropy.Mean().Item());
            head.Describe(evaluation, record);
        }

        if (valueNetwork is not null)
        {
            record.ExplainedVariance = ExplainedVariance(buffer.Values, buffer.Returns);
        }
    }

    /// <summary>1 - Var[returns - values] / Var[returns] (NaN when the returns do not vary).</summary>
    private static double ExplainedVariance(ReadOnlySpan<double> values, ReadOnlySpan<double> returns)
    {
        double meanReturn = 0, meanResidual = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            meanReturn += returns[i];
            meanResidual += returns[i] - values[i];
        }

        meanReturn /= returns.Length;
        meanResidual /= returns.Length;
        double varReturn = 0, varResidual = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            varReturn += (returns[i] - meanReturn) * (returns[i] - meanReturn);
            double residual = returns[i] - values[i] - meanResidual;
            varResidual += residual * residual;
        }

        return varReturn == 0 ? double.NaN : 1 - (varResidual / varReturn);
    }

    /// <summary>The name of the first parameter whose gradient (or value) holds a non-finite number, or null.</summary>
    private string? FirstNonFinite(bool gradients)
    {
        foreach (NamedParameter<T> parameter in parameters)
        {
            ReadOnlySpan<T> values = gradients ? tape.AccumulatedGradient(parameter.Tensor).Values : parameter.Tensor.Values;
            foreach (T value in values)
            {
                if (!T.IsFinite(value))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }

    /// <summary>Marks the update exploded during the rollout and replays the networks' forward pass on <paramref name="observations"/> under the numerics monitor.</summary>
    private void ExplodeInRollout(string failure, ReadOnlySpan<double> observations, int count)
    {
        NumericsMonitor<T> monitor = StartExplosionReplay(failure);
        tape.Reset();
        try
        {
            using (tape.NoGrad())
            {
                Tensor<T> x = Input(observations, count);
                head.ActDeterministic(policyNetwork.Forward(x), envActions);
                valueNetwork?.Forward(x);
            }
        }
        finally
        {
            FinishExplosionReplay(monitor);
        }
    }

    /// <summary>Marks the update exploded and replays the minibatch (parameters unchanged for loss and gradient failures) under the numerics monitor.</summary>
    private void Explode(string failure, ReadOnlySpan<int> indices)
    {
        NumericsMonitor<T> monitor = StartExplosionReplay(failure);
        try
        {
            (Tensor<T> loss, _, _, _) = MinibatchLoss(indices);
            tape.ZeroGrad();
            tape.Backward(loss);
        }
        finally
        {
            FinishExplosionReplay(monitor);
        }
    }

    /// <summary>Records the failure and attaches a fresh anomaly-detecting monitor for the replay that names the op.</summary>
    private NumericsMonitor<T> StartExplosionReplay(string failure)
    {
        Exploded = true;
        record.Exploded = true;
        record.ExplodedAt = failure;
        var monitor = new NumericsMonitor<T>(detectAnomalies: true, trackHeadroom: false);
        tape.Monitor = monitor;
        return monitor;
    }

    private void FinishExplosionReplay(NumericsMonitor<T> monitor)
    {
        tape.Monitor = null;
        ExplosionReport = monitor.FirstAnomaly;
    }
}
