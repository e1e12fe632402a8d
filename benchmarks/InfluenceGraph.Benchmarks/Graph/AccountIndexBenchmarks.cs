using BenchmarkDotNet.Attributes;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Benchmarks.Graph;

/// <summary>
/// Account index speed, per handle: interning 10^6 textual handles like <c>user1234567</c> into an empty
/// index, and looking 10^6 of them up (all present: hit; all absent: miss), for the compact
/// <see cref="AccountIndex"/> (UTF-8 blob + open addressing) against the old dictionary layout
/// (<see cref="LegacyAccountIndex"/>, the baseline of each category), side by side in one run.
/// Times are per handle (<c>OperationsPerInvoke</c> = 10^6); allocations are per handle too.
/// <c>dotnet run -c Release --project benchmarks/InfluenceGraph.Benchmarks -- --filter '*AccountIndexBenchmarks*'</c>.
/// </summary>
[BenchmarkCategory("AccountIndex")]
public class AccountIndexBenchmarks
{
    /// <summary>Handles per invocation.</summary>
    public const int N = 1_000_000;

    private string[] _handles = [];
    private string[] _lookupOrder = [];
    private string[] _absent = [];
    private LegacyAccountIndex _legacy = null!;
    private AccountIndex _compact = null!;

    /// <summary>
    /// Makes the handles (not timed): <c>"user" + (i · 7919 mod 10,000,019)</c> for i &lt; 10^6 — distinct,
    /// 5 to 11 characters, in no sorted order; the lookups visit them in a seeded shuffled order; the
    /// absent handles are <c>"user" + (10,000,019 + i)</c>.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _handles = new string[N];
        for (int i = 0; i < N; i++) _handles[i] = "user" + (i * 7919L % 10_000_019);
        _lookupOrder = (string[])_handles.Clone();
        new Random(42).Shuffle(_lookupOrder);
        _absent = new string[N];
        for (int i = 0; i < N; i++) _absent[i] = "user" + (10_000_019L + i * 7L);
        _legacy = new LegacyAccountIndex();
        foreach (var h in _handles) _legacy.Intern(h);
        _compact = new AccountIndex();
        foreach (var h in _handles) _compact.Intern(h);
    }

    /// <summary>Old layout: intern 10^6 new handles into an empty index (growth included).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N), BenchmarkCategory("Intern")]
    public int InternLegacy()
    {
        var ix = new LegacyAccountIndex();
        foreach (var h in _handles) ix.Intern(h);
        return ix.Count;
    }

    /// <summary>Compact layout: intern 10^6 new handles into an empty index (growth included).</summary>
    [Benchmark(OperationsPerInvoke = N), BenchmarkCategory("Intern")]
    public int InternCompact()
    {
        var ix = new AccountIndex();
        foreach (var h in _handles) ix.Intern(h);
        return ix.Count;
    }

    /// <summary>Old layout: look up 10^6 present handles.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N), BenchmarkCategory("TryGetId hit")]
    public long HitLegacy()
    {
        long sum = 0;
        foreach (var h in _lookupOrder) { _legacy.TryGetId(h, out int id); sum += id; }
        return sum;
    }

    /// <summary>Compact layout: look up 10^6 present handles.</summary>
    [Benchmark(OperationsPerInvoke = N), BenchmarkCategory("TryGetId hit")]
    public long HitCompact()
    {
        long sum = 0;
        foreach (var h in _lookupOrder) { _compact.TryGetId(h, out int id); sum += id; }
        return sum;
    }

    /// <summary>Old layout: look up 10^6 absent handles.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N), BenchmarkCategory("TryGetId miss")]
    public long MissLegacy()
    {
        long sum = 0;
        foreach (var h in _absent) { _legacy.TryGetId(h, out int id); sum += id; }
        return sum;
    }

    /// <summary>Compact layout: look up 10^6 absent handles.</summary>
    [Benchmark(OperationsPerInvoke = N), BenchmarkCategory("TryGetId miss")]
    public long MissCompact()
    {
        long sum = 0;
        foreach (var h in _absent) { _compact.TryGetId(h, out int id); sum += id; }
        return sum;
    }
}
