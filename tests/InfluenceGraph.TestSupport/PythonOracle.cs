using System.Diagnostics;

namespace InfluenceGraph.TestSupport;

/// <summary>
/// Runs Debian's <c>/usr/bin/python3</c> with the reference libraries (NetworkX...) to read back what
/// the product wrote. Tests using it are skipped with a stated reason when the interpreter or a module
/// is missing, unless <c>INFLUENCEGRAPH_REQUIRE_SHARED=1</c> (CI installs them), where they fail.
/// </summary>
public static class PythonOracle
{
    /// <summary>The interpreter the oracle scripts are written for.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>True when <paramref name="module"/> imports in <see cref="Interpreter"/>.</summary>
    public static bool Has(string module)
    {
        if (!File.Exists(Interpreter)) return false;
        try { return Run($"import {module}", TimeSpan.FromSeconds(60)).ExitCode == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>Runs <paramref name="script"/> (passed on standard input) with <paramref name="args"/>; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Out, string Err) Run(string script, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"python3 did not finish within {timeout}."); }
        return (p.ExitCode, outTask.Result, errTask.Result);
    }
}

/// <summary>A fact that needs a Python module in <c>/usr/bin/python3</c>: skipped when absent, failed when absent under CI.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    /// <summary>Skips (or, under <c>INFLUENCEGRAPH_REQUIRE_SHARED=1</c>, keeps) the test when <paramref name="module"/> is missing.</summary>
    public PythonFactAttribute(string module)
    {
        if (!SharedData.Required && !PythonOracle.Has(module))
            Skip = $"{PythonOracle.Interpreter} lacks the module '{module}' (apt-get install python3-{module}); it reads back what this test writes.";
    }
}
