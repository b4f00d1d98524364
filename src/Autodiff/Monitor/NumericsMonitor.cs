using Kernel.Autodiff.Storage;
using Kernel.Kernels.Cpu;

namespace Kernel.Autodiff.Monitor;

/// <summary>
/// Watches a tape's values as ops produce them: finds the first non-finite value (forward, backward or
/// forward-mode) and reports it with an fp64 replay of that op, and tracks the headroom of labelled tensors
/// against the format's range. Attach with <c>tape.Monitor = new NumericsMonitor&lt;T&gt;()</c>; with no monitor
/// the tape pays one null check per op. Thread-safety: belongs to its tape's thread.
/// </summary>
/// <typeparam name="T">The tape's precision.</typeparam>
public sealed class NumericsMonitor<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The op name under which <see cref="Tape{T}.Cast"/>'s narrowing of host data is reported.</summary>
    public const string CastOp = "cast";

    /// <summary>The origin named for the operand of a cast: fp64 data from the host.</summary>
    public const string HostOrigin = "host fp64";

    private readonly Dictionary<string, HeadroomEntry> headroom = new(StringComparer.Ordinal);
    private Tape<double>? replayTape;

    /// <summary>Creates a monitor.</summary>
    /// <param name="detectAnomalies">Scan every op's output for the first inf or NaN.</param>
    /// <param name="trackHeadroom">Track range statistics of labelled tensors.</param>
    /// <param name="throwOnAnomaly">Throw <see cref="NumericsAnomalyException"/> at the first anomaly instead of only recording it.</param>
    public NumericsMonitor(bool detectAnomalies = true, bool trackHeadroom = true, bool throwOnAnomaly = false)
    {
        DetectAnomalies = detectAnomalies;
        TrackHeadroom = trackHeadroom;
        ThrowOnAnomaly = throwOnAnomaly;
    }

    /// <summary>Whether op outputs are scanned for non-finite values.</summary>
    public bool DetectAnomalies { get; }

    /// <summary>Whether labelled tensors' ranges are tracked.</summary>
    public bool TrackHeadroom { get; }

    /// <summary>Whether the first anomaly throws.</summary>
    public bool ThrowOnAnomaly { get; }

    /// <summary>The first non-finite value seen since creation or <see cref="ClearAnomaly"/>, or null.</summary>
    public AnomalyReport? FirstAnomaly { get; private set; }

    /// <summary>Forgets the recorded anomaly so the next one is reported.</summary>
    public void ClearAnomaly() => FirstAnomaly = null;

    /// <summary>The headroom of every label seen, sorted by label.</summary>
    public IReadOnlyList<HeadroomRecord> Headroom()
    {
        var records = new List<HeadroomRecord>(headroom.Count);
        foreach (HeadroomEntry entry in headroom.Values)
        {
            records.Add(entry.ToRecord());
        }

        records.Sort((x, y) => string.CompareOrdinal(x.Label, y.Label));
        return records;
    }

    /// <summary>The headroom of one label, if it was seen.</summary>
    public bool TryGetHeadroom(string label, out HeadroomRecord record)
    {
        if (headroom.TryGetValue(label, out HeadroomEntry? entry))
        {
            record = entry.ToRecord();
            return true;
        }

        record = null!;
        return false;
    }

    /// <summary>Starts a new headroom window (e.g. once per update, so each update's records stand alone).</summary>
    public void ResetHeadroom() => headroom.Clear();

    /// <summary>Called by the tape after every op.</summary>
    internal void Inspect(Node<T> node)
    {
        ComputeBackend<T> backend = node.Tape.Backend;
        if (DetectAnomalies && FirstAnomaly is null)
        {
            int index = backend.IndexOfNonFinite(node.Storage);
            if (index >= 0 && node.Op is not null)
            {
                FirstAnomaly = Report(node, index);
                if (ThrowOnAnomaly)
                {
                    throw new NumericsAnomalyException(FirstAnomaly);
                }
            }
        }

        Observe(node);
    }

    /// <summary>
    /// Called by <see cref="Tape{T}.Cast"/> after host data was narrowed into <paramref name="node"/>: a non-finite
    /// element is reported as op "cast" with its fp64 source value and the source's summary as the operand.
    /// </summary>
    internal void InspectCast(Node<T> node, ReadOnlySpan<double> source)
    {
        if (DetectAnomalies && FirstAnomaly is null)
        {
            int index = node.Tape.Backend.IndexOfNonFinite(node.Storage);
            if (index >= 0)
            {
                T[] narrowed = new T[node.Shape.Length];
                node.Tape.Backend.Download(node.Storage, narrowed);
                FirstAnomaly = new AnomalyReport(
                    CastOp,
                    node.Label,
                    node.Index,
                    node.Phase,
                    null,
                    Precision.NameOf<T>(),
                    node.Shape,
                    index,
                    double.CreateTruncating(narrowed[index]),
                    source[index],
                    Precision.MaxValueOf<T>(),
                    [new OperandSummary("a", HostOrigin, node.Label, node.Shape, Scan.Summarize(source))]);
                if (ThrowOnAnomaly)
                {
                    throw new NumericsAnomalyException(FirstAnomaly);
                }
            }
        }

        Observe(node);
    }

    /// <summary>Records the headroom of a labelled tensor (called after ops and when a tensor is labelled).</summary>
    internal void Observe(Node<T> node)
    {
        if (!TrackHeadroom || node.Label is null)
        {
            return;
        }

        if (!headroom.TryGetValue(node.Label, out HeadroomEntry? entry))
        {
            entry = new HeadroomEntry(node.Label);
            headroom.Add(node.Label, entry);
        }

        entry.Add(node.Tape.Backend.Summarize(node.Storage));
    }

    private AnomalyReport Report(Node<T> node, int elementIndex)
    {
        Tape<T> tape = node.Tape;
        var inputs = new List<OperandSummary>(3);
        AddInput(inputs, "a", node.A);
        AddInput(inputs, "b", node.B);
        AddInput(inputs, "c", node.C);
        T[] output = new T[node.Shape.Length];
        tape.Backend.Download(node.Storage, output);
        return new AnomalyReport(
            node.Op!.Name,
            node.Label,
            node.Index,
            node.Phase,
            node.Phase == TapePhase.Backward ? tape.BackwardOf?.Describe() : null,
            Precision.NameOf<T>(),
            node.Shape,
            elementIndex,
            double.CreateTruncating(output[elementIndex]),
            ReplayInDouble(node, elementIndex),
            Precision.MaxValueOf<T>(),
            inputs);
    }

    private static void AddInput(List<OperandSummary> inputs, string role, Node<T>? input)
    {
        if (input is not null)
        {
            inputs.Add(new OperandSummary(role, input.Op?.Name ?? "leaf", input.Label, input.Shape, input.Tape.Backend.Summarize(input.Storage)));
        }
    }

    /// <summary>Runs the same op with the same constants on the inputs up-cast to fp64 and returns one element.</summary>
    private double ReplayInDouble(Node<T> node, int elementIndex)
    {
        replayTape ??= new Tape<double>();
        replayTape.Reset();
        Node<double> a = UpCast(node.A!);
        Node<double>? b = node.B is null ? null : UpCast(node.B);
        Node<double>? c = node.C is null ? null : UpCast(node.C);
        Tensor<double> replayed = replayTape.Record(node.Op!.InDouble, node.Shape, a, b, c, node.P0, node.P1, node.I0, node.I1);
        return replayed.Values[elementIndex];
    }

    private Node<double> UpCast(Node<T> input)
    {
        T[] values = new T[input.Shape.Length];
        input.Tape.Backend.Download(input.Storage, values);
        double[] wide = new double[values.Length];
        Conversions.Widen<T>(values, wide);
        return replayTape!.Constant(input.Shape, wide, input.Label).Node;
    }

    /// <summary>Running range statistics for one label.</summary>
    private sealed class HeadroomEntry(string label)
    {
        private double absMax;
        private double minNonZero = double.PositiveInfinity;
        private long observations;
        private long nonFinite;
        private bool sawInfinity;

        public void Add(ValueSummary summary)
        {
            observations++;
            absMax = Math.Max(absMax, summary.AbsMax);
            minNonZero = Math.Min(minNonZero, summary.MinNonZeroMagnitude);
            long infinities = summary.PositiveInfinities + summary.NegativeInfinities;
            sawInfinity |= infinities > 0;
            nonFinite += infinities + summary.NaNs;
        }

        public HeadroomRecord ToRecord()
        {
            double overflow = sawInfinity ? double.NegativeInfinity
                : absMax == 0 ? double.PositiveInfinity
                : Math.Log10(Precision.MaxValueOf<T>() / absMax);
            double underflow = double.IsPositiveInfinity(minNonZero) ? double.PositiveInfinity
                : Math.Log10(minNonZero / Precision.SmallestNormalOf<T>());
            return new HeadroomRecord(label, Precision.NameOf<T>(), absMax, minNonZero, overflow, underflow, observations, nonFinite);
        }
    }
}
