using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// Stochastic gradient descent with the update of <c>torch.optim.SGD</c> (single-tensor form), per element in the state
/// precision (see <see cref="Optimizer{T}"/>):
/// <code>
/// g = grad + weight_decay * p                        (only when weight_decay != 0)
/// if momentum != 0:
///     buf = g on the first step, else buf = buf * momentum + (1 - dampening) * g
///     g = g + momentum * buf if nesterov, else buf
/// p = p + (-lr) * g
/// </code>
/// Thread-safety: see <see cref="Optimizer{T}"/>.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Buffers? buffers;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Tape parameters with distinct names.</param>
    /// <param name="learningRate">lr, finite and &gt;= 0.</param>
    /// <param name="momentum">Momentum factor, finite and &gt;= 0 (0: plain SGD, no buffers).</param>
    /// <param name="dampening">Dampening of the momentum, finite and &gt;= 0.</param>
    /// <param name="nesterov">Nesterov momentum; needs momentum &gt; 0 and dampening 0.</param>
    /// <param name="weightDecay">L2 coefficient added to the gradient, finite and &gt;= 0.</param>
    public Sgd(IReadOnlyList<NamedParameter<T>> parameters, double learningRate, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        Hyperparameters.CheckNonNegative(momentum, nameof(momentum));
        Hyperparameters.CheckNonNegative(dampening, nameof(dampening));
        Hyperparameters.CheckNonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException($"nesterov needs momentum > 0 and dampening = 0; got momentum {momentum}, dampening {dampening}.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        if (momentum != 0)
        {
            buffers = typeof(T) == typeof(Half)
                ? new Buffers<float>(ParameterNames(), ParameterLengths())
                : new Buffers<T>(ParameterNames(), ParameterLengths());
        }
    }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <summary>L2 coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public override string Kind => "sgd";

    private protected override void Update(long step)
    {
        for (int i = 0; i < Count; i++)
        {
            if (buffers is null)
            {
                Plain(i);
            }
            else
            {
                buffers.Update(this, i, firstStep: step == 1);
            }
        }
    }

    // The momentum buffer exists (PyTorch: is not None) once a step has been taken.
    private protected override IReadOnlyList<IStateBuffers> BuffersAt(long stepCount) => buffers is not null && stepCount > 0 ? buffers.All : [];

    /// <summary>p + (-lr) * (grad + weight_decay * p), without state, in fp32 for fp16 parameters.</summary>
    private void Plain(int index)
    {
        if (typeof(T) == typeof(Half))
        {
            PlainIn<float>(index);
        }
        else
        {
            PlainIn<T>(index);
        }
    }

    private void PlainIn<TState>(int index)
        where TState : unmanaged, IBinaryFloatingPointIeee754<TState>
    {
        Span<T> parameter = ValuesOf(index);
        ReadOnlySpan<T> gradient = GradientOf(index);
        TState weightDecay = TState.CreateTruncating(WeightDecay);
        TState scale = TState.CreateTruncating(-LearningRate);
        int j = 0;
        if (typeof(T) == typeof(TState) && Vector.IsHardwareAccelerated)
        {
            j = PlainVectorized(MemoryMarshal.Cast<T, TState>(parameter), MemoryMarshal.Cast<T, TState>(gradient), WeightDecay != 0, weightDecay, scale);
        }

        for (; j < parameter.Length; j++)
        {
            TState p = TState.CreateTruncating(parameter[j]);
            TState g = TState.CreateTruncating(gradient[j]);
            if (WeightDecay != 0)
            {
                g += weightDecay * p;
            }

            parameter[j] = T.CreateTruncating(p + (scale * g));
        }
    }

    /// <summary>
    /// <see cref="PlainIn{TState}"/>'s update on whole SIMD vectors, the same IEEE operations lane by lane (no fused
    /// multiply-add), so bitwise the scalar loop's; returns the elements done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PlainVectorized<TState>(Span<TState> parameter, ReadOnlySpan<TState> gradient, bool decay, TState weightDecay, TState scale)
        where TState : unmanaged, IBinaryFloatingPointIeee754<TState>
    {
        int lanes = Vector<TState>.Count;
        int whole = parameter.Length - (parameter.Length % lanes);
        ref TState ps = ref MemoryMarshal.GetReference(parameter);
        ref TState gs = ref MemoryMarshal.GetReference(gradient);
        var decayV = new Vector<TState>(weightDecay);
        var scaleV = new Vector<TState>(scale);
        for (int j = 0; j < whole; j += lanes)
        {
            Vector<TState> p = Vector.LoadUnsafe(ref ps, (nuint)j);
            Vector<TState> g = Vector.LoadUnsafe(ref gs, (nuint)j);
            if (decay)
            {
                g += decayV * p;
            }

            (p + (scaleV * g)).StoreUnsafe(ref ps, (nuint)j);
        }

        return whole;
    }

    /// <summary>Momentum buffers in some state precision.</summary>
    private abstract class Buffers
    {
        public abstract IReadOnlyList<IStateBuffers> All { get; }

        public abstract void Update(Sgd<T> sgd, int index, bool firstStep);
    }

    private sealed class Buffers<TState> : Buffers
        where TState : unmanaged, IBinaryFloatingPointIeee754<TState>
    {
        private readonly StateBuffers<TState> momentum;

        public Buffers(string[] names, int[] lengths)
        {
            momentum = new StateBuffers<TState>(names, lengths, "momentum_buffer");
            All = [momentum];
        }

        public override IReadOnlyList<IStateBuffers> All { get; }

        public override void Update(Sgd<T> sgd, int index, bool firstStep)
        {
            Span<T> parameter = sgd.ValuesOf(index);
            ReadOnlySpan<T> gradient = sgd.GradientOf(index);
            Span<TState> buffer = momentum[index];
            TState weightDecay = TState.CreateTruncating(sgd.WeightDecay);
            TState mu = TState.CreateTruncating(sgd.Momentum);
            TState undamped = TState.CreateTruncating(1 - sgd.Dampening);
            TState scale = TState.CreateTruncating(-sgd.LearningRate);
            int j = 0;
            if (typeof(T) == typeof(TState) && Vector.IsHardwareAccelerated)
            {
                j = Vectorized(MemoryMarshal.Cast<T, TState>(parameter), MemoryMarshal.Cast<T, TState>(gradient), buffer, sgd.WeightDecay != 0, weightDecay, mu, undamped, scale, firstStep, sgd.Nesterov);
            }

            for (; j < parameter.Length; j++)
            {
                TState p = TState.CreateTruncating(parameter[j]);
                TState g = TState.CreateTruncating(gradient[j]);
                if (sgd.WeightDecay != 0)
                {
                    g += weightDecay * p;
                }

                // PyTorch clones the first gradient into the buffer, without dampening.
                buffer[j] = firstStep ? g : (buffer[j] * mu) + (undamped * g);
                g = sgd.Nesterov ? g + (mu * buffer[j]) : buffer[j];
                parameter[j] = T.CreateTruncating(p + (scale * g));
            }
        }

        /// <summary>
        /// The scalar loop's update on whole SIMD vectors, one pass over the three arrays, the same IEEE operations
        /// lane by lane (no fused multiply-add), so bitwise the scalar loop's; returns the elements done.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Vectorized(
            Span<TState> parameter,
            ReadOnlySpan<TState> gradient,
            Span<TState> buffer,
            bool decay,
            TState weightDecay,
            TState mu,
            TState undamped,
            TState scale,
            bool firstStep,
            bool nesterov)
        {
            int lanes = Vector<TState>.Count;
            int whole = parameter.Length - (parameter.Length % lanes);
            ref TState ps = ref MemoryMarshal.GetReference(parameter);
            ref TState gs = ref MemoryMarshal.GetReference(gradient);
            ref TState bs = ref MemoryMarshal.GetReference(buffer);
            var decayV = new Vector<TState>(weightDecay);
            var muV = new Vector<TState>(mu);
            var undampedV = new Vector<TState>(undamped);
            var scaleV = new Vector<TState>(scale);
            for (int j = 0; j < whole; j += lanes)
            {
                nuint at = (nuint)j;
                Vector<TState> p = Vector.LoadUnsafe(ref ps, at);
                Vector<TState> g = Vector.LoadUnsafe(ref gs, at);
                if (decay)
                {
                    g += decayV * p;
                }

                Vector<TState> b = firstStep ? g : (Vector.LoadUnsafe(ref bs, at) * muV) + (undampedV * g);
                b.StoreUnsafe(ref bs, at);
                g = nesterov ? g + (muV * b) : b;
                (p + (scaleV * g)).StoreUnsafe(ref ps, at);
            }

            return whole;
        }
    }
}
