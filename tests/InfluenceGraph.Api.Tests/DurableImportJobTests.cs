using System.Text;
using InfluenceGraph.Api.Services.Imports;
using InfluenceGraph.Core.Import;
using Microsoft.Extensions.DependencyInjection;

namespace InfluenceGraph.Api.Tests;

/// <summary>Accepted import jobs survive a restart: resumed when they had not started, reported failed with the reason when interrupted, and GET /jobs/{id} answers after it.</summary>
public sealed class DurableImportJobTests
{
    private static string Rows(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"u{i} v{i % 13}\n"));

    private static ApiFactory Server(string? databasePath = null)
    {
        var api = new ApiFactory().With("InfluenceGraph:ImportJobThresholdBytes", "1000");
        if (databasePath is not null) api.With("InfluenceGraph:DatabasePath", databasePath);
        api.KeepDatabase = databasePath is null; // the first server's folder outlives it; the test deletes it
        return api;
    }

    [Fact]
    public async Task FinishedJob_AnswersAfterARestart()
    {
        string db;
        string location;
        await using (var first = Server())
        {
            db = first.DatabasePath;
            var client = first.CreateClient();
            var res = await client.PostAsync("/graphs/dj/edges", new StringContent(Rows(500), Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, res.StatusCode);
            location = res.Headers.Location!.ToString();
            Assert.Equal("succeeded", (await JobTestSupport.WaitAsync(client, location)).State);
        }
        try
        {
            await using var second = Server(db);
            var job = await HttpAssert.Ok<JobStatus>(await second.CreateClient().GetAsync(location));
            Assert.Equal("succeeded", job.State);
            Assert.Equal(500, job.Import!.RowsRead);
        }
        finally { Directory.Delete(Path.GetDirectoryName(db)!, true); }
    }

    [Theory]
    [InlineData(false)] // accepted, not started when the server died: resumed under its id
    [InlineData(true)]  // killed while importing: reported failed with the reason
    public async Task JobLeftByAKilledServer_IsResumedOrReportedFailed(bool started)
    {
        string db;
        string id = "0123456789abcdef";
        await using (var first = Server())
        {
            db = first.DatabasePath;
            _ = first.CreateClient();
            // What a server killed after its 202 leaves behind: the manifest and the spooled body.
            var journal = first.Services.GetRequiredService<ImportJobJournal>();
            await File.WriteAllTextAsync(journal.UploadPath(id)!, Rows(300));
            journal.Write(new ImportJobRecord(id, "resumed", new ImportSettings(true, ImportFormat.Auto, ImportMode.Append, OnErrorPolicy.Fail, false, null),
                "upload.txt", "text/plain", "", false, DateTimeOffset.UtcNow, Started: started));
        }
        try
        {
            await using var second = Server(db);
            var client = second.CreateClient();
            var job = await JobTestSupport.WaitAsync(client, "/jobs/" + id);
            if (!started)
            {
                Assert.Equal("succeeded", job.State);
                Assert.Equal(300, second.Catalog.Get("resumed")!.Snapshot.EdgeCount);
            }
            else
            {
                Assert.Equal("failed", job.State);
                Assert.Equal("/problems/job-interrupted", job.Error!.Type);
                Assert.Contains("stopped", job.Error.Detail);
                Assert.Null(second.Catalog.Get("resumed"));
            }
            Assert.False(File.Exists(second.Services.GetRequiredService<ImportJobJournal>().UploadPath(id)));
        }
        finally { Directory.Delete(Path.GetDirectoryName(db)!, true); }
    }
}
