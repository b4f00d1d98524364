namespace Kernel.Autodiff.Storage;

/// <summary>Reductions of a whole tensor, or of each row of a matrix, to one value.</summary>
public enum ReductionKernel
{
    /// <summary>Sum of the elements.</summary>
    Sum,
    /// <summary>Largest element (NaN if any is NaN).</summary>
    Max,
    /// <summary>Smallest element (NaN if any is NaN).</summary>
    Min,
    /// <summary>Sum of squares.</summary>
    SumOfSquares,
    /// <summary>Stable log(sum(exp(x))).</summary>
    LogSumExp,
    /// <summary>
    /// Mean of the elements: accumulated as the sum is, scaled by 1/n in the accumulator's precision, rounded once
    /// (so an fp16 mean is finite whenever the mean fits, however large the sum).
    /// </summary>
    Mean,
}
