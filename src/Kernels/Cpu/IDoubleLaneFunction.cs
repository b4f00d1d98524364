using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>A function of (x, g) on double lanes, e.g. g times a derivative at x (see <see cref="LaneMath"/>).</summary>
internal interface IDoubleLaneFunction
{
    /// <summary>The function's value per lane.</summary>
    Vector<double> Invoke(Vector<double> x, Vector<double> g);
}
