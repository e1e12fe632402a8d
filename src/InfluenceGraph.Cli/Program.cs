using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using InfluenceGraph.Cli.Commands;

namespace InfluenceGraph.Cli;

/// <summary>Entry point of the <c>influencegraph</c> command.</summary>
public static class Program
{
    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("InfluenceGraph: who reaches whom in a follower network. Edges are 'follower followee' (the follower sees the followee's posts).");
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(GraphsCommand.Create());
        root.Subcommands.Add(InfluencersCommand.Create());
        root.Subcommands.Add(GuestListCommand.Create());
        root.Subcommands.Add(AudienceCommand.CreateAudience());
        root.Subcommands.Add(AudienceCommand.CreatePath());
        root.Subcommands.Add(CommunitiesCommand.Create());
        root.Subcommands.Add(ChangesCommand.CreateVersions());
        root.Subcommands.Add(ChangesCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.SetAction(parse =>
        {
            // No verb: show what there is rather than only "Required command was not provided".
            new System.CommandLine.Help.HelpAction().Invoke(parse);
            return 1;
        });
        OptionRules.Apply(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>; returns the exit code. A parse error (unknown option or
    /// command, missing or bad value, value out of its range) prints one line per error naming the
    /// option as typed, with a suggestion for a mistyped name, and exits 2 (<see cref="OptionRules"/>).
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configuration">Where output and errors go; null = the console.</param>
    public static int Run(string[] args, InvocationConfiguration? configuration = null)
    {
        // No response files: '@name' is an account handle here (audience @alice, --why @bob), not a file of arguments.
        var parse = BuildRoot().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var flagErrors = OptionRules.FlagErrors(parse, args);
        if (parse.Errors.Count > 0 || flagErrors.Count > 0) return OptionRules.Report(parse, configuration?.Error ?? Console.Error, flagErrors);
        return parse.Invoke(configuration);
    }

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static int Main(string[] args) => Run(args);
}
