namespace Kernel.Algorithms.Advantages;

/// <summary>The two settings of generalised advantage estimation. An immutable value.</summary>
/// <param name="Gamma">Discount in [0, 1].</param>
/// <param name="Lambda">GAE's lambda in [0, 1]: 0 gives the one-step TD error, 1 the discounted return minus V.</param>
public sealed record GaeOptions(double Gamma = 0.99, double Lambda = 0.95)
{
    /// <summary>Throws, naming the setting, unless both lie in [0, 1].</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1))
        {
            throw new ArgumentOutOfRangeException("gamma", Gamma, "gamma must lie in [0, 1].");
        }

        if (!(Lambda >= 0 && Lambda <= 1))
        {
            throw new ArgumentOutOfRangeException("lambda", Lambda, "lambda must lie in [0, 1].");
        }
    }
}
