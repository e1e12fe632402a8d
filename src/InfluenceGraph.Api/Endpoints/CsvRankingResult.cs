using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Centrality;
using nietras.SeparatedValues;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// A ranking slice written as CSV for <c>pandas.read_csv</c>: header <c>rank,account,score,percentile</c>,
/// comma separated, invariant culture ('.' decimal separator, shortest round-trip doubles), UTF-8 without
/// BOM, RFC 4180 quoting of handles, an empty field for an undefined score. Streamed in chunks.
/// </summary>
public sealed class CsvRankingResult(CentralityResult result, int offset, int count) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

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
                row["rank"].Format(result.RankOf(node));
                row["account"].Set(result.Graph.Accounts[node]);
                if (double.IsFinite(score)) row["score"].Format(score); else row["score"].Set("");
                row["percentile"].Format(result.PercentileOf(node));
            }
            if ((i - offset) % 4096 == 4095) await FlushAsync(text, body, ct);
        }
        if (count == 0)
        {
            // Sep writes the header with the first row; an empty page still gets one.
            text.Write("rank,account,score,percentile\n");
        }
        writer.Flush();
        await FlushAsync(text, body, ct);
    }

    private static async Task FlushAsync(StringWriter text, Stream body, CancellationToken ct)
    {
        var sb = text.GetStringBuilder();
        if (sb.Length == 0) return;
        byte[] bytes = Utf8NoBom.GetBytes(sb.ToString());
        sb.Clear();
        await body.WriteAsync(bytes, ct);
    }
}
