using System.Net;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Tests;

/// <summary>The API and the CLI share one database file: what the CLI imports while the API runs must show up there.</summary>
public sealed class SharedDatabaseTests
{
    [Fact]
    public async Task CliImportWhileApiRuns_IsServedAndExtendedByTheApi()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ig-api-shared-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "catalog.db");
        try
        {
            await using var api = new ApiFactory().With("InfluenceGraph:DatabasePath", db).With("InfluenceGraph:StoreRefreshSeconds", "0.05");
            var client = api.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode); // the server has started

            // The "CLI": another catalog on the same file.
            using (var cli = GraphCatalog.Open(db))
                cli.ImportEdges("three", new MemoryStream("alice bob\ncarol bob\n"u8.ToArray()), new EdgeImportOptions { Format = ImportFormat.Snap });

            HttpResponseMessage r;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((r = await client.GetAsync("/graphs/three")).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
                await Task.Delay(25);
            var g = await HttpAssert.Ok<GraphSummary>(r);
            Assert.Equal((3, 2, 1L), (g.Accounts, g.Edges, g.Version));

            // Extending it through the API appends to the CLI's version instead of failing with a 500.
            var post = await client.PostAsync("/graphs/three/edges", new StringContent("bob dave\n", System.Text.Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            g = await HttpAssert.Ok<GraphSummary>(await client.GetAsync("/graphs/three"));
            Assert.Equal((4, 3, 2L), (g.Accounts, g.Edges, g.Version));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
