using System.Text.Json;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Import;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Services.Imports;

/// <summary>What an accepted import job needs to run again after a restart.</summary>
/// <param name="Id">The job id (answered by <c>GET /jobs/{id}</c>).</param>
/// <param name="Graph">Target graph.</param>
/// <param name="Settings">Import settings from the query.</param>
/// <param name="Source">Source label.</param>
/// <param name="ContentType">Content type passed to the importer (with its charset), or null.</param>
/// <param name="Encoding">Content-Encoding of the spooled body ("" = none).</param>
/// <param name="GzipByType">The body was declared application/gzip.</param>
/// <param name="AcceptedAt">When the 202 was answered.</param>
/// <param name="Started">True once the job began importing (a restart then reports it failed instead of resuming it).</param>
/// <param name="Final">The finished job's status, or null while it is pending.</param>
public sealed record ImportJobRecord(string Id, string Graph, ImportSettings Settings, string Source, string? ContentType, string Encoding,
    bool GzipByType, DateTimeOffset AcceptedAt, bool Started = false, JobStatus? Final = null);

/// <summary>
/// Durable accepted import jobs: a folder <c>{database}-jobs/</c> beside the database holds, per job
/// answered 202, its spooled body (<c>{id}.upload</c>) and a manifest (<c>{id}.json</c>: parameters, then
/// the final status). Manifests are written to a temporary file, flushed and renamed, so a crash leaves the
/// old or the new one. At start-up a job that never started is queued again under its id (the promise of
/// the 202 is kept); one interrupted while importing is reported failed with the reason — the import is
/// all-or-nothing, so it was not applied unless its commit had already happened, which its graph's batch
/// list shows. <c>GET /jobs/{id}</c> answers from the manifest once the job left memory (a restart, or
/// <see cref="InfluenceGraphOptions.RetainedJobs"/>). The newest <c>RetainedJobs</c> finished manifests are kept.
/// In-memory catalogs (<c>DatabasePath=:memory:</c>) keep no journal.
/// </summary>
public sealed class ImportJobJournal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly int _retained;
    private readonly object _gate = new();

    /// <summary>Creates the journal for the configured database (none for an in-memory catalog).</summary>
    public ImportJobJournal(IOptions<InfluenceGraphOptions> options)
    {
        string? db = options.Value.ResolvedDatabasePath();
        Root = db is null ? null : db + "-jobs";
        _retained = Math.Max(1, options.Value.RetainedJobs);
        if (Root is not null) Directory.CreateDirectory(Root);
    }

    /// <summary>The journal folder, or null when jobs are not persisted.</summary>
    public string? Root { get; }

    /// <summary>Where the body of job <paramref name="id"/> is spooled (null without a journal).</summary>
    public string? UploadPath(string id) => Root is null ? null : Path.Combine(Root, id + ".upload");

    /// <summary>Records an accepted (or re-queued) job.</summary>
    public void Write(ImportJobRecord record)
    {
        if (Root is null) return;
        string path = Path.Combine(Root, record.Id + ".json");
        string tmp = path + ".tmp";
        lock (_gate)
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(fs, record, Json);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
    }

    /// <summary>The record of job <paramref name="id"/>, or null.</summary>
    public ImportJobRecord? Read(string id)
    {
        if (Root is null || id.Length is 0 or > 64 || id.Any(c => !char.IsAsciiLetterOrDigit(c))) return null;
        string path = Path.Combine(Root, id + ".json");
        try
        {
            lock (_gate)
            {
                if (!File.Exists(path)) return null;
                return JsonSerializer.Deserialize<ImportJobRecord>(File.ReadAllText(path), Json);
            }
        }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    /// <summary>Records the final status of a job, deletes its body and prunes old manifests.</summary>
    public void Finish(ImportJobRecord record, JobStatus status)
    {
        if (Root is null) return;
        Write(record with { Final = status });
        TryDelete(UploadPath(record.Id)!);
        Prune();
    }

    /// <summary>Every job not finished (accepted before a stop or crash), oldest first.</summary>
    public IReadOnlyList<ImportJobRecord> Pending()
    {
        if (Root is null) return [];
        var list = new List<ImportJobRecord>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.json"))
            if (Read(Path.GetFileNameWithoutExtension(file)) is { Final: null } r) list.Add(r);
        return list.OrderBy(r => r.AcceptedAt).ToList();
    }

    private void Prune()
    {
        var finished = Directory.EnumerateFiles(Root!, "*.json").Select(f => new FileInfo(f)).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        int kept = 0;
        foreach (var f in finished)
        {
            if (Read(Path.GetFileNameWithoutExtension(f.Name)) is not { Final: not null }) continue;
            if (++kept > _retained) TryDelete(f.FullName);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>At start-up, resumes or fails the import jobs a previous run accepted but did not finish (see <see cref="ImportJobJournal"/>).</summary>
public sealed class ImportJobRecovery(ImportService imports, ImportJobJournal journal, ILogger<ImportJobRecovery> log) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var record in journal.Pending())
        {
            string? upload = journal.UploadPath(record.Id);
            if (record.Started || upload is null || !File.Exists(upload))
            {
                string reason = record.Started
                    ? "The server stopped (crash or kill) while this import ran. An import is all-or-nothing: it was not applied unless its commit had completed, which the graph's version (GET /graphs/{name}) shows. Resend the file to be sure."
                    : "The server stopped before this import ran and its spooled body is gone; nothing was applied. Resend the file.";
                var now = DateTimeOffset.UtcNow;
                var status = new JobStatus(record.Id, record.Settings.Edges ? "import-edges" : "import-accounts", record.Graph, "failed", 0, reason,
                    record.AcceptedAt, now, now, 0, null, [], null,
                    new JobError(Problems.ProblemKind.JobInterrupted.Type, Problems.ProblemKind.JobInterrupted.Title, Problems.ProblemKind.JobInterrupted.Status, reason));
                journal.Finish(record, status);
                log.LogWarning("Import job {JobId} into {Graph} was interrupted by a stop; reported failed", record.Id, record.Graph);
                continue;
            }
            imports.Resume(record);
            log.LogInformation("Import job {JobId} into {Graph}, accepted before a restart, queued again", record.Id, record.Graph);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
