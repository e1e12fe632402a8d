using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>Query of <c>POST /graphs/{graph}/edges</c>.</summary>
public sealed record EdgeImportQuery
{
    /// <summary>Graph to import into; created when missing.</summary>
    [FromRoute(Name = "graph"), Description("Graph to import into (1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'); created when missing.")]
    public required string Graph { get; init; }

    /// <summary>append or replace.</summary>
    [FromQuery(Name = "mode"), Description("append (default): add the batch to the graph; replace: the graph becomes exactly the batch.")]
    [AllowedValues("append", "replace", null)]
    public string? Mode { get; init; }

    /// <summary>fail or skip.</summary>
    [FromQuery(Name = "onError"), Description("fail (default): a batch with a rejected row applies nothing (400 with the rejected rows); skip: apply the good rows and report the rejected ones.")]
    [AllowedValues("fail", "skip", null)]
    public string? OnError { get; init; }

    /// <summary>Meaning of a row.</summary>
    [FromQuery(Name = "direction"), Description("What a row 'a b' means: follower-followee (default: a follows b, as SNAP/NetworkX edge lists) or followee-follower (a is followed by b; each edge is flipped).")]
    [AllowedValues("follower-followee", "followee-follower", null)]
    public string? Direction { get; init; }

    /// <summary>Format override.</summary>
    [FromQuery(Name = "format"), Description("Input format, overriding detection from Content-Type and content: auto (default), snap, csv, tsv, json, ndjson (also jsonl), graphml, gml.")]
    [AllowedValues("auto", "snap", "csv", "tsv", "json", "ndjson", "jsonl", "graphml", "gml", null)]
    public string? Format { get; init; }

    /// <summary>Source label.</summary>
    [FromQuery(Name = "source"), Description("Name of the source in the report and in error messages (default: the uploaded file name, else 'request').")]
    public string? Source { get; init; }

    /// <summary>Weight column.</summary>
    [FromQuery(Name = "weight"), Description("Weight column: auto (default: a 'weight' column or property, NetworkX {'weight': w} data, or the 3rd column of a headerless file), none (every edge weighs 1), a column name or a 1-based position.")]
    public string? Weight { get; init; }

    /// <summary>Time column.</summary>
    [FromQuery(Name = "timeColumn"), Description("Time column of time-stamped edges (epoch seconds or ISO 8601 date/date-time): auto (default: a header column or JSON property named time, timestamp or date; a headerless file has none), none, a column name or a 1-based position (e.g. 4 for headerless SOURCE,TARGET,RATING,TIME rating files). A pair seen again with another time keeps its earliest time. Enables asOf= on the ranking endpoints.")]
    public string? TimeColumn { get; init; }

    /// <summary>Minimum weight.</summary>
    [FromQuery(Name = "minWeight"), Description("Keep only rows whose weight is at least this number (e.g. 1 for the positive ratings of a -10..10 rating file); the dropped rows are counted in the report (belowMinWeight), not rejected.")]
    public double? MinWeight { get; init; }
}

/// <summary>Query of <c>POST /graphs/{graph}/accounts</c>.</summary>
public sealed record AccountImportQuery
{
    /// <summary>Graph to import into; created when missing.</summary>
    [FromRoute(Name = "graph"), Description("Graph to import into; created when missing.")]
    public required string Graph { get; init; }

    /// <summary>append or replace.</summary>
    [FromQuery(Name = "mode"), Description("append (default): merge into the existing attributes; replace: the attributes become exactly the batch.")]
    [AllowedValues("append", "replace", null)]
    public string? Mode { get; init; }

    /// <summary>fail or skip.</summary>
    [FromQuery(Name = "onError"), Description("fail (default): a batch with a rejected row applies nothing; skip: apply the good rows and report the rejected ones.")]
    [AllowedValues("fail", "skip", null)]
    public string? OnError { get; init; }

    /// <summary>Format override.</summary>
    [FromQuery(Name = "format"), Description("Input format, overriding detection: auto (default), csv, tsv, json, ndjson (also jsonl), snap (account and attributes separated by white space), graphml or gml (the node attributes).")]
    [AllowedValues("auto", "snap", "csv", "tsv", "json", "ndjson", "jsonl", "graphml", "gml", null)]
    public string? Format { get; init; }

    /// <summary>Source label.</summary>
    [FromQuery(Name = "source"), Description("Name of the source in the report and in error messages (default: the uploaded file name, else 'request').")]
    public string? Source { get; init; }

    /// <summary>Join column.</summary>
    [FromQuery(Name = "key"), Description("The column (CSV/TSV/SNAP header) or JSON property holding the account handle, e.g. id when the edges use ids and the file also has screen_name (default: the first present of account, handle, screen_name, username, user, user_id, node, node_id, id). The report's accountsJoined says how many rows joined an account of the graph; when none did, joinHint names the column whose values match.")]
    public string? Key { get; init; }
}
