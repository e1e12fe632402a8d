using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Api.Services.Jobs;

/// <summary>
/// Forwards the progress of one step of a job to the job, synchronously (the work runs on a pool
/// thread already): step <c>index</c> of <c>count</c> at fraction f reports (index + f) / count
/// overall, with the message prefixed by the step's name when there is one.
/// </summary>
/// <param name="job">The job to report to.</param>
/// <param name="index">0-based index of the step.</param>
/// <param name="count">Number of steps (&gt;= 1).</param>
/// <param name="step">Step name used as message prefix (<c>"betweenness: 12 of 400 sources"</c>), or null for a job of one unnamed step.</param>
public sealed class JobStepProgress(Job job, int index = 0, int count = 1, string? step = null) : IProgress<CentralityProgress>
{
    /// <inheritdoc />
    public void Report(CentralityProgress value) =>
        job.Report((index + value.Fraction) / count, step is null ? value.Message : $"{step}: {value.Message}");
}
