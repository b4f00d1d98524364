namespace Kernel.Algorithms.Optimizers;

/// <summary>The optimiser of a first-order update (<see cref="Training.TrainConfig.Optimizer"/>; 000 Fig 7 compares the two).</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Adam{T}"/> with the run's learning rate and adam_epsilon.</summary>
    Adam,

    /// <summary>Plain <see cref="Sgd{T}"/> (no momentum, no weight decay) with the run's learning rate.</summary>
    Sgd,
}
