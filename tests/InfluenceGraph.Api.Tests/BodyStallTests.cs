using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

/// <summary>An import body that stops arriving is answered 408 body-stalled and frees the graph's import turn.</summary>
public sealed class BodyStallTests : IAsyncDisposable
{
    private readonly ApiFactory _api = new ApiFactory().With("InfluenceGraph:ImportBodyIdleTimeoutSeconds", "1");
    private readonly HttpClient _client;

    // The test server's own client streams the body (the factory's default client buffers it whole to replay redirects).
    public BodyStallTests() => _client = _api.Server.CreateClient();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    /// <summary>Sends a first part of a SNAP body, then nothing until <see cref="Release"/> completes.</summary>
    private sealed class StallingContent(string first) : HttpContent
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await stream.WriteAsync(Encoding.UTF8.GetBytes("late followee\n"));
        }

        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    [Fact]
    public async Task StalledBody_Is408BodyStalled_ImportsNothing_AndTheNextImportOfTheGraphRuns()
    {
        var stalling = new StallingContent(string.Concat(Enumerable.Range(0, 2000).Select(i => $"u{i} v{i}\n")));
        stalling.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var started = DateTime.UtcNow;
        try
        {
            var res = await _client.PostAsync("/graphs/stall/edges", stalling);
            var problem = await HttpAssert.Problem(res, HttpStatusCode.RequestTimeout, "/problems/body-stalled");
            Assert.Contains("no byte arrived for 1 s", problem.GetProperty("detail").GetString());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the stall was not cut at the idle timeout");
        }
        finally { stalling.Release.TrySetResult(); }
        Assert.Null(_api.Catalog.Get("stall")); // nothing imported: the graph was never created

        var next = new StringContent("a b\nb c\n", Encoding.UTF8, "text/plain");
        var ok = await _client.PostAsync("/graphs/stall/edges", next);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, _api.Catalog.Get("stall")!.Snapshot.NodeCount);
    }
}
