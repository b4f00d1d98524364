using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

public sealed class KernelCommandTests
{
    [Fact]
    public void UnderTheDotnetHostChildrenStartAsDotnetAndTheEntryAssembly()
    {
        // The test host runs as `dotnet testhost.dll`: the command is that host and an absolute assembly path.
        KernelCommand current = KernelCommand.Current();
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(current.FileName));
        Assert.True(Path.IsPathFullyQualified(current.FileName));
        Assert.Single(current.Prefix);
        Assert.True(Path.IsPathFullyQualified(current.Prefix[0]));
        Assert.EndsWith(".dll", current.Prefix[0], StringComparison.Ordinal);

        KernelCommand kernel = KernelCommand.ForAssembly("kernel.dll");
        Assert.Equal(current.FileName, kernel.FileName);
        Assert.Equal([Path.GetFullPath("kernel.dll")], kernel.Prefix);
    }

    [Fact]
    public void ShellLinesQuoteOnlyWhatNeedsIt()
    {
        var kernel = new KernelCommand("/usr/bin/dotnet", ["/opt/k/kernel.dll"]);
        Assert.Equal(
            "/usr/bin/dotnet /opt/k/kernel.dll train --out '/tmp/a b/algo=ppo_seed=1' --policy-hidden 64,64 --note 'it'\\''s'",
            kernel.ShellLine(["train", "--out", "/tmp/a b/algo=ppo_seed=1", "--policy-hidden", "64,64", "--note", "it's"]));
    }
}
