using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Centrality;
using nietras.SeparatedValues;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// A ranking slice written as CSV for <c>pandas.read_csv</c>: by default the header <c>rank,node,score</c>
/// (exactly three fields per line, the layout of the shared <c>api-csv-invariant-culture</c> case);
/// other layouts through <see cref="CsvRankingColumns"/> (query parameter <c>columns</c>). Comma separated,
/// invariant culture ('.' decimal separator, no thousands separators, shortest round-trip doubles),
/// UTF-8 without BOM, RFC 4180 quoting of handles, an empty field for an undefined score. Streamed in chunks.
/// </summary>
public sealed class CsvRankingResult(CentralityResult result, int offset, int count, IReadOnlyList<string>? columns = null)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly IReadOnlyList<string> _columns = columns ?? CsvRankingColumns.Default;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var body = httpContext.Response.Body;
        var ct = httpContext.RequestAborted;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text);
        int end = offset + count;
        for (int i = offset; i < end; i++)
        {
            int node = result.Order[i];
            double score = result.Scores[node];
            using (var row = writer.NewRow())
            {
                foreach (var column in _columns)
                {
                    switch (column)
                    {
                        case CsvRankingColumns.Rank: row[column].Format(result.RankOf(node)); break;
                        case CsvRankingColumns.Node or CsvRankingColumns.Account: row[column].Set(result.Graph.Accounts[node]); break;
                        case CsvRankingColumns.Score:
                            if (double.IsFinite(score)) row[column].Set(score.ToString("R", CultureInfo.InvariantCulture)); else row[column].Set("");
                            break;
                        case CsvRankingColumns.Percentile: row[column].Set(result.PercentileOf(node).ToString("R", CultureInfo.InvariantCulture)); break;
                    }
                }
            }
            if ((i - offset) % 4096 == 4095) await FlushAsync(text, body, ct);
        }
        if (count == 0)
        {
            // Sep writes the header with the first row; an empty page still gets one.
            text.Write(string.Join(',', _columns) + "\n");
        }
        writer.Flush();
        await FlushAsync(text, body, ct);
    }

    /// <summary>Sends what <paramref name="text"/> holds as UTF-8 without BOM and empties it (the chunking of every streamed CSV answer).</summary>
    internal static async Task FlushAsync(StringWriter text, Stream body, CancellationToken ct)
    {
        var sb = text.GetStringBuilder();
        if (sb.Length == 0) return;
        byte[] bytes = Utf8NoBom.GetBytes(sb.ToString());
        sb.Clear();
        await body.WriteAsync(bytes, ct);
    }
}

/// <summary>
/// The columns a CSV ranking can have (query parameter <c>columns</c>, a comma-separated list in the
/// order wanted): <c>rank</c> (competition rank), <c>node</c> (account handle), <c>account</c> (the same
/// handle under its JSON name), <c>score</c>, <c>percentile</c>. Default <c>rank,account,score</c>: the
/// account under the same word as the JSON field; <c>columns=rank,node,score</c> gives the layout of
/// the reference tools' node lists.
/// </summary>
public static class CsvRankingColumns
{
    /// <summary>Competition rank, 1-based.</summary>
    public const string Rank = "rank";
    /// <summary>Account handle (the interchange name used by the reference tools' node lists).</summary>
    public const string Node = "node";
    /// <summary>Account handle, under the name of the JSON field.</summary>
    public const string Account = "account";
    /// <summary>Score (empty when undefined).</summary>
    public const string Score = "score";
    /// <summary>Percent of accounts with a strictly lower score, in [0, 100).</summary>
    public const string Percentile = "percentile";

    /// <summary>The default layout: <c>rank,account,score</c>.</summary>
    public static IReadOnlyList<string> Default { get; } = [Rank, Account, Score];

    /// <summary>Every known column.</summary>
    public static IReadOnlyList<string> Known { get; } = [Rank, Node, Account, Score, Percentile];

    /// <summary>
    /// Parses a <c>columns</c> value (comma-separated, case-insensitive, surrounding spaces ignored).
    /// Returns null and an error message when it is empty, names an unknown column or repeats one.
    /// </summary>
    public static IReadOnlyList<string>? TryParse(string value, out string? error)
    {
        error = null;
        var list = new List<string>();
        foreach (var part in value.Split(','))
        {
            string name = part.Trim().ToLowerInvariant();
            if (name.Length == 0) { error = $"columns must be a comma-separated list of {string.Join(", ", Known)} without empty entries (got '{value}')."; return null; }
            if (!Known.Contains(name)) { error = $"Unknown column '{part.Trim()}' in columns; known columns: {string.Join(", ", Known)}."; return null; }
            if (list.Contains(name)) { error = $"Column '{name}' is listed twice in columns."; return null; }
            list.Add(name);
        }
        return list;
    }
}
