namespace Kernel.Autodiff.Storage;

/// <summary>How a row vector is combined with every row of a matrix.</summary>
public enum RowKernel
{
    /// <summary>Each row plus the vector.</summary>
    Add,
    /// <summary>Each row times the vector, elementwise.</summary>
    Multiply,
}
