namespace Kernel.Experiments.Reproductions;

/// <summary>One claim of a paper, checked against our data.</summary>
/// <param name="Statement">The claim, in a sentence.</param>
/// <param name="Paper">The paper's number or finding, with where it is stated.</param>
/// <param name="Ours">Our number, computed from the runs.</param>
/// <param name="Verdict">The verdict the rule gives.</param>
/// <param name="Rule">The rule, stated so a reader can recompute the verdict from the data.</param>
public sealed record ClaimCheck(string Statement, string Paper, string Ours, Verdict Verdict, string Rule)
{
    /// <summary>The verdict as the report writes it.</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Partly => "partly",
        _ => "not reproduced",
    };

    /// <summary>
    /// The verdict of a two-level rule: <see cref="Verdict.Reproduced"/> when <paramref name="full"/> holds,
    /// <see cref="Verdict.Partly"/> when only <paramref name="partial"/> does, else <see cref="Verdict.NotReproduced"/>.
    /// </summary>
    public static Verdict Judge(bool full, bool partial) => full ? Verdict.Reproduced : partial ? Verdict.Partly : Verdict.NotReproduced;
}
