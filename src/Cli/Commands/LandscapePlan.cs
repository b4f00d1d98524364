using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Landscapes;
using Kernel.Algorithms.Mollification;
using Kernel.Envs;

namespace Kernel.Cli.Commands;

/// <summary>The raw options of <c>kernel landscape</c>.</summary>
internal sealed record LandscapeRequest(
    string Mode, string? Env, IReadOnlyList<string> EnvOptions, string? Controller, string? Init, int? Hidden, string Slice, string? Directions, double Range, int Points, double Sigma,
    int Trajectories, string Precision, int? Horizon, double Gamma, ulong Seed, int Threads, int LyapunovSteps, int LyapunovTransient, double LyapunovSeparation, string? Run, long? Update, string Out);

/// <summary>
/// A checked <see cref="LandscapeRequest"/>: every option validated (one line naming parameter, value and what is
/// allowed) before anything runs, the controller's theta0, the slice and the settings built. Seeds: the random init
/// from DeriveSeed(seed, 0), the random directions from DeriveSeed(seed, 1), the noise from DeriveSeed(seed, 2), the
/// Lyapunov direction from DeriveSeed(seed, 3). With --run, theta0 is the run's theta at --update (default: its latest
/// checkpoint) and env, controller form and width are the run's. Lyapunov mode takes the policy mode's slice. Both precisions share theta0 and the slice (computed in double).
/// </summary>
internal sealed class LandscapePlan
{
    private readonly LandscapeRequest request;
    private readonly ControllerForm form;
    private readonly ControllerInit init;
    private readonly int observationSize;
    private readonly int actionSize;
    private readonly LandscapeSlice? slice;
    private readonly TrainedController? trained;
    private readonly int hidden;

    private LandscapePlan(LandscapeRequest request)
    {
        this.request = request;
        Mode = Choice("mode", request.Mode, "policy", "q", "lyapunov");
        Require(request.Run is not null || request.Update is null, "update", request.Update, "given only with --run");
        trained = request.Run is null ? null : TrainedController.Load(request.Run, request.Update);
        Env = trained?.Config.Env ?? request.Env ?? "DoublePendulum-v0";
        EnvOptions = ParseEnvOptions(request.EnvOptions);
        if (trained is not null)
        {
            // The run's env options, as its env and controller form: an explicit --env-option must agree.
            string run = Joined(trained.Config.EnvOptions);
            Require(request.EnvOptions.Count == 0 || Joined(EnvOptions) == run, "env-option", Joined(EnvOptions), $"{(run.Length == 0 ? "none" : run)} (the run's) or omitted with --run");
            EnvOptions = trained.Config.EnvOptions;
        }

        string precision = Choice("precision", request.Precision, "fp32", "fp64", "both");
        Precisions = precision == "both" ? ["fp32", "fp64"] : [precision];
        Require(Mode != "lyapunov" || precision == "fp64", "precision", precision, "fp64 with --mode lyapunov (the estimate runs in double)");
        Horizon = request.Horizon ?? trained?.Config.Mollified.Horizon ?? LandscapeSystems.DefaultHorizon(Env);
        Require(Mode != "lyapunov" || LandscapeSystems.HasModel(Env), "env", Env, $"one of {string.Join(", ", LandscapeSystems.ModelNames)} with --mode lyapunov");
        if (!LandscapeSystems.HasModel(Env))
        {
            // A registered env truncates at its episode limit: a longer horizon would silently be cut.
            int limit = LandscapeSystems.DefaultHorizon(Env);
            Require(Horizon <= limit, "horizon", Horizon, $"at most {limit} for {Env} (its episode limit)");
        }

        Settings = new LandscapeSettings(Horizon, request.Gamma, request.Sigma, request.Trajectories, KernelRandom.DeriveSeed(request.Seed, 2), request.Threads);
        Settings.Validate();
        if (trained is null)
        {
            form = Enum.Parse<ControllerForm>(Choice("controller", request.Controller ?? "mlp", "linear", "affine", "mlp"), ignoreCase: true);
            init = Enum.Parse<ControllerInit>(Choice("init", request.Init ?? "random", "k0", "lqr", "random"), ignoreCase: true);
            hidden = request.Hidden ?? 16;
            Require(hidden >= 1, "hidden", hidden, "at least 1");
        }
        else
        {
            // The run fixes env and controller; an explicit option must agree with it.
            MollifiedOptions run = trained.Config.Mollified;
            (form, init, hidden) = (run.Controller, run.Init, run.ControllerHidden);
            Require(request.Env is null || request.Env == Env, "env", request.Env, $"{Env} (the run's) or omitted with --run");
            Require(request.Controller is null || request.Controller == Lower(form), "controller", request.Controller, $"{Lower(form)} (the run's) or omitted with --run");
            Require(request.Init is null || request.Init == Lower(init), "init", request.Init, $"{Lower(init)} (the run's) or omitted with --run");
            Require(request.Hidden is null || request.Hidden == hidden, "hidden", request.Hidden, $"{hidden} (the run's) or omitted with --run");
        }

        TwoDimensional = Choice("slice", request.Slice, "1d", "2d") == "2d";
        Require(request.Range > 0 && double.IsFinite(request.Range), "range", request.Range, "a finite number > 0");
        Require(request.Points >= (TwoDimensional ? 2 : 1), "points", request.Points, "at least 1 (2 with --slice 2d)");
        Require(request.LyapunovSteps >= 1, "lyapunov-steps", request.LyapunovSteps, "at least 1");
        Require(request.LyapunovTransient >= 0, "lyapunov-transient", request.LyapunovTransient, "at least 0");
        Require(request.LyapunovSeparation > 0 && double.IsFinite(request.LyapunovSeparation), "lyapunov-separation", request.LyapunovSeparation, "a finite number > 0");

        foreach (string p in Precisions)
        {
            // Refuses fp32 for an env without a generic model, and unknown envs, before any work.
            (observationSize, actionSize) = p == "fp32" ? Sizes(LandscapeSystems.Create<float>(Env)) : Sizes(LandscapeSystems.Create<double>(Env));
        }

        if (EnvOptions.Count > 0)
        {
            try
            {
                Sizes(LandscapeSystems.Create<double>(Env, EnvOptions)); // the env reads its own options and refuses the keys it does not know
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"env-option = {Joined(EnvOptions)}: {UsageError.Describe(e)}", "env-option", e);
            }
        }

        double[] theta0 = Controller<double>().Parameters.ToArray();
        int dimensions = TwoDimensional ? 2 : 1;
        Coordinates = ParseDirections(request.Directions, dimensions);
        AxisA = LandscapeSlice.Axis(request.Range, request.Points);
        AxisB = TwoDimensional ? AxisA : [0.0];
        if (Mode == "q")
        {
            Require(Coordinates.Count == dimensions && Coordinates.All(i => i < actionSize), "directions", request.Directions, $"coords:i{(TwoDimensional ? ",j" : string.Empty)} with action indices in [0, {actionSize - 1}] in q mode");
        }
        else
        {
            double[][] d = Coordinates.Count == 0
                ? SliceDirections.Random(theta0.Length, dimensions, KernelRandom.DeriveSeed(request.Seed, 1))
                : SliceDirections.Coordinates(theta0.Length, Coordinates);
            slice = new LandscapeSlice(theta0, d[0], TwoDimensional ? d[1] : null, AxisA, AxisB);
        }
    }

    public string Mode { get; }

    public string Env { get; }

    /// <summary>The env's constructor options (key=value), given to every system the landscape makes.</summary>
    public IReadOnlyDictionary<string, string> EnvOptions { get; }

    public IReadOnlyList<string> Precisions { get; }

    public int Horizon { get; }

    public double Gamma => request.Gamma;

    public double Sigma => request.Sigma;

    public ulong Seed => request.Seed;

    public bool TwoDimensional { get; }

    /// <summary>The chosen coordinates (parameter indices in policy mode, action indices in q mode); empty for random directions.</summary>
    public IReadOnlyList<int> Coordinates { get; }

    public double[] AxisA { get; }

    public double[] AxisB { get; }

    public LandscapeSettings Settings { get; }

    public int LyapunovSteps => request.LyapunovSteps;

    public int LyapunovTransient => request.LyapunovTransient;

    public double LyapunovSeparation => request.LyapunovSeparation;

    /// <summary>Checks <paramref name="request"/>; throws ArgumentException with one line on the first bad option.</summary>
    public static LandscapePlan From(LandscapeRequest request) => new(request);

    /// <summary>The controller at theta0 in <typeparamref name="T"/>: from --init (the same draws for every T) or the run's checkpoint.</summary>
    public Controller<T> Controller<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Controller<T> controller = ControllerFactory.Create<T>(form, init, Env, observationSize, actionSize, hidden, new KernelRandom(KernelRandom.DeriveSeed(request.Seed, 0)));
        if (trained is not null)
        {
            Span<T> theta = controller.Parameters;
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = T.CreateChecked(trained.Theta[i]);
            }
        }

        return controller;
    }

    /// <summary>The exponent per step of the closed loop at every point of the slice (lyapunov mode).</summary>
    public LandscapePoint[] Lyapunov()
        => LyapunovLandscape.Evaluate(() => LandscapeSystems.CreateModel<double>(Env, EnvOptions), Controller<double>(), slice!, request.LyapunovSteps, request.LyapunovTransient, request.LyapunovSeparation, KernelRandom.DeriveSeed(request.Seed, 3), request.Threads);

    /// <summary>The landscape (policy or q mode) in <typeparamref name="T"/>.</summary>
    public LandscapePoint[] Evaluate<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Func<ILandscapeSystem<T>> system = () => LandscapeSystems.Create<T>(Env, EnvOptions);
        return slice is not null
            ? PolicyLandscape<T>.Evaluate(system, Controller<T>(), slice, Settings)
            : QLandscape<T>.Evaluate(system, Controller<T>(), Coordinates, AxisA, AxisB, Settings);
    }

    /// <summary>The inputs, for summary.json.</summary>
    public JsonObject Describe()
    {
        Controller<double> controller = Controller<double>();
        return new JsonObject
        {
            ["mode"] = Mode,
            ["env"] = Env,
            ["env_options"] = Joined(EnvOptions),
            ["controller"] = controller.Description,
            ["init"] = trained is null ? Lower(init) : $"run {request.Run}, update {trained.Update}",
            ["parameters"] = controller.ParameterCount,
            ["slice"] = request.Slice,
            ["directions"] = request.Directions ?? (Mode != "q" ? "random" : "coords:0" + (TwoDimensional ? ",1" : string.Empty)),
            ["range"] = request.Range,
            ["points_per_axis"] = request.Points,
            ["sigma"] = request.Sigma,
            ["trajectories_per_point"] = request.Trajectories,
            ["precision"] = request.Precision,
            ["horizon"] = Horizon,
            ["gamma"] = request.Gamma,
            ["seed"] = request.Seed,
            ["threads"] = request.Threads,
        };
    }

    /// <summary>"key=value" items (each given alone or comma-separated) as a map; one line naming --env-option for an item without '='.</summary>
    private static Dictionary<string, string> ParseEnvOptions(IReadOnlyList<string> items)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items.SelectMany(text => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            Require(equals > 0, "env-option", item, "key=value (e.g. dt=0.01)");
            options[item[..equals].Trim()] = item[(equals + 1)..].Trim();
        }

        return options;
    }

    /// <summary>The options as "k=v,k=v" in key order (empty for none).</summary>
    private static string Joined(IReadOnlyDictionary<string, string> options)
        => string.Join(",", options.OrderBy(option => option.Key, StringComparer.Ordinal).Select(option => $"{option.Key}={option.Value}"));

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => value.ToString().ToLowerInvariant();

    private static (int Observation, int Action) Sizes<T>(ILandscapeSystem<T> system)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using (system)
        {
            return (system.ObservationSize, system.ActionSize);
        }
    }

    private List<int> ParseDirections(string? text, int dimensions)
    {
        if (text is null)
        {
            return Mode == "q" ? [.. Enumerable.Range(0, dimensions)] : [];
        }

        if (text == "random" && Mode != "q")
        {
            return [];
        }

        const string prefix = "coords:";
        var indices = new List<int>();
        bool ok = text.StartsWith(prefix, StringComparison.Ordinal);
        if (ok)
        {
            foreach (string part in text[prefix.Length..].Split(','))
            {
                ok &= int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index);
                indices.Add(index);
            }
        }

        string allowed = Mode == "q" ? "coords:i" : "random or coords:i";
        Require(ok && indices.Count == dimensions, "directions", text, $"{allowed}{(dimensions == 2 ? ",j" : string.Empty)} ({dimensions} {(dimensions == 1 ? "index" : "distinct indices")} for --slice {request.Slice})");
        return indices;
    }

    private static string Choice(string name, string value, params string[] allowed)
    {
        Require(allowed.Contains(value), name, value, string.Join(", ", allowed));
        return value;
    }

    private static void Require(bool condition, string name, object? value, string allowed)
    {
        if (!condition)
        {
            string text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "null";
            throw new ArgumentException($"{name} = {text}: must be {allowed}.", name);
        }
    }
}
