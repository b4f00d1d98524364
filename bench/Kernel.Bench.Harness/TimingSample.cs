namespace Kernel.Bench.Harness;

/// <summary>One timed sample of a workload. An immutable value.</summary>
/// <param name="MedianNanoseconds">Median over the sample's batches of the time per operation.</param>
/// <param name="MinimumNanoseconds">Fastest batch's time per operation.</param>
/// <param name="Operations">Operations timed (warm-up excluded).</param>
/// <param name="AllocatedBytesPerOperation">Managed heap bytes allocated per operation while timing, all threads, in the median batch.</param>
public readonly record struct TimingSample(double MedianNanoseconds, double MinimumNanoseconds, double Operations, double AllocatedBytesPerOperation);
