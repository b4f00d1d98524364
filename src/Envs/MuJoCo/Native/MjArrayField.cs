namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// One pointer member of mjModel or mjData: where the pointer sits in the struct and the shape of the array it
/// points to (rows from a model size, a fixed column count, the element size in bytes).
/// </summary>
/// <param name="Name">The C member name, e.g. "qpos".</param>
/// <param name="Offset">offsetof(struct, member) in libmujoco 2.2.2 (x86-64).</param>
/// <param name="Rows">The size that counts the rows.</param>
/// <param name="Columns">Values per row.</param>
/// <param name="ElementSize">Bytes per value (8 for mjtNum, 4 for int, 1 for mjtByte).</param>
internal sealed record MjArrayField(string Name, int Offset, MjCount Rows, int Columns, int ElementSize)
{
    /// <summary>The array's length in values for a model with <paramref name="rows"/> rows.</summary>
    public int Length(int rows) => rows * Columns;

    /// <summary>The array's size in bytes for a model with <paramref name="rows"/> rows.</summary>
    public long Bytes(int rows) => (long)rows * Columns * ElementSize;
}
