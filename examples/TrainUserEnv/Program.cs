// Training PPO from code on a user-defined env: PointToTarget (in this folder) is registered with Envs.Register and then
// named in the TrainConfig like any built-in env. A few seconds of training with a fixed seed must raise the mean
// return of the deterministic policy (16 evaluation episodes) well above what it was after the first update.
using System.Diagnostics;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Kernel.Envs;

Envs.Register(
    new EnvRegistration(PointToTarget.EnvId, PointToTarget.Horizon, "Steer a point in the plane to a target (continuous; user-defined)."),
    options => new PointToTarget(options));

const int Updates = 15;
const int EvaluationEpisodes = 16;
const ulong EvaluationSeed = 99;
var config = new TrainConfig
{
    Env = PointToTarget.EnvId,
    Algo = "ppo",
    TotalSteps = Updates * 8 * 128,
    Seed = 7,
    Rollout = new RolloutOptions { NumEnvs = 8, RolloutSteps = 128 },
    Optimizer = new OptimizerOptions { Epochs = 4 },
};

var clock = Stopwatch.StartNew();
using var trainer = PolicyGradientTrainer<float>.Open(config);
double first = double.NaN;
for (int update = 1; update <= Updates; update++)
{
    UpdateRecord record = trainer.Update();
    if (record.Exploded)
    {
        Console.WriteLine($"FAIL: update {update} exploded at {record.ExplodedAt}");
        return 1;
    }

    double evaluation = trainer.Evaluate(EvaluationEpisodes, EvaluationSeed).Average();
    if (update == 1)
    {
        first = evaluation;
    }

    Console.WriteLine($"update {update,2}  steps {record.Step,6}  rollout return {record.ReturnMean,8:F2}  evaluation return {evaluation,8:F2}");
}

double last = trainer.Evaluate(EvaluationEpisodes, EvaluationSeed).Average();
Console.WriteLine($"evaluation return after update 1: {first:F2}; after update {Updates}: {last:F2} ({clock.Elapsed.TotalSeconds:F1} s)");

// Returns are negative distances summed over 50 steps; "a clear margin" is halving the distance paid after update 1.
if (!(last > first / 2))
{
    Console.WriteLine($"FAIL: the mean return {last:F2} is not above half of {first:F2}");
    return 1;
}

Console.WriteLine("OK train-user-env");
return 0;
