using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000's settings on MuJoCo, shared by its registered experiments: appendix A.1's Table 3 (PPO) and Table 4
/// (vanilla policy gradient), A.3's std parameterisation, and the choices the paper leaves open, each named here once so
/// every report lists the same deviations.
/// </summary>
public static class Paper000Settings
{
    /// <summary>The three environments of Tables 1, 2 and 6 and Figures 4-5.</summary>
    public static readonly IReadOnlyList<string> Envs = ["Hopper-v4", "Walker2d-v4", "Humanoid-v4"];

    /// <summary>Environment steps per update: Table 3's horizon with one env copy.</summary>
    public const int Horizon = 1000;

    /// <summary>
    /// Initial standard deviation: softplus(0) + 0.1 = ln 2 + 0.1, i.e. A.3's free parameter starting at 0 (the paper
    /// does not state it; a zero-initialised parameter is the PyTorch convention).
    /// </summary>
    public const double InitialStd = 0.7931471805599453;

    /// <summary>The precisions every 000 experiment runs in (issue 17 item 7: the paper ran one).</summary>
    public static readonly IReadOnlyList<string> Precisions = ["fp16", "fp32", "fp64"];

    /// <summary>Table 3's policy hidden widths: [1024] for Hopper-v4, [1024, 1024] for Walker2d-v4 and Humanoid-v4.</summary>
    public static string PolicyHidden(string env) => env == "Hopper-v4" ? "1024" : "1024,1024";

    /// <summary>
    /// Table 3 (PPO) as <c>kernel train</c> options, with A.3's softplus + 0.1 std. Left at the engine's values because the
    /// table does not name them: one optimiser on policy + 0.5 value loss, no entropy bonus, constant learning rate, no
    /// observation or reward normalisation, no value clipping, PyTorch's default initialisation, log-probs at the
    /// clipped action (section 3's phi(a)). The KL coefficient b = 0.01 is PPO-KL's default and is not passed because
    /// the other algorithms refuse --kl-beta.
    /// </summary>
    public static List<KeyValuePair<string, string>> Ppo(long steps) =>
    [
        new("envs", "1"), new("rollout-steps", Horizon.ToString(CultureInfo.InvariantCulture)),
        new("steps", steps.ToString(CultureInfo.InvariantCulture)), new("gamma", "0.99"), new("gae-lambda", "0.95"),
        new("learning-rate", "1e-4"), new("anneal-lr", "false"), new("clip-epsilon", "0.2"), new("epochs", "10"),
        new("minibatch-size", "64"), new("normalize-advantages", "false"), new("value-hidden", "64,64"),
        new("activation", "tanh"), new("max-grad-norm", "1"), new("std", "softplus-offset"),
        new("initial-std", SweepSpec.Text(InitialStd)), new("normalize-observations", "false"), new("scale-rewards", "false"),
        new("clip-value-loss", "false"), new("entropy-coefficient", "0"), new("orthogonal-init", "false"),
        new("checkpoint-every", "0"),
    ];

    /// <summary>Table 4 (vanilla policy gradient): Table 3 without epochs and clipping, i.e. one gradient step on the whole batch.</summary>
    public static KeyValuePair<string, string>[] VpgOverrides =>
        [new("algo", "vpg"), new("epochs", "1"), new("minibatch-size", "full-batch")];

    /// <summary>The deviations from the paper every 000 MuJoCo report lists.</summary>
    public static IReadOnlyList<string> CommonDeviations =>
    [
        "MuJoCo 2.2.2 (Debian's libmujoco) through our own C# port of Gymnasium's v4 tasks, not mujoco-py/Gymnasium.",
        "Initial std ln 2 + 0.1 = 0.793 (A.3's parameter at 0; the paper does not state it).",
        "Not stated by the paper, ours: one Adam on policy loss + 0.5 x value loss, PyTorch's default initialisation, no entropy bonus, constant learning rate, no observation or reward normalisation.",
        "Seeds are ours (1-5); the paper does not list its seeds.",
    ];

    /// <summary>Seeds 1..<paramref name="count"/> as option values.</summary>
    public static string[] Seeds(int count) => [.. Enumerable.Range(1, count).Select(seed => seed.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The cell's number of updates (steps / horizon).</summary>
    public static double Updates(SweepCell cell) => double.Parse(cell.Get("steps")!, CultureInfo.InvariantCulture) / Horizon;

    /// <summary>
    /// The same cells with each one's policy widths set (Table 3's depend on the env, which a base option cannot):
    /// every cell becomes an include entry with <c>policy-hidden</c> from <paramref name="width"/>, unless it sets its
    /// own, and the product is excluded so the axes stay for grouping.
    /// </summary>
    public static SweepSpec WithPolicyWidths(SweepSpec spec, Func<SweepCell, string> width)
    {
        ArgumentNullException.ThrowIfNull(width);
        return CellOptions.With(spec, cell => [new("policy-hidden", width(cell))]);
    }

    /// <summary><paramref name="options"/> with each of <paramref name="overrides"/> replacing the option of its name (or added).</summary>
    public static List<KeyValuePair<string, string>> With(IEnumerable<KeyValuePair<string, string>> options, params KeyValuePair<string, string>[] overrides) =>
        [.. options.Where(option => !overrides.Any(change => change.Key == option.Key)), .. overrides];

    /// <summary>
    /// Exclude entries for a sweep with env and policy-hidden axes: each env keeps, of Table 3's widths among
    /// <paramref name="widths"/>, only its own (<see cref="PolicyHidden"/>); other widths (e.g. 64,64) run on every env.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> OtherEnvsTable3Widths(IEnumerable<string> envs, IEnumerable<string> widths)
    {
        string[] table3 = [.. Envs.Select(PolicyHidden).Distinct()];
        return [.. envs.SelectMany(env => widths.Where(width => table3.Contains(width) && width != PolicyHidden(env)).Select(width => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["env"] = env, ["policy-hidden"] = width }))];
    }
}
