using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

/// <summary>Inputs and polling shared by the job tests.</summary>
internal static class JobTestSupport
{
    /// <summary>A seeded G(n, m) follower graph on accounts a0..a(n-1) (duplicates collapse, loops kept).</summary>
    public static GraphSnapshot RandomGraph(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder();
        for (int i = 0; i < n; i++) b.AddAccount("a" + i);
        for (int e = 0; e < m; e++) b.AddEdge("a" + rng.Next(n), "a" + rng.Next(n));
        return b.Build();
    }

    /// <summary>Polls the job at <paramref name="location"/> (<c>/jobs/ID</c>) until it has finished, for at most 120 s.</summary>
    /// <exception cref="TimeoutException">The job is still queued or running after 120 s.</exception>
    public static async Task<JobStatus> WaitAsync(HttpClient client, string location)
    {
        for (int i = 0; i < 2400; i++)
        {
            var job = await HttpAssert.Ok<JobStatus>(await client.GetAsync(location));
            if (job.State is "succeeded" or "failed" or "cancelled") return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The job {location} did not finish in 120 s.");
    }
}
