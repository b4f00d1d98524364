using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>Parameters on a tape whose accumulated gradients the tests choose exactly.</summary>
internal static class GradientFixture
{
    /// <summary>One tape parameter per entry, named as given.</summary>
    public static NamedParameter<T>[] Parameters<T>(Tape<T> tape, params (string Name, double[] Values)[] parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => parameters.Select(p => new NamedParameter<T>(p.Name, tape.Parameter(Shape.Vector(p.Values.Length), Narrow<T>(p.Values), p.Name))).ToArray();

    /// <summary>
    /// Makes each parameter's accumulated gradient exactly <paramref name="gradients"/>[i]: resets the tape, zeroes the
    /// gradients and back-propagates the linear loss sum_i sum(p_i * g_i), whose gradient is g_i.
    /// </summary>
    public static void SetGradients<T>(IReadOnlyList<NamedParameter<T>> parameters, params double[][] gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tape<T> tape = parameters[0].Tensor.Tape;
        tape.Reset();
        tape.ZeroGrad();
        Tensor<T> loss = tape.Scalar(T.Zero);
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor<T> p = parameters[i].Tensor;
            loss = loss.Add(p.Multiply(tape.Constant(p.Shape, Narrow<T>(gradients[i]))).Sum());
        }

        tape.Backward(loss);
    }

    /// <summary>The parameter's values widened to double.</summary>
    public static double[] Values<T>(NamedParameter<T> parameter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => parameter.Tensor.ToArray().Select(v => double.CreateTruncating(v)).ToArray();

    /// <summary>The parameter's accumulated gradient widened to double.</summary>
    public static double[] Gradient<T>(NamedParameter<T> parameter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => parameter.Tensor.Tape.AccumulatedGradient(parameter.Tensor).ToArray().Select(v => double.CreateTruncating(v)).ToArray();

    public static T[] Narrow<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Select(v => T.CreateTruncating(v)).ToArray();
}
