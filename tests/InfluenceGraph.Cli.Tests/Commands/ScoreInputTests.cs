using System.CommandLine;

namespace InfluenceGraph.Cli.Tests.Commands;

/// <summary><c>score --reverse</c>, <c>score --edges -</c> (standard input), and the bare command.</summary>
public sealed class ScoreInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-score-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Influence-direction file (author engager): "star fan1", "star fan2" means fan1 and fan2 follow star.
    private const string AuthorEngager = "star fan1\nstar fan2\n";

    [Fact]
    public void Score_Reverse_FlipsEveryEdge()
    {
        string path = Path.Combine(_dir, "ae.txt");
        File.WriteAllText(path, AuthorEngager);
        var (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", path, "--reverse", "--metrics", "followers,followees");
        Assert.True(exit == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToDictionary(r => r[0]);
        Assert.Equal(["star", "2", "0"], rows["star"]);   // two followers, follows nobody
        Assert.Equal(["fan1", "0", "1"], rows["fan1"]);

        var (plainExit, plain, _) = ScoreCommandTests.Run("score", "--edges", path, "--metrics", "in_degree");
        Assert.Equal(0, plainExit);
        Assert.StartsWith("account\tfollowers\nfan1\t1", plain.Replace("\r", ""));   // unflipped: star follows the fans
    }

    [Fact]
    public void Score_ReverseWithGraph_IsRefused()
    {
        var (exit, _, stderr) = ScoreCommandTests.Run("score", "--graph", "g", "--reverse");
        Assert.Equal(2, exit);
        Assert.Contains("--reverse applies to --edges", stderr);
    }

    [Fact]
    public void Score_DashReadsStandardInput()
    {
        var psi = ImportCliRunner.StartInfo(["score", "--edges", "-", "--metrics", "in_degree"]);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Write("alice bob\ncarol bob\n");
        p.StandardInput.Close();
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.True(p.ExitCode == 0, stderr);
        Assert.StartsWith("account\tfollowers\nbob\t2\n", stdout.Replace("\r", ""));
    }

    [Fact]
    public void Root_WithoutCommand_ShowsHelpAndFails()
    {
        var output = new StringWriter();
        int exit = Program.Run([], new System.CommandLine.InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Equal(1, exit);
        Assert.Contains("score", output.ToString());
        Assert.Contains("influencers", output.ToString());
    }
}
