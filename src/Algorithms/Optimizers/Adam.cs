using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
            var k = new Coefficients(adam, negativeStepSize, biasCorrection2Sqrt);
            int j = 0;
            if (typeof(T) == typeof(TState) && Vector.IsHardwareAccelerated)
            {
                j = Vectorized(MemoryMarshal.Cast<T, TState>(parameter), MemoryMarshal.Cast<T, TState>(gradient), m, v, k);
            }
            else if (typeof(T) == typeof(Half) && typeof(TState) == typeof(float) && Vector.IsHardwareAccelerated)
            {
                j = WidenedVectorized(MemoryMarshal.Cast<T, Half>(parameter), MemoryMarshal.Cast<T, Half>(gradient), m, v, k);
            }

            for (; j < parameter.Length; j++)
            {
                TState p = TState.CreateTruncating(parameter[j]);
                TState g = TState.CreateTruncating(gradient[j]);
                if (k.Decay)
                {
                    g += k.WeightDecay * p;
                }

                // torch.lerp: the two forms keep the result exact at the end the weight is close to.
                m[j] = k.SmallWeight ? m[j] + (k.LerpWeight * (g - m[j])) : g - ((g - m[j]) * k.LerpComplement);
                v[j] *= k.Beta2;
                v[j] += k.OneMinusBeta2 * g * g;
                TState denominator = (TState.Sqrt(v[j]) / k.Correction) + k.Epsilon;
                parameter[j] = T.CreateTruncating(p + (k.Scale * m[j] / denominator));
            }
        }

        /// <summary>One step's scalars in the state precision, each rounded once from double (see the class).</summary>
        private readonly struct Coefficients(Adam<T> adam, double negativeStepSize, double biasCorrection2Sqrt)
        {
            public readonly bool Decay = adam.WeightDecay != 0;
            public readonly TState WeightDecay = TState.CreateTruncating(adam.WeightDecay);
            public readonly TState LerpWeight = TState.CreateTruncating(1 - adam.Beta1);
            public readonly TState LerpComplement = TState.One - TState.CreateTruncating(1 - adam.Beta1);
            public readonly bool SmallWeight = TState.Abs(TState.CreateTruncating(1 - adam.Beta1)) < TState.CreateTruncating(0.5);
            public readonly TState Beta2 = TState.CreateTruncating(adam.Beta2);
            public readonly TState OneMinusBeta2 = TState.CreateTruncating(1 - adam.Beta2);
            public readonly TState Correction = TState.CreateTruncating(biasCorrection2Sqrt);
            public readonly TState Epsilon = TState.CreateTruncating(adam.Epsilon);
            public readonly TState Scale = TState.CreateTruncating(negativeStepSize);
        }

        /// <summary>
        /// fp16 parameters with fp32 moments: chunks of the parameter and the gradient widened to fp32 (exactly), updated
        /// by <see cref="Vectorized"/>, and the parameter narrowed back to fp16 once, as the scalar loop rounds it; so the
        /// bits are the scalar loop's. Returns the elements done (whole vectors).
        /// </summary>
        private static int WidenedVectorized(
            Span<Half> parameter,
            ReadOnlySpan<Half> gradient,
            Span<TState> m,
            Span<TState> v,
            in Coefficients k)
        {
            const int chunk = 256;
            Span<float> wideParameter = stackalloc float[chunk];
            Span<float> wideGradient = stackalloc float[chunk];
            int whole = parameter.Length - (parameter.Length % Vector<TState>.Count);
            for (int start = 0; start < whole; start += chunk)
            {
                int length = Math.Min(chunk, whole - start);
                Span<float> p = wideParameter[..length];
                TensorPrimitives.ConvertToSingle(parameter.Slice(start, length), p);
                TensorPrimitives.ConvertToSingle(gradient.Slice(start, length), wideGradient[..length]);
                Vectorized(MemoryMarshal.Cast<float, TState>(p), MemoryMarshal.Cast<float, TState>(wideGradient[..length]), m.Slice(start, length), v.Slice(start, length), k);
                TensorPrimitives.ConvertToHalf(p, parameter.Slice(start, length));
            }

            return whole;
        }

        /// <summary>
        /// The scalar loop's update on whole SIMD vectors, one pass over the four arrays, the same IEEE operations in
        /// the same order lane by lane (no fused multiply-add), so the result is bitwise the scalar loop's; returns
        /// the elements done.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Vectorized(
            Span<TState> parameter,
            ReadOnlySpan<TState> gradient,
            Span<TState> m,
            Span<TState> v,
            in Coefficients k)
        {
            int lanes = Vector<TState>.Count;
            int whole = parameter.Length - (parameter.Length % lanes);
            ref TState ps = ref MemoryMarshal.GetReference(parameter);
            ref TState gs = ref MemoryMarshal.GetReference(gradient);
            ref TState ms = ref MemoryMarshal.GetReference(m);
            ref TState vs = ref MemoryMarshal.GetReference(v);
            var decayV = new Vector<TState>(k.WeightDecay);
            var lerpWeightV = new Vector<TState>(k.LerpWeight);
            var lerpComplementV = new Vector<TState>(k.LerpComplement);
            var beta2V = new Vector<TState>(k.Beta2);
            var oneMinusBeta2V = new Vector<TState>(k.OneMinusBeta2);
            var correctionV = new Vector<TState>(k.Correction);
            var epsilonV = new Vector<TState>(k.Epsilon);
            var scaleV = new Vector<TState>(k.Scale);
            for (int j = 0; j < whole; j += lanes)
            {
                nuint at = (nuint)j;
                Vector<TState> p = Vector.LoadUnsafe(ref ps, at);
                Vector<TState> g = Vector.LoadUnsafe(ref gs, at);
                if (k.Decay)
                {
                    g += decayV * p;
                }

                Vector<TState> first = Vector.LoadUnsafe(ref ms, at);
                first = k.SmallWeight ? first + (lerpWeightV * (g - first)) : g - ((g - first) * lerpComplementV);
                Vector<TState> second = Vector.LoadUnsafe(ref vs, at) * beta2V;
                second += oneMinusBeta2V * g * g;
                Vector<TState> denominator = (Vector.SquareRoot(second) / correctionV) + epsilonV;
                first.StoreUnsafe(ref ms, at);
                second.StoreUnsafe(ref vs, at);
                (p + (scaleV * first / denominator)).StoreUnsafe(ref ps, at);
            }

            return whole;
        }
    }
}
