// Trains PPO on Pendulum-v1 for two short updates, then lists the network weights of the checkpoint it wrote: name,
// dtype, shape and the SHA-256 of the values' bytes, which read_checkpoint.py must reproduce from the same file with numpy
// alone (the layout is in docs/checkpoints.md). Usage: CheckpointNumpy <run directory>.
using System.Security.Cryptography;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Training;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CheckpointNumpy <run directory>");
    return 2;
}

string directory = args[0];
var config = new TrainConfig
{
    Env = "Pendulum-v1",
    TotalSteps = 256,
    Seed = 3,
    Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
    Optimizer = new OptimizerOptions { Epochs = 1 },
};
TrainingRun.Run(config, directory);
string checkpoint = TrainingRun.LatestCheckpoint(directory) ?? throw new InvalidOperationException("no checkpoint was written");
SafeTensorsContent content = SafeTensorsFile.Read(checkpoint);
Console.WriteLine($"checkpoint {checkpoint}");
foreach ((string name, SafeTensor tensor) in content.Tensors.Where(t => t.Key.StartsWith("param.", StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal))
{
    string hash = Convert.ToHexStringLower(SHA256.HashData(tensor.Data));
    Console.WriteLine($"tensor {name} {tensor.DType} [{string.Join(",", tensor.Shape)}] sha256 {hash}");
}

return 0;
