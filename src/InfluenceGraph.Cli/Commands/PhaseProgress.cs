using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// Progress of one phase on stderr, only when it lasts longer than a second: then one line per
/// second with the latest report (or the elapsed time), and a final "done" line.
/// </summary>
/// <remarks>Quick phases print nothing, so scripted use stays quiet. Thread-safe.</remarks>
internal sealed class PhaseProgress : IProgress<CentralityProgress>, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly string _phase;
    private readonly TextWriter _stderr;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private CentralityProgress? _last;
    private bool _printed;
    private bool _disposed;

    public PhaseProgress(string phase, TextWriter stderr)
    {
        _phase = phase;
        _stderr = stderr;
        _timer = new Timer(_ => Print(), null, Delay, Delay);
    }

    public void Report(CentralityProgress value)
    {
        lock (_gate) _last = value;
    }

    private void Print()
    {
        lock (_gate)
        {
            if (_disposed) return;
            string seconds = _clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            _stderr.WriteLine(_last is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{_phase}: {p.Message} ({p.Fraction:P0}, {seconds} s)")
                : $"{_phase}: working ({seconds} s)");
            _printed = true;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_printed) _stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_phase}: done in {_clock.Elapsed.TotalSeconds:0.0} s"));
        }
    }
}
