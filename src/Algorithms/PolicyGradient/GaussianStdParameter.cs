using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>The state-independent std parameter of the Gaussian heads: "log_std" or "std_rho", one per action coordinate.</summary>
internal static class GaussianStdParameter
{
    /// <summary>A parameter of <paramref name="m"/> values, each <paramref name="initialValue"/> (the parameter that gives the initial sigma).</summary>
    public static NamedParameter<T> Create<T>(Tape<T> tape, int m, double initialValue, StdParameterization std)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var initial = new T[m];
        Array.Fill(initial, T.CreateChecked(initialValue));
        return Create(tape, initial, std);
    }

    /// <summary>A parameter with one initial value per action coordinate.</summary>
    public static NamedParameter<T> Create<T>(Tape<T> tape, ReadOnlySpan<T> initial, StdParameterization std)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int m = initial.Length;
        string name = std == StdParameterization.LogStd ? "log_std" : "std_rho";
        return new NamedParameter<T>(name, tape.Parameter(Shape.Vector(m), initial, name));
    }
}
