using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InfluenceGraph.Api.Services.Imports;

/// <summary>What to import and how, parsed from the query.</summary>
/// <param name="Edges">True for edges, false for account attributes.</param>
/// <param name="Format">Format override (Auto = detect).</param>
/// <param name="Mode">Append or replace.</param>
/// <param name="OnError">Fail or skip.</param>
/// <param name="Reverse">Rows are followee follower.</param>
/// <param name="Source">Source label, or null.</param>
/// <param name="WeightColumn">Edges: the weight column (<see cref="EdgeImportOptions.WeightColumn"/>), null = automatic.</param>
/// <param name="TimeColumn">Edges: the time column (<see cref="EdgeImportOptions.TimeColumn"/>), null = automatic.</param>
/// <param name="MinWeight">Edges: drop rows with a weight below this (<see cref="EdgeImportOptions.MinWeight"/>), or null.</param>
/// <param name="Key">Attribute imports: the join column (<c>key=</c>), or null for the default account column names.</param>
public sealed record ImportSettings(bool Edges, ImportFormat Format, ImportMode Mode, OnErrorPolicy OnError, bool Reverse, string? Source,
    string? WeightColumn = null, string? TimeColumn = null, double? MinWeight = null, string? Key = null);

/// <summary>The outcome of an import request: a report, a queued job, or a problem.</summary>
public abstract record ImportOutcome
{
    /// <summary>Imported in the request.</summary>
    public sealed record Done(ImportReport Report) : ImportOutcome;
    /// <summary>Spooled and queued as a job.</summary>
    public sealed record Queued(Job Job) : ImportOutcome;
    /// <summary>Refused (415, 400 rejected rows...).</summary>
    public sealed record Refused(ProblemHttpResult Problem) : ImportOutcome;
}

/// <summary>A batch with rejected rows under onError=fail: nothing applied.</summary>
public sealed class ImportRejectedException(ImportReport report)
    : Exception($"{report.RejectedCount} row(s) rejected and onError=fail: nothing was applied. First: "
        + (report.Rejections.Count > 0 ? $"line {report.Rejections[0].Line}" + (report.Rejections[0].Field is { } f ? $", field '{f}'" : "") + $": {report.Rejections[0].Reason}" : "(none listed)"))
{
    /// <summary>The report of the refused batch.</summary>
    public ImportReport Report { get; } = report;
}

/// <summary>
/// Streams request bodies into <see cref="GraphCatalog.ImportEdges"/> / <see cref="GraphCatalog.ImportAccounts"/>:
/// media-type and encoding checks, size limits, multipart file sections, and large bodies spooled to a
/// temporary file and imported by a job.
/// </summary>
public sealed class ImportService(GraphCatalog catalog, JobService jobs, ImportJobJournal journal, IOptions<InfluenceGraphOptions> options, ILogger<ImportService> log)
{
    /// <summary>Media types accepted by the import endpoints (also <c>multipart/form-data</c> with one file part).</summary>
    public static readonly string[] SupportedMediaTypes =
    [
        "text/csv", "text/tab-separated-values", "text/plain", "application/json", "application/x-ndjson",
        "application/ndjson", "application/jsonl", "application/graphml+xml", "application/xml", "text/xml",
        "application/gzip", "application/x-gzip", "application/octet-stream", "multipart/form-data",
        // GML and the other spellings the format detector recognises (ImportFormatDetector.FromContentType).
        "text/vnd.gml", "text/gml", "application/gml", "application/csv", "text/tsv", "text/json",
        "application/x-jsonlines", "application/jsonlines",
    ];

    private readonly InfluenceGraphOptions _options = options.Value;

    /// <summary>Imports the body of <paramref name="request"/> into <paramref name="graph"/>.</summary>
    /// <exception cref="UploadTooLargeException">The body exceeds MaxUploadBytes (or MaxDecompressedBytes).</exception>
    /// <exception cref="ImportFormatException">The body cannot be read.</exception>
    public async Task<ImportOutcome> ImportAsync(HttpRequest request, string graph, ImportSettings settings, CancellationToken cancellationToken)
    {
        long? length = request.ContentLength;
        if (length > _options.MaxUploadBytes) throw new UploadTooLargeException(_options.MaxUploadBytes, "request body");
        if (length == 0) return new ImportOutcome.Refused(ApiProblems.Of(ProblemKind.EmptyBody, "The request body is empty: nothing to import."));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = _options.MaxUploadBytes;

        // Media type and encoding.
        string? mediaType = null;
        if (request.ContentType is { } ct)
        {
            var parsed = ContentTypeHeader.Parse(ct);
            if (!parsed.IsWellFormed) return Unsupported(ct, "The Content-Type header cannot be parsed: it must be type/subtype with optional ;name=value parameters.");
            mediaType = parsed.MediaType;
        }
        string encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is "identity") encoding = "";
        if (encoding is not ("" or "gzip" or "x-gzip" or "deflate" or "br"))
            return Unsupported(request.ContentType, $"Content-Encoding '{encoding}' is not supported (use gzip, deflate, br or none; one encoding, not a list).");
        if (encoding.Length > 0 && mediaType == "multipart/form-data")
            return Unsupported(request.ContentType, $"Content-Encoding '{encoding}' cannot be combined with multipart/form-data: send the compressed file as the part (e.g. curl -F file=@edges.csv.gz) or the compressed body without multipart.");

        Stream payload = request.Body;
        string? fullContentType = request.ContentType;
        string? source = settings.Source;
        if (mediaType == "multipart/form-data")
        {
            var section = await FileSectionAsync(request, cancellationToken).ConfigureAwait(false);
            if (section is null)
                return new ImportOutcome.Refused(ApiProblems.InvalidParameter("file", "The multipart body has no file part (send the file as a form field with a file name, e.g. curl -F file=@edges.csv)."));
            payload = section.Value.Body;
            source ??= section.Value.FileName;
            mediaType = section.Value.MediaType;
            fullContentType = section.Value.ContentType;
            if (mediaType is "multipart/form-data") { mediaType = null; fullContentType = null; }
        }
        else if (settings.Format == ImportFormat.Auto && (mediaType is null || !SupportedMediaTypes.Contains(mediaType)))
        {
            return Unsupported(request.ContentType, mediaType is null
                ? "The request has no Content-Type. Send one of the supported types (e.g. -H 'Content-Type: text/csv') or give ?format=."
                : $"Content-Type '{mediaType}' cannot be imported. Send one of the supported types or give ?format= (curl --data-binary sends application/x-www-form-urlencoded unless told otherwise).");
        }

        bool gzipByType = mediaType is "application/gzip" or "application/x-gzip";
        // The full Content-Type (with its charset parameter) goes to the importer, which decodes the declared charset.
        string? detectionType = gzipByType || mediaType is null or "application/octet-stream" ? null : fullContentType;
        source ??= "request";
        var raw = new LimitedReadStream(payload, _options.MaxUploadBytes, "request body", leaveOpen: true,
            idleTimeout: TimeSpan.FromSeconds(_options.ImportBodyIdleTimeoutSeconds));

        if (length > _options.ImportJobThresholdBytes)
            return new ImportOutcome.Queued(await SpoolAndQueueAsync(raw, graph, settings, source, detectionType, encoding, gzipByType, cancellationToken).ConfigureAwait(false));

        var report = await Task.Run(() =>
        {
            using Stream body = Decode(raw, encoding, gzipByType);
            return Import(graph, body, settings, source, detectionType, null, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        if (!report.Applied && report.RejectedCount > 0)
            return new ImportOutcome.Refused(Rejected(report));
        if (report.Applied) jobs.CancelSuperseded(graph, report.VersionAfter);
        return new ImportOutcome.Done(report);
    }

    /// <summary>400 import-rejected with the report.</summary>
    public static ProblemHttpResult Rejected(ImportReport report)
    {
        var e = new ImportRejectedException(report);
        var first = report.Rejections.FirstOrDefault();
        return ApiProblems.Of(ProblemKind.ImportRejected, e.Message,
            ("line", first?.Line), ("field", first?.Field), ("rejectedCount", report.RejectedCount),
            ("rejections", report.Rejections.Select(x => new ImportRejectionDto(x.Line, x.Field, x.Reason)).ToList()));
    }

    private ImportReport Import(string graph, Stream body, ImportSettings s, string source, string? contentType,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        try
        {
            return s.Edges
                ? catalog.ImportEdges(graph, body, new EdgeImportOptions
                {
                    Format = s.Format, Mode = s.Mode, OnError = s.OnError, Reverse = s.Reverse, SourceName = source, ContentType = contentType,
                    MaxDecompressedBytes = _options.DecompressionBudget,
                    WeightColumn = s.WeightColumn, TimeColumn = s.TimeColumn, MinWeight = s.MinWeight,
                }, progress, ct)
                : catalog.ImportAccounts(graph, body, new AccountImportOptions
                {
                    Format = s.Format, Mode = s.Mode, OnError = s.OnError, SourceName = source, ContentType = contentType,
                    MaxDecompressedBytes = _options.DecompressionBudget, Key = s.Key,
                }, progress, ct);
        }
        catch (Exception e) when (FindLimit(e) is { } tooLarge && !ReferenceEquals(tooLarge, e))
        {
            // The importer may wrap stream failures; the size limit is what the client must see.
            throw tooLarge;
        }
        catch (Exception e) when (RequestBodyException.Find(e) is { } bad && !ReferenceEquals(bad, e))
        {
            // Likewise a body that does not decode: a 4xx naming the encoding, not an import-format or 500.
            throw bad;
        }
        catch (Exception e) when (RequestBodyException.Find(e) is null && FindInChain<DecodedSizeLimitException>(e) is { } over)
        {
            // Gzip recognised by its magic bytes: the same budget, the same 413.
            throw new UploadTooLargeException(over.Limit, "decompressed body");
        }
        catch (Exception e) when (RequestBodyException.Find(e) is null && FindInChain<CorruptEncodingException>(e) is { } corrupt)
        {
            // Gzip recognised by its magic bytes that does not decode: the same corrupt-body problem as a Content-Encoding body.
            throw RequestBodyException.Corrupt("gzip body", corrupt.Reason, e);
        }
    }

    private static T? FindInChain<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static UploadTooLargeException? FindLimit(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is UploadTooLargeException u) return u;
        return null;
    }

    private Stream Decode(Stream raw, string encoding, bool gzipByType)
    {
        long budget = _options.DecompressionBudget;
        Stream s = encoding.Length > 0 ? BodyDecoding.Decode(raw, encoding, $"Content-Encoding: {encoding} body", budget) : raw;
        if (gzipByType) s = BodyDecoding.Decode(s, "gzip", "application/gzip body", budget);
        return s;
    }

    private async Task<Job> SpoolAndQueueAsync(LimitedReadStream raw, string graph, ImportSettings settings, string source,
        string? contentType, string encoding, bool gzipByType, CancellationToken ct)
    {
        string id = JobService.NewId();
        string file;
        if (journal.UploadPath(id) is { } durable) file = durable; // kept until the job finishes, across restarts
        else
        {
            string dir = Path.Combine(InfluenceGraphOptions.SpoolRoot, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            file = Path.Combine(dir, id + ".upload");
        }
        try
        {
            await using (var fs = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await raw.CopyToAsync(fs, 1 << 16, ct).ConfigureAwait(false);
                fs.Flush(flushToDisk: journal.Root is not null);
            }
        }
        catch
        {
            TryDelete(file);
            throw;
        }
        long total = new FileInfo(file).Length;
        log.LogInformation("Spooled {Bytes} bytes for an import into {Graph}; importing in job {JobId}", total, graph, id);
        var record = new ImportJobRecord(id, graph, settings, source, contentType, encoding, gzipByType, DateTimeOffset.UtcNow);
        journal.Write(record); // before the 202: a crash from here on leaves a job that the next start resumes
        return Queue(record, file);
    }

    /// <summary>Queues again an import job accepted before a restart (its body is in the journal).</summary>
    internal Job Resume(ImportJobRecord record) => Queue(record, journal.UploadPath(record.Id)!);

    private Job Queue(ImportJobRecord record, string file)
    {
        var settings = record.Settings;
        string graph = record.Graph;
        return jobs.Start(settings.Edges ? "import-edges" : "import-accounts", graph, (job, token) =>
        {
            journal.Write(record with { Started = true });
            long total = new FileInfo(file).Length;
            using var file0 = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var counted = new LimitedReadStream(file0, long.MaxValue, "spooled body");
            using Stream body = Decode(counted, record.Encoding, record.GzipByType);
            var progress = new SyncProgress(p => job.Report((double)counted.BytesRead / Math.Max(1, total), $"{p.RowsRead} rows read"));
            var report = Import(graph, body, settings, record.Source, record.ContentType, progress, token);
            job.Import = report.ToDto();
            if (!report.Applied && report.RejectedCount > 0) throw new ImportRejectedException(report);
            if (report.Applied) jobs.CancelSuperseded(graph, report.VersionAfter);
            job.Result = "/graphs/" + Uri.EscapeDataString(graph);
            return Task.CompletedTask;
        }, job =>
        {
            if (journal.Root is null) { TryDelete(file); return; }
            if (job.State == JobState.Cancelled && job.Error?.Detail.StartsWith("cancelled: the server shut down", StringComparison.Ordinal) == true)
            {
                // Stopped by a graceful shutdown, nothing applied: the next start runs it again.
                journal.Write(record with { Started = false });
                return;
            }
            journal.Finish(record, job.ToStatus());
        }, id: record.Id);
    }

    private static async Task<(Stream Body, string? FileName, string? MediaType, string? ContentType)?> FileSectionAsync(HttpRequest request, CancellationToken ct)
    {
        string? boundary = ContentTypeHeader.Parameter(request.ContentType, "boundary");
        if (string.IsNullOrEmpty(boundary)) return null;
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
            {
                if (!IsFilePart(section, out string? name)) continue;
                var parsedType = ContentTypeHeader.Parse(section.ContentType);
                string? type = parsedType.IsWellFormed ? parsedType.MediaType : null;
                var body = new MultipartFileStream(section.Body, reader, name ?? "file");
                return (body, name, type, type is null ? null : section.ContentType);
            }
        }
        catch (IOException e) when (e is not UploadTooLargeException)
        {
            throw RequestBodyException.Corrupt("multipart/form-data body", e.Message, e);
        }
        return null;
    }

    /// <summary>True when <paramref name="section"/> is a file part (form-data with a file name); <paramref name="fileName"/> is its base name.</summary>
    internal static bool IsFilePart(MultipartSection section, out string? fileName)
    {
        fileName = null;
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.IsFileDisposition()) return false;
        string? name = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
        fileName = string.IsNullOrEmpty(name) ? null : Path.GetFileName(name);
        return true;
    }

    /// <summary>
    /// Deletes spool files left by processes that ended without cleaning up (killed, crashed, or a restart
    /// while an import job was pending): every <c>{pid}</c> folder of <see cref="InfluenceGraphOptions.SpoolRoot"/>
    /// whose process is gone, and loose files of older builds untouched for an hour.
    /// </summary>
    /// <returns>The number of files deleted.</returns>
    public static int DeleteOrphanedSpoolFiles(ILogger log)
    {
        string root = InfluenceGraphOptions.SpoolRoot;
        if (!Directory.Exists(root)) return 0;
        int deleted = 0;
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || ProcessRuns(pid)) continue;
            try { deleted += Directory.GetFiles(dir).Length; Directory.Delete(dir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { log.LogWarning(e, "Could not delete the orphaned spool folder {Dir}", dir); }
        }
        foreach (var file in Directory.EnumerateFiles(root, "*.upload"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddHours(-1)) { File.Delete(file); deleted++; }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { log.LogWarning(e, "Could not delete the orphaned spool file {File}", file); }
        }
        if (deleted > 0) log.LogInformation("Deleted {Count} orphaned upload spool file(s) under {Root}", deleted, root);
        return deleted;
    }

    private static bool ProcessRuns(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static ImportOutcome Unsupported(string? contentType, string detail) =>
        new ImportOutcome.Refused(ApiProblems.Of(ProblemKind.UnsupportedMediaType, detail,
            ("contentType", contentType), ("supported", SupportedMediaTypes)));

    private void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException e) { log.LogWarning(e, "Could not delete {File}", file); }
    }

    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
