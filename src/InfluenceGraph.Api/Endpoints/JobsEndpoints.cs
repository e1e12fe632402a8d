using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/jobs</c>: background imports, analyses and long rankings.</summary>
public static class JobsEndpoints
{
    /// <summary>Maps the job endpoints.</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jobs").WithTags("Jobs");
        group.MapGet("/", ListJobs).WithName("ListJobs").RequireReadKey()
            .WithSummary("List the jobs")
            .WithDescription("Running, queued and recently finished jobs, newest first.");
        group.MapGet("/{id}", GetJob).WithName("GetJob").RequireReadKey()
            .WithSummary("Get a job's state and progress")
            .WithDescription("State (queued, running, succeeded, failed, cancelled), progress fraction and message (e.g. sources done), timings per step, and the result link once succeeded.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", CancelJob).WithName("CancelJob").RequireWriteKey()
            .WithSummary("Cancel a job")
            .WithDescription("Cancels a queued or running job (the computation stops at its next cancellation check; an import applies nothing). Answers the job's state after waiting up to 5 seconds for it to stop.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Lists the jobs.</summary>
    public static Ok<IReadOnlyList<JobStatus>> ListJobs(JobService jobs) =>
        TypedResults.Ok<IReadOnlyList<JobStatus>>(jobs.List().Select(j => j.ToStatus()).ToList());

    /// <summary>Gets one job.</summary>
    public static Results<Ok<JobStatus>, ProblemHttpResult> GetJob([Description("Job id.")] string id, HttpContext context, JobService jobs, Services.Imports.ImportJobJournal journal)
    {
        if (jobs.Get(id) is not { } job)
        {
            // An import job accepted before a restart (or forgotten from memory) answers from its journal.
            if (journal.Read(id) is { Final: { } final }) return TypedResults.Ok(final);
            return ApiProblems.JobNotFound(id);
        }
        if (!job.IsFinished) context.Response.Headers.RetryAfter = "2";
        return TypedResults.Ok(job.ToStatus());
    }

    /// <summary>Cancels one job.</summary>
    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> CancelJob([Description("Job id.")] string id, JobService jobs)
    {
        if (jobs.Get(id) is not { } job) return ApiProblems.JobNotFound(id);
        if (!jobs.Cancel(job))
            return ApiProblems.Of(ProblemKind.JobFinished, $"Job '{id}' already finished ({job.State.ToString().ToLowerInvariant()}).", ("jobId", id));
        await Task.WhenAny(job.Completion, Task.Delay(TimeSpan.FromSeconds(5)));
        return TypedResults.Ok(job.ToStatus());
    }
}
