using System.CommandLine;
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
        return root;
    }

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
