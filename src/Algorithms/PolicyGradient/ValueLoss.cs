namespace Kernel.Algorithms.PolicyGradient;

/// <summary>The value-function losses of the PPO implementations (seed 001 section 3, "value function loss clipping").</summary>
public static class ValueLoss
{
    /// <summary>0.5 mean((V - R)^2), R the returns (GAE value targets) as a constant.</summary>
    public static Tensor<T> Squared<T>(Tensor<T> values, Tensor<T> returns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Subtract(returns).Square().Mean().MultiplyScalar(T.CreateChecked(0.5), "value_loss");

    /// <summary>
    /// The clipped value loss: 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -eps, eps) - R)^2)), V_old the
    /// values recorded during the rollout (constants).
    /// </summary>
    public static Tensor<T> Clipped<T>(Tensor<T> values, Tensor<T> oldValues, Tensor<T> returns, double epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the value clip epsilon must be finite and > 0.");
        }

        Tensor<T> unclipped = values.Subtract(returns).Square();
        Tensor<T> step = values.Subtract(oldValues).Clamp(T.CreateChecked(-epsilon), T.CreateChecked(epsilon));
        Tensor<T> clipped = oldValues.Add(step).Subtract(returns).Square();
        return unclipped.Maximum(clipped).Mean().MultiplyScalar(T.CreateChecked(0.5), "value_loss");
    }
}
