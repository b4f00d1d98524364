using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2014) with the update of <c>torch.optim.Adam</c> in its single-tensor form (foreach=False),
/// operation for operation, per element in the state precision (see <see cref="Optimizer{T}"/>):
/// <code>
/// g  = grad + weight_decay * p                       (only when weight_decay != 0: L2 added to the gradient)
/// m  = lerp(m, g, 1 - beta1)                         (m + w (g - m) for |w| &lt; 0.5, else g - (g - m)(1 - w))
/// v  = v * beta2;  v = v + ((1 - beta2) * g) * g
/// bias_correction1 = 1 - beta1^t,  bias_correction2 = 1 - beta2^t          (t = step, in double)
/// step_size = lr / bias_correction1,  bias_correction2_sqrt = sqrt(bias_correction2)
/// denom = sqrt(v) / bias_correction2_sqrt + eps
/// p  = p + (-step_size * m) / denom                  (addcdiv)
/// </code>
/// Scalars are computed in double and rounded to the state precision once, as PyTorch passes Python floats to its
/// kernels. NOTE: PyTorch's vectorised CPU kernels fuse some of these multiply-adds (lerp, add with alpha) into FMAs
/// on long tensors; this follows the unfused scalar kernels, so the last bit can differ from PyTorch there.
/// Thread-safety: see <see cref="Optimizer{T}"/>.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Moments moments;

    /// <summary>Creates the optimiser with PyTorch's defaults unless told otherwise.</summary>
    /// <param name="parameters">Tape parameters with distinct names.</param>
    /// <param name="learningRate">lr, finite and &gt;= 0.</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">eps, added after the square root; finite and &gt; 0.</param>
    /// <param name="weightDecay">L2 coefficient added to the gradient (not decoupled as in AdamW); finite and &gt;= 0.</param>
    public Adam(IReadOnlyList<NamedParameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        Hyperparameters.CheckBeta(beta1, nameof(beta1));
        Hyperparameters.CheckBeta(beta2, nameof(beta2));
        Hyperparameters.CheckPositive(epsilon, nameof(epsilon));
        Hyperparameters.CheckNonNegative(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        moments = typeof(T) == typeof(Half)
            ? new Moments<float>(ParameterNames(), ParameterLengths())
            : new Moments<T>(ParameterNames(), ParameterLengths());
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the bias-corrected square root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>L2 coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public override string Kind => "adam";

    private protected override void Update(long step)
    {
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, step);
        double stepSize = LearningRate / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        for (int i = 0; i < Count; i++)
        {
            moments.Update(this, i, -stepSize, biasCorrection2Sqrt);
        }
    }

    // Both moments are part of the state at every step count, 0 included (zero before the first step).
    private protected override IReadOnlyList<IStateBuffers> BuffersAt(long stepCount) => moments.All;

    /// <summary>The two moment buffers in some state precision.</summary>
    private abstract class Moments
    {
        public abstract IReadOnlyList<IStateBuffers> All { get; }

        public abstract void Update(Adam<T> adam, int index, double negativeStepSize, double biasCorrection2Sqrt);
    }

    /// <summary>Moments kept in <typeparamref name="TState"/>; every element is computed in it.</summary>
    private sealed class Moments<TState> : Moments
        where TState : unmanaged, IBinaryFloatingPointIeee754<TState>
    {
        private readonly StateBuffers<TState> first;
        private readonly StateBuffers<TState> second;

        public Moments(string[] names, int[] lengths)
        {
            first = new StateBuffers<TState>(names, lengths, "exp_avg");
            second = new StateBuffers<TState>(names, lengths, "exp_avg_sq");
            All = [first, second];
        }

        public override IReadOnlyList<IStateBuffers> All { get; }

        public override void Update(Adam<T> adam, int index, double negativeStepSize, double biasCorrection2Sqrt)
        {
            Span<T> parameter = adam.ValuesOf(index);
            ReadOnlySpan<T> gradient = adam.GradientOf(index);
            Span<TState> m = first[index];
            Span<TState> v = second[index];
            TState weightDecay = TState.CreateTruncating(adam.WeightDecay);
            bool decay = adam.WeightDecay != 0;
            TState lerpWeight = TState.CreateTruncating(1 - adam.Beta1);
            TState lerpComplement = TState.One - lerpWeight;
            bool smallWeight = TState.Abs(lerpWeight) < TState.CreateTruncating(0.5);
            TState beta2 = TState.CreateTruncating(adam.Beta2);
            TState oneMinusBeta2 = TState.CreateTruncating(1 - adam.Beta2);
            TState correction = TState.CreateTruncating(biasCorrection2Sqrt);
            TState epsilon = TState.CreateTruncating(adam.Epsilon);
            TState scale = TState.CreateTruncating(negativeStepSize);
            for (int j = 0; j < parameter.Length; j++)
            {
                TState p = TState.CreateTruncating(parameter[j]);
                TState g = TState.CreateTruncating(gradient[j]);
                if (decay)
                {
                    g += weightDecay * p;
                }

                // torch.lerp: the two forms keep the result exact at the end the weight is close to.
                m[j] = smallWeight ? m[j] + (lerpWeight * (g - m[j])) : g - ((g - m[j]) * lerpComplement);
                v[j] *= beta2;
                v[j] += oneMinusBeta2 * g * g;
                TState denominator = (TState.Sqrt(v[j]) / correction) + epsilon;
                parameter[j] = T.CreateTruncating(p + (scale * m[j] / denominator));
            }
        }
    }
}
