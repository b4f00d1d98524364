using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

public sealed class SweepSpecTests
{
    private const string Spec = """
        { "name": "grid", "base": { "env": "Pendulum-v1", "steps": 20000, "learning-rate": 1e-4 },
          "axes": { "algo": ["ppo", "trpo"], "seed": [1, 2], "squash": [true] },
          "exclude": [ { "algo": "trpo", "seed": 2 } ],
          "include": [ { "algo": "vpg", "seed": 7, "squash": false, "policy-hidden": "64,64" } ] }
        """;

    [Fact]
    public void CellsAreTheProductLessExcludedPlusIncludedWithStableIds()
    {
        SweepSpec spec = SweepSpec.Parse(Spec, "/specs");
        Assert.Equal(
            ["algo=ppo_seed=1_squash=true", "algo=ppo_seed=2_squash=true", "algo=trpo_seed=1_squash=true", "algo=vpg_seed=7_squash=false_policy-hidden=64~64"],
            spec.Cells.Select(cell => cell.Id));
        Assert.Equal([0, 1, 2, 3], spec.Cells.Select(cell => cell.Index));
        SweepCell included = spec.Cells[3];
        Assert.Equal(
            ["--env", "Pendulum-v1", "--steps", "20000", "--learning-rate", "1e-4", "--algo", "vpg", "--seed", "7", "--squash", "false", "--policy-hidden", "64,64"],
            included.Arguments("/cells"));
        Assert.Equal("64,64", included.Get("policy-hidden"));
        Assert.Null(included.Get("precision"));
    }

    [Fact]
    public void AnAxisOverridesTheBaseAndTheJsonRoundTrips()
    {
        SweepSpec spec = SweepSpec.Parse("""{ "name": "x", "base": { "seed": 5, "env": "CartPole-v1" }, "axes": { "seed": [1, 2] } }""", "/specs");
        Assert.Equal(["--env", "CartPole-v1", "--seed", "1"], spec.Cells[0].Arguments("/cells"));
        SweepSpec again = SweepSpec.Parse(spec.ToJson(), "/elsewhere");
        Assert.Equal(spec.Cells.Select(cell => cell.Arguments("/cells").ToArray()), again.Cells.Select(cell => cell.Arguments("/cells").ToArray()));
        Assert.Equal(spec.ToJson(), again.ToJson());
    }

    [Fact]
    public void ACellSCommandAndStageAreItsOwnAndCellsStandsForTheCellsDirectory()
    {
        SweepSpec spec = SweepSpec.Parse(
            """
            { "name": "x", "base": { "env": "Pendulum-v1" }, "axes": { "seed": [1] },
              "include": [ { "command": "eval", "stage": 1, "run": "{cells}/seed=1" }, { "seed": 2, "command": "train", "stage": 0 } ] }
            """,
            "/specs");
        Assert.Equal(["train", "eval", "train"], spec.Cells.Select(cell => cell.Command));
        Assert.Equal([true, false, true], spec.Cells.Select(cell => cell.IsTraining));
        Assert.Equal([0, 1, 0], spec.Cells.Select(cell => cell.Stage));

        // The analysis cell takes neither the base (training options) nor the axes; a training include gets both.
        Assert.Equal(["--run", "/sweep/cells/seed=1"], spec.Cells[1].Arguments("/sweep/cells"));
        Assert.Equal(["--env", "Pendulum-v1", "--seed", "2"], spec.Cells[2].Arguments("/sweep/cells"));
    }

    [Fact]
    public void ARelativeBaseConfigIsTakenFromTheSpecFolder()
    {
        SweepSpec spec = SweepSpec.Parse("""{ "name": "x", "base_config": "runs/a/config.json", "axes": { "seed": [1] } }""", "/specs");
        Assert.Equal("/specs/runs/a/config.json", spec.BaseConfig);
    }

    [Theory]
    [InlineData("""{ "name": "x", "axes": { "seed": [1, {"a": 1}] } }""", "spec.axes.seed[1] = {\"a\":1}: must be a string, number or boolean.")]
    [InlineData("""{ "name": "x", "base": { "out": "runs/y" } }""", "option 'out': the sweep runner sets --out, --config and --resume itself")]
    [InlineData("""{ "name": "x", "base": { "--seed": 1 } }""", "option '--seed': must be a flag of the cell's kernel command without its dashes")]
    [InlineData("""{ "name": "x", "base": { "command": "Eval" }, "axes": { "seed": [1] } }""", "cell seed=1: command = 'Eval': must be a kernel command, lower-case words separated by single spaces")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "include": [ { "seed": 2, "stage": -1 } ] }""", "cell seed=2_stage=-1: stage = '-1': must be an integer in 0..9999")]
    [InlineData("""{ "name": "x", "axes": { "seed": [] } }""", "axes.seed has no values: give at least one.")]
    [InlineData("""{ "name": "x", "axes": { "algo": ["ppo"], "seed": [1] }, "include": [ { "algo": "vpg" } ] }""", "include entry {algo: vpg} does not set the axes seed")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "exclude": [ { "algo": "vpg" } ] }""", "exclude entry {algo: vpg}: must name one or more axes (seed).")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "exclude": [ { "seed": 1 } ] }""", "the spec has no cells: exclude removes every cell of the product.")]
    [InlineData("""{ "name": "x", "axes": { "policy-hidden": ["64,64", "64;64"] } }""", "cells {policy-hidden: 64,64} and {policy-hidden: 64;64} both get the id 'policy-hidden=64~64'")]
    [InlineData("""{ "name": "x", "axis": { "seed": [1] } }""", "spec.axis: unknown field; the fields are name, base_config, base, axes, exclude, include.")]
    [InlineData("""{ "name": "x", """, "spec: not valid JSON")]
    public void BadSpecsAreRefusedWithWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepSpec.Parse(json, "/specs"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 100, Replay = "(31,37)")]
    public Property TheGridHasOneCellPerCombinationWithUniqueIds() =>
        Prop.ForAll(
            Gen.Choose(1, 4).ArrayOf().Where(sizes => sizes.Length is >= 1 and <= 4).ToArbitrary(),
            static sizes =>
            {
                SweepAxis[] axes = [.. sizes.Select((size, a) => new SweepAxis($"option{a}", [.. Enumerable.Range(0, size).Select(v => $"v{v}")]))];
                var spec = new SweepSpec("grid", [], axes);
                int product = sizes.Aggregate(1, (total, size) => total * size);

                // The last axis varies fastest: cell k's value on the last axis is k mod its size.
                bool order = spec.Cells.All(cell => cell.Values[^1].Value == $"v{cell.Index % sizes[^1]}");
                return spec.Cells.Count == product && spec.Cells.Select(cell => cell.Id).Distinct().Count() == product && order;
            });
}
