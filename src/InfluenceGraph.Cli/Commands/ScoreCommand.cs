using System.CommandLine;

namespace InfluenceGraph.Cli.Commands;

/// <summary><c>influencegraph score</c>: centrality scores of a network file as TSV (issue 2).</summary>
public static class ScoreCommand
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var cmd = new Command("score", "Score every account of an edge file (PageRank, betweenness, degrees) and write TSV.");
        cmd.SetAction(_ => { Console.Error.WriteLine("score: not implemented yet"); return 2; });
        return cmd;
    }
}
