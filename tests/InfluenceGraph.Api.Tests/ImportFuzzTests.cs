using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// Seeded, time-bounded fuzzing of the import endpoint: valid bodies of every format, mutated, sent
/// plain or gzip-compressed, with their own or another format's content type. Never a 5xx, never a
/// 200 that stored an account absent from the body or a body of another declared format, memory bounded.
/// </summary>
public sealed class ImportFuzzTests
{
    private static readonly (string Format, string Type, string Body)[] Seeds =
    [
        ("snap", "text/plain", "# comment\nalice bob\ncarol bob 2\nbob carol\ndave\n"),
        ("csv", "text/csv", "follower,followee,weight\nalice,bob,1\n\"carol, jr\",bob,0.5\nbob,carol,2\n"),
        ("tsv", "text/tab-separated-values", "source\ttarget\nalice\tbob\ncarol\tbob\nbob\tcarol\n"),
        ("json", "application/json", "[{\"follower\":\"alice\",\"followee\":\"bob\"},{\"source\":\"carol\",\"target\":\"bob\",\"weight\":2},[\"bob\",\"carol\"]]"),
        ("ndjson", "application/x-ndjson", "{\"follower\":\"alice\",\"followee\":\"bob\"}\n{\"follower\":\"carol\",\"followee\":\"bob\"}\n[\"bob\",\"carol\"]\n"),
        ("graphml", "application/graphml+xml", "<?xml version=\"1.0\"?><graphml><key id=\"d0\" for=\"node\" attr.name=\"posts\"/><graph edgedefault=\"directed\"><node id=\"alice\"><data key=\"d0\">12</data></node><node id=\"bob\"/><node id=\"carol\"/><edge source=\"alice\" target=\"bob\"/><edge source=\"carol\" target=\"bob\"/><edge source=\"bob\" target=\"carol\"/></graph></graphml>"),
        ("gml", "text/plain", "graph [\n directed 1\n node [ id \"alice\" posts 3 ]\n node [ id \"bob\" ]\n node [ id \"carol\" ]\n edge [ source \"alice\" target \"bob\" ]\n edge [ source \"carol\" target \"bob\" ]\n]\n"),
    ];

    private const string SyntaxBytes = ",\t \n\"<>{}[]#@\\\r;:";

    private static int Family(string f) => f switch { "snap" or "csv" or "tsv" => 0, "json" or "ndjson" => 1, "graphml" => 2, _ => 3 };

    private static byte[] Mutate(Random rng, byte[] b)
    {
        var list = b.ToList();
        int n = rng.Next(1, 4);
        for (int k = 0; k < n && list.Count > 0; k++)
        {
            int at = rng.Next(list.Count);
            switch (rng.Next(7))
            {
                case 0: list[at] ^= (byte)(1 << rng.Next(8)); break;                                   // bit flip
                case 1: list.Insert(at, (byte)SyntaxBytes[rng.Next(SyntaxBytes.Length)]); break;         // syntax byte
                case 2: list.RemoveAt(at); break;
                case 3: list.RemoveRange(at, list.Count - at); break;                                   // truncation
                case 4: list.InsertRange(at, list.Skip(at).Take(rng.Next(1, 40)).ToList()); break;      // duplicated chunk
                case 5: list.Insert(at, (byte)rng.Next(256)); break;                                    // any byte
                default: list.InsertRange(at, "\uFEFF\u200B"u8.ToArray().Concat(Encoding.UTF8.GetBytes("\u200B"))); break; // invisible characters
            }
        }
        return [.. list];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public async Task MutatedBodiesOfEveryFormat_NeverFailTheServer_NorStoreJunk()
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        var rng = new Random(20261207);
        var clock = Stopwatch.StartNew();
        GC.Collect();
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        int sent = 0, ok = 0;
        var statuses = new Dictionary<int, int>();
        while (clock.Elapsed < TimeSpan.FromSeconds(4) || sent < 100)
        {
            var (format, type, text) = Seeds[rng.Next(Seeds.Length)];
            byte[] plain = Encoding.UTF8.GetBytes(text);
            bool swap = rng.Next(6) == 0;
            string sentType = type;
            string? swappedFrom = null;
            if (swap)
            {
                var other = Seeds.Where(s => Family(s.Format) != Family(format) && s.Type != "text/plain").ToArray();
                var o = other[rng.Next(other.Length)];
                sentType = o.Type;
                swappedFrom = o.Format;
            }
            else plain = Mutate(rng, plain);
            bool gzip = rng.Next(4) == 0;
            var content = new ByteArrayContent(gzip ? Gzip(plain) : plain);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(sentType);
            string graph = "fz" + sent;
            var res = await client.PostAsync($"/graphs/{graph}/edges?onError=skip", content);
            int status = (int)res.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            string bodyText = Encoding.UTF8.GetString(plain);
            Assert.True(status < 500, $"seed body {format} as {sentType}: {status} {await res.Content.ReadAsStringAsync()}\nbody: {bodyText}");
            if (status == 200)
            {
                ok++;
                Assert.True(swappedFrom is null, $"a {format} body declared as {swappedFrom} ({sentType}) was imported: {bodyText}");
                var state = api.Catalog.Get(graph);
                if (state is not null)
                {
                    string decoded = System.Net.WebUtility.HtmlDecode(bodyText.Replace("\\", ""));
                    string stripped = new string(bodyText.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray());
                    // XML attribute-value normalization (XML 1.0 section 3.3.3): a line break or tab inside an attribute is read as a space.
                    string xmlNormalized = decoded.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
                    foreach (var handle in state.Snapshot.Accounts.Names)
                        Assert.True(bodyText.Contains(handle) || decoded.Contains(handle) || stripped.Contains(handle) || stripped.Normalize().Contains(handle)
                            || (format == "graphml" && xmlNormalized.Contains(handle)),
                            $"account '{handle}' is not in the {format} body as sent ({sentType}): {bodyText}");
                }
            }
            sent++;
        }
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(memoryAfter - memoryBefore < 256L << 20, $"managed memory grew by {(memoryAfter - memoryBefore) >> 20} MiB over {sent} requests");
        Assert.True(ok > 0 && statuses.Keys.Any(s => s >= 400), $"the fuzzer exercised only one outcome: {string.Join(", ", statuses.Select(kv => $"{kv.Key}x{kv.Value}"))}");
    }
}
