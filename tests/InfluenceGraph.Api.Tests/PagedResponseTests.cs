using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Tests;

/// <summary>The shared paged responder on its own (the ranking and influencer tests cover it end to end).</summary>
public sealed class PagedResponseTests
{
    private static readonly GraphState State = new("g", 7, TestGraphs.FromText("a b"), new Dictionary<string, AccountAttributes>(), DateTimeOffset.UnixEpoch, null);

    private static (PagedResponse? Paging, ProblemHttpResult? Problem, HttpContext Context) Negotiate(string? format, string? accept = null, string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext();
        if (accept is not null) context.Request.Headers.Accept = accept;
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        var paging = PagedResponse.Negotiate(context, format, maxPageSize: 50, out var problem);
        return (paging, problem, context);
    }

    private static void AssertProblem(ProblemHttpResult? problem, int status, string type, string parameter)
    {
        Assert.NotNull(problem);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(type, problem.ProblemDetails.Type);
        Assert.Equal(parameter, problem.ProblemDetails.Extensions["parameter"]);
    }

    [Theory]
    [InlineData("CSV", null, true)]
    [InlineData("json", "text/csv", false)]                          // format wins over Accept
    [InlineData(null, "text/csv", true)]
    [InlineData(null, "text/csv;q=0.5, application/json;q=0.9", false)]
    [InlineData(null, "application/json;q=0.5, text/csv;q=0.5", true)] // a tie goes to CSV
    [InlineData(null, "*/*;q=0.1, text/csv", true)]
    [InlineData(null, "text/csv;q=0", false)]
    [InlineData(null, null, false)]
    public void Negotiate_FormatThenAcceptHeader(string? format, string? accept, bool csv)
    {
        var (paging, problem, _) = Negotiate(format, accept);
        Assert.Null(problem);
        Assert.Equal(csv, paging!.Csv);
    }

    [Fact]
    public void Negotiate_UnknownFormat_Is400NamingFormat()
    {
        var (paging, problem, _) = Negotiate("xml");
        Assert.Null(paging);
        AssertProblem(problem, 400, "/problems/invalid-parameter", "format");
        Assert.Equal("format must be 'json' or 'csv' (got 'xml').", problem!.ProblemDetails.Detail);
    }

    [Fact]
    public void Bind_PageParameters_CheckedInOrder()
    {
        var json = Negotiate("json").Paging!;
        AssertProblem(json.Bind("k", State, null, -1, null), 400, "/problems/invalid-parameter", "offset");
        AssertProblem(json.Bind("k", State, null, 5, "abc"), 400, "/problems/invalid-parameter", "cursor");
        AssertProblem(json.Bind("k", State, null, null, "not a cursor!"), 400, "/problems/invalid-parameter", "cursor");
        AssertProblem(json.Bind("k", State, 0, null, null), 400, "/problems/invalid-parameter", "top");
        var tooMany = json.Bind("k", State, 51, null, null, jsonTopHint: "; use CSV for longer lists");
        AssertProblem(tooMany, 400, "/problems/invalid-parameter", "top");
        Assert.Equal("top must be in 1..50 (got 51); use CSV for longer lists.", tooMany!.ProblemDetails.Detail);
        var csv = Negotiate("csv").Paging!;
        Assert.Null(csv.Bind("k", State, 5000, null, null)); // CSV pages are not bounded
        Assert.Equal(5000, csv.Top);
    }

    [Fact]
    public void Bind_CursorOfThisList_ResumesThere_OfAnotherList_Is409()
    {
        var (first, _, context) = Negotiate("json");
        Assert.Null(first!.Bind("list-1", State, 3, null, null));
        Assert.Equal("7", context.Response.Headers[PagedResponse.VersionHeader]);
        var (start, count) = first.Window(10, jsonDefaultTop: 100);
        Assert.Equal((0, 3), (start, count));
        string next = first.NextCursor(start, count, 10)!;

        var second = Negotiate("json").Paging!;
        Assert.Null(second.Bind("list-1", State, 3, null, next));
        Assert.Equal(3, second.Offset);
        Assert.Equal((3, 3), second.Window(10, 100));
        Assert.Null(second.NextCursor(9, 1, 10)); // after the last row

        var other = Negotiate("json").Paging!;
        var stale = other.Bind("list-2", State, 3, null, next, otherKeyMeans: "another query");
        AssertProblem(stale, 409, "/problems/cursor-stale", "cursor");
        Assert.Equal(7L, stale!.ProblemDetails.Extensions["version"]);
        Assert.Contains("or to another query.", stale.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData(false, 0, null, 10, 0, 5)]      // JSON default page
    [InlineData(true, 0, null, 10, 0, 10)]      // CSV: everything
    [InlineData(false, 8, null, 10, 8, 2)]      // the last rows
    [InlineData(false, 20, 4, 10, 10, 0)]       // past the end: an empty page at the end
    public void Window_ClampsToTheList(bool csv, int offset, int? top, int total, int start, int count)
    {
        var paging = Negotiate(csv ? "csv" : "json").Paging!;
        Assert.Null(paging.Bind("k", State, top, offset, null));
        Assert.Equal((start, count), paging.Window(total, jsonDefaultTop: 5));
    }

    [Fact]
    public void NotModified_MatchingETag_Is304_ElseFreshCarriesTheSameETag()
    {
        var (paging, _, context) = Negotiate("json");
        Assert.Null(paging!.Bind("k", State, null, null, null));
        Assert.Null(paging.NotModified("0|5|json"));
        paging.Fresh();
        string etag = context.Response.Headers.ETag.ToString();
        Assert.Matches("^\"[0-9a-f]{24}\"$", etag);
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());

        var (again, _, context2) = Negotiate("json", ifNoneMatch: etag);
        Assert.Null(again!.Bind("k", State, null, null, null));
        var notModified = again.NotModified("0|5|json");
        Assert.Equal(304, notModified!.StatusCode);
        Assert.Equal(etag, context2.Response.Headers.ETag.ToString());

        var (otherPage, _, _) = Negotiate("json", ifNoneMatch: etag);
        Assert.Null(otherPage!.Bind("k", State, null, null, null));
        Assert.Null(otherPage.NotModified("5|5|json")); // another slice, another tag
    }
}
