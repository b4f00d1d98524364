namespace Kernel.Experiments.Reproductions;

/// <summary>What an experiment's report logic found: the claims with verdicts, tables and figures.</summary>
/// <param name="Claims">Each claim of the paper with the paper's number, ours and the verdict.</param>
/// <param name="Sections">Further markdown sections (tables, notes), each a heading and its body.</param>
/// <param name="Figures">Figures written, as (caption, path relative to the report).</param>
public sealed record ExperimentReport(IReadOnlyList<ClaimCheck> Claims, IReadOnlyList<(string Heading, string Markdown)> Sections, IReadOnlyList<(string Caption, string Path)> Figures);
