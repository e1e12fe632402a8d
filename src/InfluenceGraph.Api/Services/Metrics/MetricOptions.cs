namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>Algorithm options as given by a client (query parameters or an analysis body); null = not given.</summary>
public sealed record MetricOptions
{
    /// <summary>PageRank damping factor alpha.</summary>
    public double? Alpha { get; init; }
    /// <summary>PageRank L1 stopping tolerance.</summary>
    public double? Tolerance { get; init; }
    /// <summary>PageRank iteration limit.</summary>
    public int? MaxIterations { get; init; }
    /// <summary>Use edge weights.</summary>
    public bool? Weighted { get; init; }
    /// <summary>Betweenness: sampled sources k.</summary>
    public int? Samples { get; init; }
    /// <summary>Betweenness: seed of the sample.</summary>
    public int? Seed { get; init; }
    /// <summary>Betweenness: normalise by (n-1)(n-2).</summary>
    public bool? Normalized { get; init; }
    /// <summary>Betweenness: count endpoints.</summary>
    public bool? Endpoints { get; init; }

    /// <summary>The names (query-parameter spelling) of the options that were given.</summary>
    public IEnumerable<string> Given()
    {
        if (Alpha is not null) yield return "alpha";
        if (Tolerance is not null) yield return "tolerance";
        if (MaxIterations is not null) yield return "maxIterations";
        if (Weighted is not null) yield return "weighted";
        if (Samples is not null) yield return "samples";
        if (Seed is not null) yield return "seed";
        if (Normalized is not null) yield return "normalized";
        if (Endpoints is not null) yield return "endpoints";
    }

    /// <summary>Only the options in <paramref name="names"/> (used to apply an analysis's options to each metric).</summary>
    public MetricOptions Restrict(IReadOnlyCollection<string> names) => new()
    {
        Alpha = names.Contains("alpha") ? Alpha : null,
        Tolerance = names.Contains("tolerance") ? Tolerance : null,
        MaxIterations = names.Contains("maxIterations") ? MaxIterations : null,
        Weighted = names.Contains("weighted") ? Weighted : null,
        Samples = names.Contains("samples") ? Samples : null,
        Seed = names.Contains("seed") ? Seed : null,
        Normalized = names.Contains("normalized") ? Normalized : null,
        Endpoints = names.Contains("endpoints") ? Endpoints : null,
    };
}

/// <summary>An option value that is out of range or does not apply; maps to a 400 problem naming <see cref="Parameter"/>.</summary>
public sealed class MetricOptionException(string parameter, string message) : Exception(message)
{
    /// <summary>The offending parameter (query-parameter spelling).</summary>
    public string Parameter { get; } = parameter;
}
