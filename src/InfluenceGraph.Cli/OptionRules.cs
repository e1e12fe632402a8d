using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using InfluenceGraph.Core.Text;

namespace InfluenceGraph.Cli;

/// <summary>
/// One rule for every option of every command: a bad value is a parse error (exit code 2) whose
/// message (<c>error: </c> and one line per problem) names the option as the user typed it — <c>--top must be an integer, got 'abc'</c>,
/// <c>--min-influence must be in [0, 100], got 150</c>, <c>unknown option '--grpah' for 'score'; did you mean --graph?</c>.
/// </summary>
/// <remarks>
/// Numeric options (int, long, ulong, double and their nullable forms) are parsed with the invariant
/// culture by <see cref="Apply"/>; a finite value is required. A range declared with
/// <see cref="Within{T}"/> is checked at parse time, so no command action sees an out-of-range value.
/// </remarks>
public static class OptionRules
{
    /// <summary>Exit code of an option or argument error (a parse error, a bad or contradictory option value).</summary>
    public const int UsageExitCode = 2;

    private static readonly ConditionalWeakTable<Option, NumericRange> Ranges = new();

    /// <summary>
    /// The allowed interval of a numeric option: [<see cref="Min"/>, <see cref="Max"/>], with open ends
    /// where <see cref="MinOpen"/> / <see cref="MaxOpen"/>; an infinite bound is no bound.
    /// </summary>
    /// <param name="Min">Lower bound (−∞ for none).</param>
    /// <param name="Max">Upper bound (+∞ for none).</param>
    /// <param name="MinOpen">The lower bound itself is not allowed.</param>
    /// <param name="MaxOpen">The upper bound itself is not allowed.</param>
    public sealed record NumericRange(double Min, double Max, bool MinOpen = false, bool MaxOpen = false)
    {
        /// <summary>True when <paramref name="v"/> lies in the interval.</summary>
        public bool Contains(double v) =>
            (MinOpen ? v > Min : v >= Min) && (MaxOpen ? v < Max : v <= Max);

        /// <summary>The interval as a message states it: <c>[0, 100]</c>, <c>(0, 1)</c>, <c>&gt;= 1</c>, <c>&gt; 0</c>.</summary>
        public string Text => double.IsInfinity(Max)
            ? (MinOpen ? "> " : ">= ") + Format(Min)
            : double.IsInfinity(Min)
                ? (MaxOpen ? "< " : "<= ") + Format(Max)
                : $"{(MinOpen ? "(" : "[")}{Format(Min)}, {Format(Max)}{(MaxOpen ? ")" : "]")}";
    }

    /// <summary>Declares the allowed interval of a numeric option (checked when the command line is parsed).</summary>
    /// <typeparam name="T">The option's value type (a number or a nullable number).</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="min">Lower bound (use <see cref="double.NegativeInfinity"/> for none).</param>
    /// <param name="max">Upper bound (use <see cref="double.PositiveInfinity"/> for none).</param>
    /// <param name="minOpen">Exclude <paramref name="min"/> itself.</param>
    /// <param name="maxOpen">Exclude <paramref name="max"/> itself.</param>
    /// <returns><paramref name="option"/>, for chaining.</returns>
    public static Option<T> Within<T>(this Option<T> option, double min, double max = double.PositiveInfinity, bool minOpen = false, bool maxOpen = false)
    {
        Ranges.AddOrUpdate(option, new NumericRange(min, max, minOpen, maxOpen));
        return option;
    }

    /// <summary>The interval declared for <paramref name="option"/> with <see cref="Within{T}"/>, or null.</summary>
    public static NumericRange? RangeOf(Option option) => Ranges.TryGetValue(option, out var r) ? r : null;

    /// <summary>
    /// Installs the invariant-culture parser (with its range) on every numeric option of
    /// <paramref name="command"/> and of its subcommands that has no parser of its own.
    /// </summary>
    public static void Apply(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o when o.CustomParser is null: o.CustomParser = r => Number<int>(r, o, "an integer") ?? default; break;
                case Option<int?> o when o.CustomParser is null: o.CustomParser = r => Number<int>(r, o, "an integer"); break;
                case Option<long> o when o.CustomParser is null: o.CustomParser = r => Number<long>(r, o, "an integer") ?? default; break;
                case Option<long?> o when o.CustomParser is null: o.CustomParser = r => Number<long>(r, o, "an integer"); break;
                case Option<ulong> o when o.CustomParser is null: o.CustomParser = r => Number<ulong>(r, o, "an integer >= 0") ?? default; break;
                case Option<double> o when o.CustomParser is null: o.CustomParser = r => Number<double>(r, o, "a number") ?? default; break;
                case Option<double?> o when o.CustomParser is null: o.CustomParser = r => Number<double>(r, o, "a number"); break;
                case Option<string> o when o.Validators.Count == 0 && Choices(o) is { } choices: o.Validators.Add(r => OneOf(r, o, choices)); break;
                case Option<string?> o when o.Validators.Count == 0 && Choices(o) is { } choices: o.Validators.Add(r => OneOf(r, o, choices)); break;
            }
        }
        foreach (var sub in command.Subcommands) Apply(sub);
    }

    /// <summary>
    /// The fixed values of a string option whose help name lists them (<c>append|replace</c>), or null
    /// when the list has a free-form part in capitals (<c>auto|none|COLUMN</c>) or there is no list.
    /// </summary>
    public static IReadOnlyList<string>? Choices(Option option) =>
        option.HelpName is { } h && h.Contains('|') && h.Split('|').All(c => c.Length > 0 && c.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            ? h.Split('|') : null;

    private static void OneOf(OptionResult r, Option option, IReadOnlyList<string> choices)
    {
        if (r.Tokens.Count == 0) return;
        string value = r.Tokens[^1].Value;
        if (!choices.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            r.AddError($"{Typed(r, option)} must be one of {string.Join(", ", choices)}; got '{value}'.");
    }

    /// <summary>The option name as typed on the command line (an alias when the user typed one), else its name.</summary>
    public static string Typed(SymbolResult? result, Option option) =>
        (result as OptionResult ?? (result as ArgumentResult)?.Parent as OptionResult)?.IdentifierToken?.Value ?? option.Name;

    private static T? Number<T>(ArgumentResult r, Option option, string kind) where T : struct, INumber<T>
    {
        string name = Typed(r, option);
        if (r.Tokens.Count == 0) { r.AddError($"{name} needs a value ({kind})."); return null; }
        string text = r.Tokens[^1].Value;
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (!T.TryParse(text, style, CultureInfo.InvariantCulture, out T value) || typeof(T) == typeof(double) && !double.IsFinite(double.CreateChecked(value)))
        {
            r.AddError($"{name} must be {kind}, got '{text}'.");
            return null;
        }
        if (RangeOf(option) is { } range && !range.Contains(double.CreateChecked(value)))
        {
            r.AddError($"{name} must be {(range.Text.StartsWith('[') || range.Text.StartsWith('(') ? "in " : "")}{range.Text}, got {text}.");
            return null;
        }
        return value;
    }

    /// <summary>
    /// Writes one line per error of <paramref name="parse"/> to <paramref name="error"/>, each naming
    /// the option (as typed) or the command it concerns; an unknown option or command gets the nearest
    /// known names as a suggestion.
    /// </summary>
    /// <param name="parse">The parse result (may have no errors of its own when <paramref name="more"/> has some).</param>
    /// <param name="error">Where the messages go.</param>
    /// <param name="more">Errors found beside the parser's (<see cref="FlagErrors"/>).</param>
    /// <returns><see cref="UsageExitCode"/>.</returns>
    public static int Report(ParseResult parse, TextWriter error, IReadOnlyList<string>? more = null)
    {
        var command = parse.CommandResult.Command;
        string path = CommandPath(parse.CommandResult);
        var unmatched = parse.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in more ?? []) if (written.Add(line)) error.WriteLine("error: " + line);
        string? previous = null;
        var flags = command.Options.Where(o => o.ValueType == typeof(bool)).SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        var tokens = parse.Tokens;
        foreach (var token in parse.UnmatchedTokens)
        {
            // '--json maybe' / '--json=maybe': a flag given a value that is not true or false.
            int at = tokens.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.Value == token && x.i > 0 && flags.Contains(tokens[x.i - 1].Value)).i;
            if (at > 0)
            {
                string line0 = $"{tokens[at - 1].Value} is a flag: give it alone (or =true / =false), got '{token}'.";
                if (written.Add(line0)) error.WriteLine("error: " + line0);
                previous = token;
                continue;
            }
            // The value of an unknown option ('--grpah x') is not a second error.
            bool valueOfUnknown = previous is not null && previous.StartsWith('-') && !previous.Contains('=') && !token.StartsWith('-');
            previous = token;
            if (valueOfUnknown) continue;
            string line = token.StartsWith('-')
                ? $"unknown option '{token}' for '{path}'" + Suggest(token, command.Options.Concat(GlobalOptions(parse.CommandResult)).SelectMany(o => o.Aliases.Prepend(o.Name)))
                : command.Subcommands.Count > 0
                    ? $"unknown command '{token}' for '{path}'" + Suggest(token, command.Subcommands.Select(c => c.Name))
                    : $"unexpected argument '{token}' for '{path}'";
            if (written.Add(line)) error.WriteLine("error: " + (line.EndsWith('?') ? line : line + "."));
        }
        foreach (var e in parse.Errors)
        {
            // Unmatched tokens are reported above, with a suggestion.
            if (unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)) && e.SymbolResult is null or CommandResult) continue;
            string message = e.Message.Trim();
            var option = (e.SymbolResult as OptionResult)?.Option ?? ((e.SymbolResult as ArgumentResult)?.Parent as OptionResult)?.Option;
            if (option is not null)
            {
                string typed = Typed(e.SymbolResult, option);
                if (!message.Contains(typed, StringComparison.Ordinal)) message = $"{typed}: {message}";
            }
            else if (e.SymbolResult is ArgumentResult { Argument: var argument } && !message.Contains(argument.Name, StringComparison.Ordinal))
                message = $"{argument.Name}: {message}";
            message = message.Replace("\r", "").Replace("\n\t", " ").Replace('\n', ' ');
            if (written.Add(message)) error.WriteLine("error: " + message);
        }
        error.WriteLine($"(see '{path} --help')");
        return UsageExitCode;
    }

    /// <summary>
    /// <c>--flag=VALUE</c> given to a true/false option of the parsed command with a value other than
    /// true or false: the parser would take VALUE as a positional argument, so it is an error here.
    /// </summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="args">The raw command-line arguments.</param>
    /// <returns>One message per such argument.</returns>
    public static IReadOnlyList<string> FlagErrors(ParseResult parse, IReadOnlyList<string> args)
    {
        var flags = parse.CommandResult.Command.Options.Concat(GlobalOptions(parse.CommandResult))
            .Where(o => o.ValueType == typeof(bool)).SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var a in args)
        {
            if (a == "--") break;
            int eq = a.IndexOf('=');
            if (eq <= 0 || !flags.Contains(a[..eq])) continue;
            string v = a[(eq + 1)..];
            if (!bool.TryParse(v, out _)) list.Add($"{a[..eq]} is a flag: give it alone (or =true / =false), got '{v}'.");
        }
        return list;
    }

    private static IEnumerable<Option> GlobalOptions(CommandResult result)
    {
        for (var r = result.Parent as CommandResult; r is not null; r = r.Parent as CommandResult)
            foreach (var o in r.Command.Options)
                if (o.Recursive) yield return o;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Add(c.Command is RootCommand ? "influencegraph" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Suggest(string typed, IEnumerable<string> known)
    {
        var near = NearMatches.Find(typed, known, 3);
        return near.Count == 0 ? "" : "; did you mean " + string.Join(" or ", near) + "?";
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
