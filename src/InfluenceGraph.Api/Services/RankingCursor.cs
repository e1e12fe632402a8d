using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace InfluenceGraph.Api.Services;

/// <summary>
/// The opaque paging cursor of rankings: the next offset bound to one graph version and one
/// (metric, options) key, so that a page never mixes two versions.
/// </summary>
public static class RankingCursor
{
    /// <summary>Encodes the cursor of <paramref name="offset"/> for <paramref name="key"/> (base64url).</summary>
    public static string Encode(string key, int offset) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"1.{offset.ToString(CultureInfo.InvariantCulture)}.{Fingerprint(key)}"));

    /// <summary>Decodes a cursor: the offset when well formed, and whether it belongs to <paramref name="key"/>.</summary>
    public static bool TryDecode(string cursor, string key, out int offset, out bool stale)
    {
        offset = 0; stale = false;
        string text;
        try { text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)); }
        catch (FormatException) { return false; }
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0] != "1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return false;
        stale = parts[2] != Fingerprint(key);
        return true;
    }

    /// <summary>A short stable hash of a cache key (also used in ETags).</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 12);
}
