using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using InfluenceGraph.Cli.Tests.Commands;

namespace InfluenceGraph.Cli.Tests;

/// <summary>
/// Every option of every command, read from the command definitions (<see cref="Program.BuildRoot"/>),
/// given a bad value: the exit code is 2 and the message names the option as typed.
/// </summary>
public class OptionErrorsTests
{
    /// <summary>Every command that runs (has an action), with its path of names below the root.</summary>
    private static IEnumerable<(string[] Path, Command Command)> Commands(Command c, string[] path)
    {
        if (c.Action is not null && path.Length > 0) yield return (path, c);
        foreach (var sub in c.Subcommands)
            foreach (var x in Commands(sub, [.. path, sub.Name])) yield return x;
    }

    private static bool IsBuiltin(Option o) => o is HelpOption or VersionOption;

    private static readonly Type[] NumericTypes = [typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(ulong), typeof(double), typeof(double?)];

    /// <summary>(command path, option name, bad arguments, text the message must contain) for every option of every command.</summary>
    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (path, cmd) in Commands(Program.BuildRoot(), []))
        {
            string p = string.Join(' ', path);
            foreach (var o in cmd.Options.Where(o => !IsBuiltin(o)))
            {
                bool flag = o.ValueType == typeof(bool) || o.Arity.MaximumNumberOfValues == 1 && o.Arity.MinimumNumberOfValues == 0;
                if (flag)
                {
                    data.Add(p, o.Name, o.Name + "=maybe", o.Name);
                    continue;
                }
                // No value at all.
                data.Add(p, o.Name, o.Name, o.Name);
                bool numeric = NumericTypes.Contains(o.ValueType) || o.HelpName is "N" or "X";
                if (numeric) data.Add(p, o.Name, o.Name + " abc", o.Name);
                if (OptionRules.RangeOf(o) is { } r)
                {
                    double bad = !double.IsInfinity(r.Min) ? (r.MinOpen ? r.Min : r.Min - 1) : (r.MaxOpen ? r.Max : r.Max + 1);
                    data.Add(p, o.Name, $"{o.Name} {bad.ToString(CultureInfo.InvariantCulture)}", $"{o.Name} must be");
                }
                // A value outside a fixed set (AcceptOnlyFromAmong) or that the option's own parser refuses.
                if (!numeric && (o.Validators.Count > 0 || o.Name == "--metrics" && p == "score"))
                    data.Add(p, o.Name, o.Name + " no-such-value", o.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadValue_Exits2_NamingTheOption(string command, string option, string arguments, string expected)
    {
        string[] args = [.. command.Split(' '), .. arguments.Split(' ')];
        var (exit, _, err) = ScoreCommandTests.Run(args);
        Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}, stderr: {err}");
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("System.", err); // no type names such as System.Int32
        _ = option;
    }

    [Fact]
    public void TheEnumerationCoversEveryCommandAndSeesTheRanges()
    {
        var cases = Cases().Select(c => ((string)c[0], (string)c[1], (string)c[2])).ToList();
        var commands = cases.Select(c => c.Item1).Distinct().ToList();
        foreach (var verb in new[] { "score", "import edges", "import accounts", "graphs", "influencers", "guest-list", "audience", "path", "communities", "versions", "changes" })
            Assert.Contains(verb, commands);
        Assert.Contains(cases, c => c.Item1 == "influencers" && c.Item3 == "--min-influence -1");
        Assert.Contains(cases, c => c.Item1 == "guest-list" && c.Item3 == "--epsilon 0");
        Assert.Contains(cases, c => c.Item1 == "import edges" && c.Item3 == "--mode no-such-value");
        Assert.True(cases.Count > 150, $"only {cases.Count} cases");
    }

    [Theory]
    [InlineData("--min-influence 150", "--min-influence must be in [0, 100], got 150.")]
    [InlineData("--top abc", "--top must be an integer, got 'abc'.")]
    [InlineData("--max-engagement 1.5", "--max-engagement must be in [0, 1], got 1.5.")]
    [InlineData("--betweenness-samples 0", "--betweenness-samples must be >= 1, got 0.")]
    [InlineData("--min-influence 9,5", "--min-influence must be a number, got '9,5'.")]
    public void Influencers_MessagesNameTheOptionAsTyped(string arguments, string message)
    {
        var (exit, _, err) = ScoreCommandTests.Run(["influencers", "--demo", .. arguments.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.Equal("error: " + message, err.Split('\n')[0].TrimEnd());
    }

    [Fact]
    public void UnknownOption_Exits2_AndSuggestsTheNearestOne()
    {
        var (exit, _, err) = ScoreCommandTests.Run("score", "--grpah", "x");
        Assert.Equal(2, exit);
        Assert.Equal("error: unknown option '--grpah' for 'influencegraph score'; did you mean --graph?", err.Split('\n')[0].TrimEnd());
        Assert.DoesNotContain("'x'", err); // the unknown option's value is not a second error
    }

    [Fact]
    public void UnknownCommand_Exits2_AndSuggestsTheVerb()
    {
        var (exit, _, err) = ScoreCommandTests.Run("influencer", "--demo");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown command 'influencer' for 'influencegraph'; did you mean influencers?", err);
    }

    [Fact]
    public void AliasTyped_IsTheNameInTheMessage()
    {
        // --betweenness-samples is score's alias of --samples: the message says what the user typed.
        var (exit, _, err) = ScoreCommandTests.Run("score", "--edges", "x.txt", "--betweenness-samples", "0");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --betweenness-samples '0'", err);
    }

    [Fact]
    public void Score_ContradictingOptions_Exit2()
    {
        var (exit, _, err) = ScoreCommandTests.Run("score", "--edges", "a.txt", "--graph", "g");
        Assert.Equal(2, exit);
        Assert.Contains("--edges", err);
    }
}

/// <summary>The CLI finds accounts as the API does (<c>AccountLookup</c> in Core).</summary>
public class AccountArgumentTests
{
    [Fact]
    public void Why_AtAndOtherCase_FindsTheAccount_AndNotesWhichMatched()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--why", "@HAAM_LOSU68");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("haam_losu68: ", stdout);
        Assert.Contains("note: '@HAAM_LOSU68' matched account 'haam_losu68'.", stderr);
    }

    [Fact]
    public void Why_Unknown_Exits2_WithNearMatches()
    {
        var (code, _, stderr) = ImportCliRunner.Run("influencers", "--demo", "--why", "haam_losu86");
        Assert.Equal(2, code);
        Assert.Contains("has no account 'haam_losu86'; did you mean 'haam_losu68'", stderr);
    }
}
