using System.Net.Http.Json;
using System.Text;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Tests;

/// <summary>Graceful shutdown and restart: accepted imports are not lost, orphaned spool files are removed.</summary>
public sealed class ShutdownTests
{
    // An import accepted with 202 and still running when the host stops (SIGTERM) must finish within
    // the shutdown timeout: after the restart its edges are in the database.
    [Fact]
    public async Task Stop_WhileAnImportJobRuns_LetsItFinish_AndTheDataIsPersisted()
    {
        using var api = new ApiFactory().With("InfluenceGraph:ImportJobThresholdBytes", "2000").With("InfluenceGraph:ShutdownTimeoutSeconds", "60");
        api.KeepDatabase = true;
        var client = api.CreateClient();
        const int rows = 300_000;
        var sb = new StringBuilder(rows * 16);
        for (int i = 0; i < rows; i++) sb.Append('u').Append(i).Append(",v").Append(i % 1000).Append('\n');
        var response = await client.PostAsync("/graphs/inflight/edges", new StringContent(sb.ToString(), new UTF8Encoding(false), "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!;
        Assert.NotEqual("succeeded", (await HttpAssert.Ok<JobStatus>(await client.GetAsync("/jobs/" + job.Id))).State);

        string db = api.DatabasePath;
        api.Dispose(); // host StopAsync, as on SIGTERM
        try
        {
            using var catalog = GraphCatalog.Open(db);
            var g = catalog.Get("inflight");
            Assert.NotNull(g);
            Assert.Equal(rows, g.Snapshot.EdgeCount);
        }
        finally
        {
            try { Directory.Delete(Path.GetDirectoryName(db)!, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void StartUp_DeletesSpoolFilesOfProcessesThatAreGone()
    {
        string dead = Path.Combine(InfluenceGraphOptions.SpoolRoot, int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dead);
        string orphan = Path.Combine(dead, "0123.upload");
        File.WriteAllText(orphan, "a,b\n");
        using var api = new ApiFactory();
        _ = api.CreateClient(); // starts the host
        Assert.False(File.Exists(orphan));
        Assert.False(Directory.Exists(dead));
    }
}
