namespace InfluenceGraph.Api.Tests;

/// <summary>Polling shared by the job tests.</summary>
internal static class JobTestSupport
{
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
