using System.Globalization;
using System.Text;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/influencers</c>: influential, active, not politically engaged accounts, each explained.</summary>
public static class InfluencersEndpoints
{
    /// <summary>Maps the influencer endpoint.</summary>
    public static IEndpointRouteBuilder MapInfluencersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/influencers").WithTags("Influencers");
        group.MapGet("/", GetInfluencers).WithName("GetInfluencers").RequireReadKey().CacheGraphResponse().WithMetadata(StrictQueryMetadata.For<InfluencerQueryParameters>())
            .WithSummary("Find influential, active, not politically engaged accounts")
            .WithDescription("""
                Accounts whose composite influence (mean percentile of PageRank, betweenness, followers and 2-hop reach) is high, that post a lot, and whose political engagement (political content, follows of political accounts, proximity to them by personalized PageRank) stays below the threshold. Political accounts are never candidates.
                Each candidate carries every signal with its rank and percentile, the engagement components with the threshold, and a one-line reason built from those numbers.
                Paged like rankings (top/offset/cursor, JSON or CSV, ETag). The signals are computed once per graph version from the cached metrics; when missing and long to compute, the answer is 202 with the job computing them.
                """)
            .ProducesPagedList();
        return app;
    }

    /// <summary>Runs an influencer query.</summary>
    public static async Task<Results<Ok<InfluencerPage>, InfluencerCsvResult, StatusCodeHttpResult, Accepted<JobStatus>, ProblemHttpResult>> GetInfluencers(
        [AsParameters] InfluencerQueryParameters q, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog, InfluenceService influence,
        ComputationService computations, IOptions<InfluenceGraphOptions> options, Services.Communities.CommunityService communities)
    {
        if (at.Select(catalog, q.Graph, out var state) is { } badGraph) return badGraph;
        if (PagedResponse.Negotiate(context, q.Format, options.Value.MaxPageSize, out var badFormat) is not { } paging) return badFormat!;

        var defaults = new InfluencerQuery();
        var metrics = defaults.Metrics;
        if (q.Metrics is { } list)
        {
            try { metrics = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(InfluencerQuery.ParseMetric).ToList(); }
            catch (ArgumentException e) { return ApiProblems.InvalidParameter("metrics", Clean(e)); }
        }
        PoliticalLexicon? lexicon = null;
        if (q.Lexicon is { } terms)
        {
            if (terms.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length == 0)
                return ApiProblems.InvalidParameter("lexicon", "lexicon must list at least one term (comma-separated, a trailing * matches a prefix); leave it out to use the default lexicon.");
            try { lexicon = PoliticalLexicon.FromTerms(terms.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), "request"); }
            catch (FormatException e) { return ApiProblems.InvalidParameter("lexicon", e.Message); }
        }
        var signalDefaults = new SignalOptions();
        var signals = new SignalOptions
        {
            Alpha = q.Alpha ?? signalDefaults.Alpha,
            BetweennessSamples = q.Samples ?? signalDefaults.BetweennessSamples,
            BetweennessEpsilon = q.Epsilon ?? signalDefaults.BetweennessEpsilon,
            BetweennessDelta = q.Delta ?? signalDefaults.BetweennessDelta,
            ExactBetweennessMaxAccounts = q.ExactBetweennessMaxAccounts ?? signalDefaults.ExactBetweennessMaxAccounts,
            BetweennessSeed = q.Seed ?? signalDefaults.BetweennessSeed,
        };
        var weights = new EngagementWeights(q.ContentWeight ?? defaults.EngagementWeights.Content,
            q.ExposureWeight ?? defaults.EngagementWeights.Exposure, q.ProximityWeight ?? defaults.EngagementWeights.Proximity,
            q.SphereWeight ?? defaults.EngagementWeights.Sphere);
        var query = new InfluencerQuery
        {
            MinInfluencePercentile = q.MinInfluencePercentile ?? defaults.MinInfluencePercentile,
            MinActivityPercentile = q.MinActivityPercentile ?? defaults.MinActivityPercentile,
            MinPosts = q.MinPosts,
            RequireKnownActivity = q.RequireKnownActivity ?? false,
            AllowUnknownEngagement = q.AllowUnknownEngagement ?? false,
            MaxPoliticalEngagement = q.MaxPoliticalEngagement ?? defaults.MaxPoliticalEngagement,
            EngagementWeights = weights,
            Metrics = metrics,
            MetricWeights = q.BetweennessWeight is double bw ? new Dictionary<InfluenceMetric, double> { [InfluenceMetric.Betweenness] = bw } : null,
            MinBetweennessPercentile = q.MinBetweennessPercentile,
            Lexicon = lexicon,
            Signals = signals,
            Top = 0,
        };
        try { query.Validate(); }
        catch (ArgumentException e) { return ApiProblems.InvalidParameter(ParameterOf(e.ParamName), Clean(e)); }

        var echo = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["minInfluencePercentile"] = query.MinInfluencePercentile,
            ["minActivityPercentile"] = query.MinActivityPercentile,
            ["requireKnownActivity"] = query.RequireKnownActivity,
            ["allowUnknownEngagement"] = query.AllowUnknownEngagement,
            ["maxPoliticalEngagement"] = query.MaxPoliticalEngagement,
            ["contentWeight"] = weights.Content,
            ["exposureWeight"] = weights.Exposure,
            ["proximityWeight"] = weights.Proximity,
            ["sphereWeight"] = weights.Sphere,
            ["betweennessWeight"] = metrics.Contains(InfluenceMetric.Betweenness) ? query.WeightOf(InfluenceMetric.Betweenness) : 0.0,
            ["metrics"] = string.Join(",", metrics.Select(InfluencerQuery.MetricName)),
            ["alpha"] = signals.Alpha,
            ["epsilon"] = signals.BetweennessEpsilon,
            ["delta"] = signals.BetweennessDelta,
            ["exactBetweennessMaxAccounts"] = signals.ExactBetweennessMaxAccounts,
            ["seed"] = signals.BetweennessSeed,
        };
        if (query.MinPosts is long minPosts) echo["minPosts"] = minPosts;
        if (signals.BetweennessSamples is int samples) echo["samples"] = samples;
        if (query.MinBetweennessPercentile is double mbp) echo["minBetweennessPercentile"] = mbp;
        if (lexicon is not null) echo["lexicon"] = string.Join(",", lexicon.Terms);
        string signalKey = InfluenceService.KeyOf(state, signals);
        string key = signalKey + "\u001f" + string.Join(";", echo.Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));

        if (paging.Bind(key, state, q.Top, q.Offset, q.Cursor, otherKeyMeans: "another query") is { } badPage) return badPage;
        if (paging.NotModified($"{paging.Offset}|{q.Top}|{(paging.Csv ? "csv" : "json")}") is { } notModified) return notModified;

        var outcome = await computations.GetAsync(influence.Request(state, signals), context.Request.Path + context.Request.QueryString);
        if (outcome.Job is { } job) return paging.Accepted(job);
        var computed = outcome.Result!;

        var report = Influencers.Find(computed, query);
        int total = report.Candidates.Count;
        var (start, count) = paging.Window(total, jsonDefaultTop: 20);
        var page = report.Candidates.Skip(start).Take(count).ToList();
        paging.Fresh();
        if (paging.Csv) return new InfluencerCsvResult(page);
        var sphereOf = await CommunitiesEndpoints.DefaultSphereLookupAsync(state, communities, computed);
        var items = page.Select(c => ToDto(c) with { Sphere = sphereOf is not null && state.Snapshot.TryGetNode(c.Account, out int v) ? sphereOf(v) : null }).ToList();
        string? next = paging.NextCursor(start, count, total);
        var s = report.Signals;
        var c = report.Counts;
        return TypedResults.Ok(new InfluencerPage(state.Name, state.Version, echo,
            new SignalSummaryDto(s.BetweennessExact, s.BetweennessSources, s.ReachExact, s.ActivityKnownAccounts, s.PoliticalAccounts, s.Lexicon, s.LexiconTerms),
            new FilterCountsDto(c.Accounts, c.PoliticalAccounts, c.BelowInfluence, c.BelowActivity, c.UnknownActivity, c.PoliticallyEngaged, c.Matched, c.UnknownEngagement),
            total, start, items, next, report.Notes.Select(ApiNote).ToList()));
    }

    /// <summary>The API view of a candidate.</summary>
    public static InfluencerDto ToDto(InfluencerCandidate c)
    {
        static InfluencerMetricDto M(MetricSignal m) => new(m.Metric, ContractMapping.Finite(m.Value), m.Rank, m.Percentile);
        var p = c.Politics;
        return new InfluencerDto(c.Rank, c.Account, c.Reason, M(c.Influence), c.Metrics.Select(M).ToList(),
            new ActivityDto(c.Activity.Posts, c.Activity.Percentile, c.Activity.Rank, c.Activity.KnownAccounts),
            new PoliticsDto(p.IsEngaged, ContractMapping.Finite(p.Score), p.Threshold, p.Weights.Content, p.Weights.Exposure, p.Weights.Proximity,
                new ContentDto(ContractMapping.Finite(p.Content.Share), InfluencerColumns.SourceName(p.Content.Source), p.Content.PoliticalTopics, p.Content.Topics,
                    p.Content.MatchedTopics.Select(t => new TopicMatchDto(t.Topic, t.Term)).ToList()),
                new ExposureDto(p.Exposure.PoliticalFollowees, p.Exposure.Followees, p.Exposure.PoliticalAccounts, ContractMapping.Finite(p.Exposure.Share),
                    ContractMapping.Finite(p.Exposure.Coverage), ContractMapping.Finite(p.Exposure.Value)),
                new ProximityDto(ContractMapping.Finite(p.Proximity.PersonalizedPageRank), ContractMapping.Finite(p.Proximity.Lift), p.Proximity.Percentile),
                p.Weights.Sphere, p.Sphere is { } sp ? new SphereEvidenceDto(sp.Id, sp.Size, sp.PoliticalAccounts, sp.PoliticalShare) : null));
    }

    /// <summary>A Core note worded for the API: the CLI option becomes the query parameter.</summary>
    private static string ApiNote(string note) =>
        note == Influencers.UnknownEverywhereNote ? note.Replace("pass --allow-unknown-engagement", "pass allowUnknownEngagement=true", StringComparison.Ordinal) : note;

    /// <summary>The message without the "(Parameter 'x')" and "Actual value was" suffixes .NET appends.</summary>
    private static string Clean(ArgumentException e)
    {
        string m = e.Message;
        int i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }

    private static string ParameterOf(string? member) => member switch
    {
        null => "query",
        "EngagementWeights.Content" or "EngagementWeights" => "contentWeight",
        "EngagementWeights.Exposure" => "exposureWeight",
        "EngagementWeights.Proximity" => "proximityWeight",
        "EngagementWeights.Sphere" => "sphereWeight",
        "MinBetweennessPercentile" => "minBetweennessPercentile",
        "Metrics" => "metrics",
        "MetricWeights" => "betweennessWeight",
        "BetweennessSamples" => "samples",
        "BetweennessEpsilon" => "epsilon",
        "BetweennessDelta" => "delta",
        "BetweennessSeed" => "seed",
        "Signals" => "alpha",
        _ => char.ToLowerInvariant(member[0]) + member[1..],
    };
}

/// <summary>
/// Influencer candidates as CSV: exactly the columns of the CLI's <c>--csv</c>
/// (<see cref="InfluencerColumns.Names"/>, written by <see cref="InfluencerColumns.WriteCsv"/>),
/// invariant culture, UTF-8 without BOM; the header is written even for an empty page.
/// </summary>
public sealed class InfluencerCsvResult(IReadOnlyList<InfluencerCandidate> candidates) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>What the OpenAPI document says of the CSV body.</summary>
    public static string Description { get; } =
        "Header " + string.Join(",", InfluencerColumns.Names) + " (the CLI's --csv columns); one row per candidate of the page; "
        + "percentiles in [0, 100), shares in [0, 1]; content_source is political_share, political_posts, lexicon or unknown; "
        + "a metric that was not chosen and an unknown value are empty fields; invariant culture; UTF-8 without BOM.";

    /// <summary>An example body (one demo-network candidate) for the OpenAPI document, written by the same code as real answers.</summary>
    public static string Example { get; } = Render([new InfluencerCandidate(1, "arou",
        new MetricSignal("influence", 99.65833333333333, 4, 99.86666666666666),
        [
            new MetricSignal("pagerank", 0.0048652456244689364, 17, 99.43333333333334),
            new MetricSignal("betweenness", 0.03251807924593962, 1, 99.96666666666667),
            new MetricSignal("followers", 232, 10, 99.66666666666667),
            new MetricSignal("reach", 1700, 13, 99.56666666666666),
        ],
        new ActivitySignal(1851, 99.72612119137281, 8, 2921),
        new PoliticalEngagement(new ContentSignal(0.021, ContentSource.PoliticalShare, null, null, []), new ExposureSignal(0, 59, 46, 0),
            new ProximitySignal(0.003755166863531943, 0.7718350014326022, 86.4), 0.1854, new EngagementWeights(), 0.25))]);

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    private static string Render(IReadOnlyList<InfluencerCandidate> rows)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        InfluencerColumns.WriteCsv(rows, text);
        return text.ToString();
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        InfluencerColumns.WriteCsv(candidates, text);
        await httpContext.Response.Body.WriteAsync(new UTF8Encoding(false).GetBytes(text.ToString()), httpContext.RequestAborted);
    }
}
