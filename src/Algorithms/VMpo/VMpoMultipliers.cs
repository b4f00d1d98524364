using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.VMpo;

/// <summary>
/// V-MPO's Lagrange multipliers as tape parameters trained with the networks: the temperature eta and the KL
/// multipliers nu_mu (mean) and nu_sigma (std). Multipliers must stay positive; <see cref="Project"/> puts each back to
/// its minimum after every optimiser step (004 section 4.5). Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class VMpoMultipliers<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly VMpoOptions options;

    /// <summary>Creates the three parameters on <paramref name="tape"/> at their initial values.</summary>
    public VMpoMultipliers(Tape<T> tape, VMpoOptions options)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        Eta = new NamedParameter<T>("vmpo.eta", tape.Parameter(Shape.Scalar, [T.CreateChecked(options.EtaInit)], "eta"));
        NuMean = new NamedParameter<T>("vmpo.nu_mean", tape.Parameter(Shape.Scalar, [T.CreateChecked(options.NuMeanInit)], "nu_mean"));
        NuStd = new NamedParameter<T>("vmpo.nu_std", tape.Parameter(Shape.Scalar, [T.CreateChecked(options.NuStdInit)], "nu_std"));
        Parameters = [Eta, NuMean, NuStd];
    }

    /// <summary>The temperature eta.</summary>
    public NamedParameter<T> Eta { get; }

    /// <summary>nu_mu, the mean KL's multiplier (the only one a categorical policy uses).</summary>
    public NamedParameter<T> NuMean { get; }

    /// <summary>nu_sigma, the std KL's multiplier.</summary>
    public NamedParameter<T> NuStd { get; }

    /// <summary>eta, nu_mu, nu_sigma.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>The settings.</summary>
    public VMpoOptions Options => options;

    /// <summary>eta in fp64.</summary>
    public double EtaValue => double.CreateTruncating(Eta.Tensor.Values[0]);

    /// <summary>nu_mu in fp64.</summary>
    public double NuMeanValue => double.CreateTruncating(NuMean.Tensor.Values[0]);

    /// <summary>nu_sigma in fp64.</summary>
    public double NuStdValue => double.CreateTruncating(NuStd.Tensor.Values[0]);

    /// <summary>Sets each multiplier below its minimum (or NaN) to the minimum.</summary>
    public void Project()
    {
        Clamp(Eta, options.EtaMin);
        Clamp(NuMean, options.NuMin);
        Clamp(NuStd, options.NuMin);
    }

    private static void Clamp(NamedParameter<T> parameter, double minimum)
    {
        T floor = T.CreateChecked(minimum);
        if (!(parameter.Tensor.Values[0] >= floor))
        {
            parameter.Tensor.SetValues([floor]); // SetValues rather than LeafValues: the tape may live on a device
        }
    }
}
