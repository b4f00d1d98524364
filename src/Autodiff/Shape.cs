namespace Kernel.Autodiff;

/// <summary>
/// The shape of a tensor: a scalar (rank 0), a vector of <c>n</c> (rank 1) or a row-major
/// matrix of <c>rows x columns</c> (rank 2). Batches are matrices with one sample per row.
/// </summary>
public readonly record struct Shape
{
    private Shape(int rank, int first, int second)
    {
        Rank = rank;
        First = first;
        Second = second;
    }

    /// <summary>The shape of a scalar.</summary>
    public static Shape Scalar => new(0, 1, 1);

    /// <summary>The shape of a vector of <paramref name="length"/> elements.</summary>
    public static Shape Vector(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A vector length must be >= 0.");
        }

        return new Shape(1, length, 1);
    }

    /// <summary>The shape of a <paramref name="rows"/> x <paramref name="columns"/> matrix.</summary>
    public static Shape Matrix(int rows, int columns)
    {
        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "Matrix rows must be >= 0.");
        }

        if (columns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "Matrix columns must be >= 0.");
        }

        return new Shape(2, rows, columns);
    }

    /// <summary>0 for a scalar, 1 for a vector, 2 for a matrix.</summary>
    public int Rank { get; }

    private int First { get; }

    private int Second { get; }

    /// <summary>Rows when seen as a matrix: a vector is one row, a scalar is 1 x 1.</summary>
    public int Rows => Rank == 2 ? First : 1;

    /// <summary>Columns when seen as a matrix: a vector of n has n columns.</summary>
    public int Columns => Rank == 2 ? Second : Rank == 1 ? First : 1;

    /// <summary>The number of elements.</summary>
    public int Length => Rows * Columns;

    /// <summary>Writes the shape as <c>[]</c>, <c>[n]</c> or <c>[rows x columns]</c>.</summary>
    public override string ToString() => Rank switch
    {
        0 => "[]",
        1 => $"[{First}]",
        _ => $"[{First}x{Second}]",
    };
}
