using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;
using Kernel.Algorithms.Landscapes;
using Kernel.Plots;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel landscape</c>: the return landscape of a deterministic controller around its initial parameters (seed
/// paper 002, Figs 2, 6e/f, 8a), the Q-landscape Q(s0, a) over first actions (Fig 7b), or the maximal Lyapunov
/// exponent of the closed loop at each point of the slice (fp64; CSV column mean = exponent per step), J in fp32 and/or fp64. Writes into --out: landscape.csv (one row per point per precision),
/// PNGs, and summary.json last (written atomically, as are the others), so the directory is complete iff summary.json
/// exists: usable as a sweep cell's output. Exit codes: 0 done, 2 bad input (one line naming the parameter, the value
/// and what is allowed). Starting parameters come from --controller/--init, or from a mollified-pg run's checkpoint (--run, --update).
/// </summary>
internal static class LandscapeCommand
{
    /// <summary>The file written last: its presence means the output is complete.</summary>
    public const string SummaryFile = "summary.json";

    private const string Prefix = "kernel landscape: ";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var mode = new Option<string>("--mode") { Description = "policy (J over a slice of parameter space), q (Q(s0, a) over first actions) or lyapunov (the closed loop's maximal exponent at each point of the slice).", DefaultValueFactory = _ => "policy" };
        var env = new Option<string?>("--env") { Description = $"{string.Join(" or ", LandscapeSystems.ModelNames)} (fp32 or fp64), or any registered continuous-action env id (fp64 only, e.g. HopperStand-v0). Default DoublePendulum-v0, or the run's." };
        var envOption = new Option<string[]>("--env-option") { Description = "An option of the env's constructor as key=value (e.g. dt=0.01 for PlanarQuadrotor-v0); repeat it or separate items by commas. Default none, or the run's.", HelpName = "key=value" };
        var controller = new Option<string?>("--controller") { Description = "linear (u = -K s), affine (u = -K s + b) or mlp (u = W2 tanh(W1 s), no biases). Default mlp, or the run's." };
        var init = new Option<string?>("--init") { Description = "k0 (DoublePendulum-v0's K0, u = -K0 s as printed), lqr (PlanarQuadrotor-v0's optimum) or random (PyTorch's default draw from --seed). Default random; with --run the run's checkpoint gives theta0." };
        var hidden = new Option<int?>("--hidden") { Description = "Hidden width of the mlp controller (default 16, or the run's)." };
        var run = new Option<string?>("--run") { Description = "A mollified-pg training run directory: theta0 is its controller at --update." };
        var update = new Option<long?>("--update") { Description = "With --run: the update whose checkpoint gives theta0 (default: the latest)." };
        var slice = new Option<string>("--slice") { Description = "1d or 2d.", DefaultValueFactory = _ => "1d" };
        var directions = new Option<string?>("--directions") { Description = "policy: random (Gaussian, d2 orthogonalised, unit norm) or coords:i[,j] (parameter indices); q: coords:i[,j] (action indices; default coords:0[,1])." };
        var range = new Option<double>("--range") { Description = "Half-width of each axis: a, b in [-range, range] (parameter units; action units in q mode).", DefaultValueFactory = _ => 1.0 };
        var points = new Option<int>("--points") { Description = "Grid points per axis (>= 2; odd puts theta0 on the grid).", DefaultValueFactory = _ => 41 };
        var sigma = new Option<double>("--sigma") { Description = "Fixed std of the Gaussian policy N(mu_theta(s), sigma^2 I); 0 = the deterministic policy.", DefaultValueFactory = _ => 0.0 };
        var trajectories = new Option<int>("--trajectories-per-point") { Description = "Trajectories averaged per point (trajectory j uses the same noise stream at every point).", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = "fp32, fp64 or both (fp32 runs controller and dynamics in float; lyapunov is fp64 only).", DefaultValueFactory = _ => "fp64" };
        var horizon = new Option<int?>("--horizon") { Description = "Steps per trajectory (default: the env's episode limit, 1000 for the paper's systems)." };
        var gamma = new Option<double>("--gamma") { Description = "Discount of the return sum_k gamma^k r_k (the paper's 0.99; 1 = total reward).", DefaultValueFactory = _ => 0.99 };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the random init, the random directions, the noise and the Lyapunov direction.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Parallel workers over points (results do not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var lyapunovSteps = new Option<int>("--lyapunov-steps") { Description = "lyapunov: measured steps.", DefaultValueFactory = _ => 10_000 };
        var lyapunovTransient = new Option<int>("--lyapunov-transient") { Description = "lyapunov: steps discarded first.", DefaultValueFactory = _ => 0 };
        var lyapunovSeparation = new Option<double>("--lyapunov-separation") { Description = "lyapunov: renormalised separation d0.", DefaultValueFactory = _ => 1e-8 };
        var output = new Option<string>("--out") { Description = "Output directory (created; summary.json is written last).", Required = true };
        var command = new Command("landscape", "Return landscapes J(theta), Q(s0, a) and Lyapunov exponents of a deterministic controller (seed paper 002).")
        {
            mode, env, envOption, controller, init, hidden, slice, directions, range, points, sigma, trajectories, precision, horizon, gamma, seed, threads,
            lyapunovSteps, lyapunovTransient, lyapunovSeparation, run, update, output,
        };
        command.SetAction(r => Run(new LandscapeRequest(
            r.GetValue(mode)!, r.GetValue(env), r.GetValue(envOption) ?? [], r.GetValue(controller), r.GetValue(init), r.GetValue(hidden), r.GetValue(slice)!, r.GetValue(directions),
            r.GetValue(range), r.GetValue(points), r.GetValue(sigma), r.GetValue(trajectories), r.GetValue(precision)!, r.GetValue(horizon), r.GetValue(gamma),
            r.GetValue(seed), r.GetValue(threads), r.GetValue(lyapunovSteps), r.GetValue(lyapunovTransient), r.GetValue(lyapunovSeparation), r.GetValue(run), r.GetValue(update), r.GetValue(output)!)));
        return command;
    }

    private static int Run(LandscapeRequest request)
    {
        try
        {
            LandscapePlan plan = LandscapePlan.From(request);
            string directory = OutDirectory.Create(request.Out);
            string summaryPath = Path.Combine(directory, SummaryFile);
            if (File.Exists(summaryPath))
            {
                File.Delete(summaryPath); // a rerun into the same directory is not complete until it writes its own
            }

            JsonObject summary = plan.Mode switch
            {
                "lyapunov" => Lyapunov(plan, directory),
                _ => Landscape(plan, directory),
            };
            AtomicFile.WriteAllText(summaryPath, summary.ToJsonString(Indented));
            Console.WriteLine(summaryPath);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
            return 2;
        }
    }

    private static JsonObject Landscape(LandscapePlan plan, string directory)
    {
        var results = new List<(string Precision, IReadOnlyList<LandscapePoint> Points)>();
        JsonObject summary = plan.Describe();
        var perPrecision = new JsonObject();
        foreach (string precision in plan.Precisions)
        {
            var clock = Stopwatch.StartNew();
            LandscapePoint[] landscape = precision == "fp32" ? plan.Evaluate<float>() : plan.Evaluate<double>();
            double seconds = clock.Elapsed.TotalSeconds;
            results.Add((precision, landscape));
            LandscapePoint? centre = landscape.Cast<LandscapePoint?>().FirstOrDefault(p => p!.Value.A == 0 && p.Value.B == 0);
            double[] finite = [.. landscape.Select(p => p.Mean).Where(double.IsFinite)];
            perPrecision[precision] = new JsonObject
            {
                ["seconds"] = seconds,
                ["points_per_second"] = landscape.Length / seconds,
                ["centre"] = Number(centre?.Mean ?? double.NaN),
                ["min"] = Number(finite.Length > 0 ? finite.Min() : double.NaN),
                ["max"] = Number(finite.Length > 0 ? finite.Max() : double.NaN),
                ["non_finite_points"] = landscape.Length - finite.Length,
            };
        }

        summary["results"] = perPrecision;
        if (results.Count == 2)
        {
            PrecisionGap gap = PrecisionGap.Compare(results[0].Points, results[1].Points);
            summary["fp32_vs_fp64"] = new JsonObject { ["max_relative_gap"] = Number(gap.Max), ["median_relative_gap"] = Number(gap.Median), ["points_compared"] = gap.Points };
        }

        AtomicFile.WriteAllText(Path.Combine(directory, "landscape.csv"), LandscapeCsv.Format(results));
        var pngs = new JsonArray();
        foreach (string png in Plot(plan, results, directory))
        {
            pngs.Add(png);
        }

        summary["pngs"] = pngs;
        return summary;
    }

    private static IEnumerable<string> Plot(LandscapePlan plan, List<(string Precision, IReadOnlyList<LandscapePoint> Points)> results, string directory)
    {
        string what = plan.Mode == "lyapunov" ? "maximal Lyapunov exponent per step" : plan.Mode == "q" ? "Q(s0, a)" : plan.Sigma > 0 ? $"mollified J, sigma {plan.Sigma.ToString(CultureInfo.InvariantCulture)}" : "J (deterministic)";
        string title = plan.Mode == "lyapunov" ? $"{plan.Env}: {what}, {plan.LyapunovSteps} steps" : $"{plan.Env}: {what}, horizon {plan.Horizon}";
        string valueLabel = plan.Mode == "lyapunov" ? "exponent per step" : "return";
        string xLabel = plan.Mode == "q" ? $"a[{plan.Coordinates[0]}]" : plan.Coordinates.Count > 0 ? $"theta[{plan.Coordinates[0]}] - theta0" : "a (along d1)";
        if (!plan.TwoDimensional)
        {
            var series = results.Select(r => new BandSeries(
                r.Precision,
                [.. r.Points.Select(p => p.A)],
                [.. r.Points.Select(p => p.Mean)],
                [.. r.Points.Select(p => p.Mean - p.StandardDeviation)],
                [.. r.Points.Select(p => p.Mean + p.StandardDeviation)])).ToList();
            string path = Path.Combine(directory, "landscape.png");
            string temporary = path + AtomicFile.TemporarySuffix + ".png";
            BandPlot.Write(series, title, xLabel, valueLabel, logY: false, temporary);
            File.Move(temporary, path, overwrite: true);
            yield return Path.GetFileName(path);
            yield break;
        }

        string yLabel = plan.Mode == "q" ? $"a[{plan.Coordinates[1]}]" : plan.Coordinates.Count > 1 ? $"theta[{plan.Coordinates[1]}] - theta0" : "b (along d2)";
        double[] xs = plan.AxisA;
        double[] ys = plan.AxisB;
        foreach ((string precision, IReadOnlyList<LandscapePoint> points) in results)
        {
            var grid = new double[ys.Length, xs.Length];
            for (int i = 0; i < points.Count; i++)
            {
                grid[i / xs.Length, i % xs.Length] = points[i].Mean;
            }

            string path = Path.Combine(directory, $"landscape_{precision}.png");
            byte[] png = HeatmapPlot.Png(xs, ys, grid, $"{title} ({precision})", xLabel, yLabel, valueLabel);
            AtomicFile.Write(path, stream => stream.Write(png));
            yield return Path.GetFileName(path);
        }
    }

    private static JsonObject Lyapunov(LandscapePlan plan, string directory)
    {
        var clock = Stopwatch.StartNew();
        LandscapePoint[] exponents = plan.Lyapunov();
        double seconds = clock.Elapsed.TotalSeconds;
        double stepSeconds = LandscapeSystems.CreateModel<double>(plan.Env, plan.EnvOptions).StepSeconds;
        double threshold = -Math.Log(plan.Gamma);
        LandscapePoint? centre = exponents.Cast<LandscapePoint?>().FirstOrDefault(p => p!.Value.A == 0 && p.Value.B == 0);
        double atCentre = centre?.Mean ?? double.NaN;
        JsonObject summary = plan.Describe();
        summary["results"] = new JsonObject
        {
            ["seconds"] = seconds,
            ["points_per_second"] = exponents.Length / seconds,
            ["steps"] = plan.LyapunovSteps,
            ["separation"] = plan.LyapunovSeparation,
            ["step_seconds"] = stepSeconds,
            ["centre_per_step"] = Number(atCentre),
            ["centre_per_second"] = Number(atCentre / stepSeconds),
            ["min_per_step"] = Number(exponents.Min(p => p.Mean)),
            ["max_per_step"] = Number(exponents.Max(p => p.Mean)),

            // Proposition 3.1: J is (-ln gamma / lambda)-Hoelder where lambda > -ln gamma (non-smooth below exponent 1).
            ["minus_log_gamma"] = threshold,
            ["centre_hoelder_exponent"] = Number(atCentre > threshold ? threshold / atCentre : double.NaN),
            ["points_above_minus_log_gamma"] = exponents.Count(p => p.Mean > threshold),
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "landscape.csv"), LandscapeCsv.Format([("fp64", exponents)]));
        summary["pngs"] = new JsonArray([.. Plot(plan, [("fp64", exponents)], directory).Select(name => (JsonNode)name)]);
        return summary;
    }

    private static JsonValue? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
