using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Kernel.Envs.Control;

namespace Kernel.Algorithms.Mollification;

/// <summary>
/// Builds a <see cref="Controller{T}"/> of a form and an initialisation for an env, refusing combinations that do not
/// fit with one line naming the setting, the value and what is allowed.
/// </summary>
public static class ControllerFactory
{
    /// <summary>
    /// A controller for an env with <paramref name="stateDimension"/> observation and <paramref name="actionDimension"/>
    /// action coordinates. <paramref name="random"/> is drawn from only for <see cref="ControllerInit.Random"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">init (or controller) does not fit the env; the message is one line.</exception>
    public static Controller<T> Create<T>(ControllerForm form, ControllerInit init, string envId, int stateDimension, int actionDimension, int hiddenWidth, KernelRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(envId);
        ArgumentNullException.ThrowIfNull(random);
        string allowed = envId == DoublePendulum.EnvId ? "k0 or random" : envId == PlanarQuadrotor.EnvId ? "lqr or random" : "random";
        switch (init)
        {
            case ControllerInit.K0:
                SettingCheck.Require(envId == DoublePendulum.EnvId, "init", "k0", $"{allowed} for {envId} (k0 is {DoublePendulum.EnvId}'s gain)");
                SettingCheck.Require(form != ControllerForm.Mlp, "controller", "mlp", "linear or affine with init = k0");
                return LinearFeedbackController<T>.FromGain(DoublePendulum.K0, form == ControllerForm.Affine ? new double[2] : null);
            case ControllerInit.Lqr:
                SettingCheck.Require(envId == PlanarQuadrotor.EnvId, "init", "lqr", $"{allowed} for {envId} (lqr is {PlanarQuadrotor.EnvId}'s optimum)");
                SettingCheck.Require(form == ControllerForm.Affine, "controller", form.ToString().ToLowerInvariant(), "affine with init = lqr (u0 = -K0 s + b0)");
                return LinearFeedbackController<T>.FromGain(PlanarQuadrotor.K0, PlanarQuadrotor.B0);
            default:
                return RandomController<T>(form, stateDimension, actionDimension, hiddenWidth, random);
        }
    }

    private static Controller<T> RandomController<T>(ControllerForm form, int stateDimension, int actionDimension, int hiddenWidth, KernelRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (form == ControllerForm.Mlp)
        {
            var network = new TanhMlpController<T>(stateDimension, hiddenWidth, actionDimension);
            Span<T> theta = network.Parameters;
            Fill(theta[..network.SecondLayerOffset], TorchDefaultInit.WeightBound(stateDimension), random);
            Fill(theta[network.SecondLayerOffset..], TorchDefaultInit.WeightBound(hiddenWidth), random);
            return network;
        }

        var linear = new LinearFeedbackController<T>(stateDimension, actionDimension, form == ControllerForm.Affine);
        Fill(linear.Parameters[..(stateDimension * actionDimension)], TorchDefaultInit.WeightBound(stateDimension), random);
        return linear;
    }

    private static void Fill<T>(Span<T> values, double bound, KernelRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(random.Uniform(-bound, bound));
        }
    }
}
