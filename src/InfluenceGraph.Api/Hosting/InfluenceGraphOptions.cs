using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// Configuration of the API, bound from the <c>InfluenceGraph</c> section (appsettings.json,
/// environment variables such as <c>InfluenceGraph__ApiKeys__0</c>, command-line arguments).
/// </summary>
public sealed class InfluenceGraphOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "InfluenceGraph";

    /// <summary>
    /// SQLite database file of the graph catalog. Empty means
    /// <c>LocalApplicationData/InfluenceGraph/influencegraph.db</c>; <c>:memory:</c> keeps everything in memory
    /// (nothing persisted).
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// How a committed import reaches the disk: <c>Full</c> (default; SQLite <c>synchronous=FULL</c>, a batch
    /// answered as applied survives a power failure) or <c>Normal</c> (<c>synchronous=NORMAL</c>: faster,
    /// but the last batches can be lost on power failure; never on a process crash).
    /// </summary>
    public InfluenceGraph.Core.Storage.StoreDurability Durability { get; set; } = InfluenceGraph.Core.Storage.StoreDurability.Full;

    /// <summary>
    /// Keys accepted in the <c>X-Api-Key</c> header. Writes (graph creation and deletion, imports,
    /// analyses, job cancellation) need one of them. None configured = local-only development mode:
    /// writes are accepted from loopback clients only, and the start-up log says so.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>
    /// Keyless mode only: origins (<c>scheme://host[:port]</c>) besides the server's own whose pages may
    /// write (a browser sends them in the <c>Origin</c> header); default none. Writes from any other
    /// origin, or marked <c>Sec-Fetch-Site: cross-site</c>, get 403.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Keyless mode only, with <c>AllowedHosts</c> left at <c>*</c>: host names answered besides the
    /// loopback ones (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>); default none (DNS-rebinding defence).
    /// </summary>
    public string[] KeylessAllowedHosts { get; set; } = [];

    /// <summary>When true, reads need a key too (ignored when no key is configured); default false.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>Largest accepted request body of an import, in bytes (as sent, compressed or not); default 1 GiB. Larger bodies get 413.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Longest pause, in seconds, between two reads of an import body that delivered bytes; default 30, range 1–3600.
    /// A body that stalls longer is answered 408 <c>body-stalled</c> and nothing is imported. A synchronous import
    /// holds its graph's import turn while its body streams in, so without this a client that stops sending would
    /// block the graph's other imports and its deletion until Kestrel's minimum data rate (240 B/s averaged over
    /// the whole body) ran out — hours for a large partial body.
    /// </summary>
    public int ImportBodyIdleTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Decompression budget of an import body, in bytes: the most a body may expand to through every
    /// decoding it goes through (<c>Content-Encoding</c> gzip/deflate/br, <c>application/gzip</c>, and gzip
    /// recognised by its magic bytes); past it the import answers 413 and applies nothing. Null or 0
    /// (default) = half the memory available to the process (<see cref="CheckedDecoders.DefaultMaxDecompressedBytes"/>).
    /// </summary>
    public long? MaxDecompressedBytes { get; set; }

    /// <summary><see cref="MaxDecompressedBytes"/> with its default applied.</summary>
    public long DecompressionBudget => MaxDecompressedBytes is long v && v > 0 ? v : CheckedDecoders.DefaultMaxDecompressedBytes;

    /// <summary>
    /// Import bodies whose Content-Length exceeds this many bytes are spooled to a temporary file and
    /// imported by a background job (202 Accepted + job location); default 16 MiB. Bodies of unknown
    /// length (chunked) are imported in the request.
    /// </summary>
    public long ImportJobThresholdBytes { get; set; } = 16L << 20;

    /// <summary>
    /// A ranking whose estimated work (edge visits: iterations x edges for PageRank, sources x edges
    /// for betweenness) exceeds this runs as a background job and the request answers 202; default 2e8.
    /// </summary>
    public double SyncWorkLimit { get; set; } = 2e8;

    /// <summary>Computed metric results kept in memory (least recently used evicted first); default 32.</summary>
    public int ResultCacheEntries { get; set; } = 32;

    /// <summary>
    /// Bytes of serialized responses (JSON/CSV bodies and their headers) kept by the response cache in front of the
    /// read endpoints (<see cref="ResponseCaching"/>); default 64 MiB. When full, the least recently used entries
    /// are evicted. 0 turns the response cache off.
    /// </summary>
    public long ResponseCacheBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Memory (bytes) this process may use in all, against which each analysis's memory estimate is checked before it starts
    /// (<see cref="Core.Metrics.MemoryBudget"/>); null or 0 = what the runtime reports
    /// (<c>GC.GetGCMemoryInfo().TotalAvailableMemoryBytes</c>: physical memory, or the container's limit). Set it lower to
    /// keep analyses within a budget (and, in tests, to make a real analysis refuse deterministically).
    /// </summary>
    public long? AvailableMemoryBytes { get; set; }

    /// <summary>Background jobs run at the same time; default 1 (the others wait, state <c>queued</c>), plus the <see cref="QuickJobSlots"/> reserved for short jobs.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>
    /// Extra job slots only short jobs may use (estimated work at most <see cref="QuickJobWorkLimit"/>), so that a short
    /// job is never queued behind a long one; default 1. A short job takes a quick slot or a general slot, whichever frees first.
    /// </summary>
    public int QuickJobSlots { get; set; } = 1;

    /// <summary>Largest estimated work (edge visits) of a short job, which may use a <see cref="QuickJobSlots"/> slot; default 2e9 (about 10 times <see cref="SyncWorkLimit"/>).</summary>
    public double QuickJobWorkLimit { get; set; } = 2e9;

    /// <summary>
    /// A GET whose uncached result is estimated to need more work (edge visits) than this does not start it: it answers
    /// 409 <c>expensive-analysis</c> with the estimate and the request that starts it (POST analyses); default 2e10
    /// (exact betweenness of a graph of about 100,000 accounts and 200,000 follows). 0 turns the check off.
    /// </summary>
    public double ConfirmWorkLimit { get; set; } = 2e10;

    /// <summary>
    /// Edge visits per second assumed by the time estimates (cost estimate, job ETA before progress is known); default 5e7,
    /// a conservative single-core figure. Estimates are indicative: a loaded machine is slower.
    /// </summary>
    public double WorkPerSecond { get; set; } = 5e7;

    /// <summary>Largest <c>wait</c> (seconds) a request may ask for, by query or by <c>Prefer: wait=N</c>; default 300.</summary>
    public double MaxWaitSeconds { get; set; } = 300;

    /// <summary>Finished jobs remembered for <c>GET /jobs/{id}</c>; default 200 (oldest forgotten first).</summary>
    public int RetainedJobs { get; set; } = 200;

    /// <summary>Imports accepted per client (API key, or IP address without one) per minute; default 30. Further ones get 429.</summary>
    public int ImportsPerMinute { get; set; } = 30;

    /// <summary>Largest <c>top</c> of a JSON ranking page; default 10000 (CSV is streamed and not limited).</summary>
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Publish the demo network as graph <c>default</c> at start-up when the catalog has none; default true.</summary>
    public bool SeedDefaultGraph { get; set; } = true;

    /// <summary>
    /// Seconds between two checks of the database for graphs written by other processes (a CLI
    /// import while the API runs); changed graphs are reloaded. Default 2; 0 turns the check off.
    /// </summary>
    public double StoreRefreshSeconds { get; set; } = 2;

    /// <summary>
    /// Seconds a graceful shutdown (SIGTERM, Ctrl+C) waits for running and queued import jobs to finish
    /// (the host's <c>HostOptions.ShutdownTimeout</c>); default 30. Metric jobs are cancelled at once
    /// (they can be recomputed); an import still unfinished at the deadline is cancelled and applies nothing.
    /// </summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Directory of the temporary files of bodies imported by jobs: <c>influencegraph-uploads/{process id}</c>
    /// under the system temporary directory. Folders of processes that no longer run are deleted at start-up.
    /// </summary>
    public static string SpoolRoot => Path.Combine(Path.GetTempPath(), "influencegraph-uploads");

    /// <summary>The database path with the default applied; null for an in-memory catalog.</summary>
    public string? ResolvedDatabasePath()
    {
        if (DatabasePath == ":memory:") return null;
        if (!string.IsNullOrWhiteSpace(DatabasePath)) return Path.GetFullPath(DatabasePath);
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(root)) root = Path.GetTempPath();
        return Path.Combine(root, "InfluenceGraph", "influencegraph.db");
    }
}
