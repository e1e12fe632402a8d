using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

internal static partial class DelimitedEdgeParser
{
    /// <summary>
    /// Bytes per range of the parallel SNAP reader (4 MiB: about 190,000 rows of two 10-character handles). At 10^8
    /// R-MAT rows (measured under load) 4 MiB ranges peaked 136 MiB lower than 16 MiB ranges (1,431 against 1,567 MiB:
    /// smaller range-local tables and fewer bytes in flight) for 3.4 s less CPU, though the merge looks more accounts up again.
    /// </summary>
    internal const int DefaultRangeBytes = 4 << 20;


    /// <summary>
    /// A line of a range that the range's worker did not take (not a blank line, an ASCII comment or a clean two-token
    /// ASCII row): the merge reads it by the one-thread reader's rules, at its place and with its file line number.
    /// </summary>
    /// <param name="RowsBefore">Rows of the range parsed before this line.</param>
    /// <param name="Line">1-based line number inside the range.</param>
    /// <param name="Bytes">The line, without its line end.</param>
    private readonly record struct PendingLine(int RowsBefore, int Line, byte[] Bytes);

    /// <summary>What one worker made of one range: local ids in first-appearance order, rows of local ids, lines left to the merge.</summary>
    private sealed class ParsedRange
    {
        public byte[] Buffer = [];
        public int Length;
        public AccountIndex Local = new(1 << 16);
        public long[] Rows = new long[1 << 16];
        public int RowCount;
        public readonly List<PendingLine> Pending = [];
        public int Lines;
    }

    /// <summary>
    /// The parallel part of the byte reader, after the first data row fixed a plain follower-followee layout without a
    /// time column. The input is cut into ranges of about <paramref name="rangeBytes"/> bytes, each ending right after a
    /// line end (a lone CR at the end of the data read so far is not taken as one: a LF may follow), so no line and no
    /// CRLF pair straddles two ranges. Up to <paramref name="workers"/> + 1 ranges are parsed at once on the thread pool;
    /// the worker interns each clean row's two handles into a range-local index (ids in first appearance inside the
    /// range) and keeps every other non-blank, non-comment line as is. The calling thread reads the input and merges the
    /// ranges in file order: it walks a range's rows in order, giving each local id, at its first row, the global id
    /// <see cref="EdgeSink.InternAscii"/> returns (the local ids first appear in increasing order, so this is one
    /// comparison per handle), and reads each kept line by the one-thread rules at its place with its file line number
    /// (lines of the earlier ranges + its line in the range). So every account gets the id of its first appearance in
    /// the file, and rows, rejections and errors are those of the one-thread reader, whatever the worker count or range
    /// size. A line with no line end within the data read ends the parallel part: the ranges in flight are merged and
    /// the one-thread reader goes on from that line (it raises the over-long line error there when the line is too long).
    /// </summary>
    private static void ReadRangesParallel(Stream content, EdgeSink sink, System.Text.Encoding decoding, int maxLineLength,
        SnapState state, Utf8Cursor cur, int workers, int rangeBytes)
    {
        rangeBytes = Math.Max(4, rangeBytes);
        var inFlight = new Queue<Task<ParsedRange>>();
        var spare = new Stack<ParsedRange>();
        long lineBase = cur.LineNo;
        bool stripAt = sink.StripAt;
        int maxHandle = sink.MaxHandleLength;
        var tok = new Range[4];
        var map = Array.Empty<int>();
        var hashes = Array.Empty<ulong>();
        // The merging thread is the parse's bound: the builder's 2^22-row block sorts go to the pool.
        sink.Builder.CompactInBackground = true;

        // The unread bytes of the one-thread reader start the first range.
        byte[] carry = cur.Buffer;
        int carryStart = cur.Start, carryEnd = cur.End;
        bool eof = cur.Eof, skipLf = cur.SkipLf;
        try
        {
            while (true)
            {
                var range = spare.Count > 0 ? spare.Pop() : new ParsedRange();
                int carried = carryEnd - carryStart;
                int size = Math.Max(rangeBytes, 2 * carried);
                if (range.Buffer.Length < size) range.Buffer = new byte[size];
                byte[] buf = range.Buffer;
                Buffer.BlockCopy(carry, carryStart, buf, 0, carried);
                int n = carried;
                while (n < buf.Length && !eof)
                {
                    int r = content.Read(buf, n, buf.Length - n);
                    if (r == 0) eof = true; else n += r;
                }
                int from = 0;
                if (skipLf && n > 0) { if (buf[0] == (byte)'\n') from = 1; skipLf = false; }
                if (from > 0) { Buffer.BlockCopy(buf, from, buf, 0, n - from); n -= from; }
                if (n == 0) { spare.Push(range); break; }
                int cut;
                if (eof) cut = n;
                else
                {
                    int p = buf.AsSpan(0, n).LastIndexOfAny((byte)'\n', (byte)'\r');
                    if (p == n - 1 && buf[p] == (byte)'\r') p = buf.AsSpan(0, p).LastIndexOfAny((byte)'\n', (byte)'\r');
                    if (p < 0)
                    {
                        if (n <= maxLineLength)
                        {
                            // A line longer than the buffer but within the limit: read on with a buffer twice as long.
                            carry = buf.AsSpan(0, n).ToArray(); carryStart = 0; carryEnd = n;
                            spare.Push(range);
                            continue;
                        }
                        // A line over the limit: merge what is in flight, then the one-thread reader takes over (and fails on it).
                        while (inFlight.Count > 0) Merge(inFlight.Dequeue().GetAwaiter().GetResult());
                        cur.Buffer = buf; cur.Start = 0; cur.End = n; cur.Eof = false; cur.SkipLf = false; cur.AtStart = false;
                        cur.LineNo = lineBase; cur.HandedOver = false;
                        range.Buffer = []; // now the cursor's
                        ReadSequential(content, sink, decoding, maxLineLength, state, cur, handOver: false);
                        return;
                    }
                    cut = p + 1;
                }
                // The rest becomes the next range's start (copied there before this buffer is reused).
                carry = buf; carryStart = cut; carryEnd = n;
                range.Length = cut;
                if (eof && cut == n) { carry = []; carryStart = carryEnd = 0; }
                var job = range;
                if (carry == buf && carryEnd > carryStart) { carry = buf.AsSpan(carryStart, carryEnd - carryStart).ToArray(); carryEnd -= carryStart; carryStart = 0; }
                inFlight.Enqueue(Task.Run(() => ParseRange(job, stripAt, maxHandle, maxLineLength)));
                while (inFlight.Count > workers) Merge(inFlight.Dequeue().GetAwaiter().GetResult());
            }
            while (inFlight.Count > 0) Merge(inFlight.Dequeue().GetAwaiter().GetResult());
            cur.LineNo = lineBase;
        }
        finally
        {
            // On an error (a thrown line, a cancellation) the workers still running finish their range and are dropped.
            foreach (var t in inFlight) t.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        void Merge(ParsedRange r)
        {
            var local = r.Local;
            if (map.Length < local.Count) map = new int[Math.Max(local.Count, 2 * map.Length)];
            int next = 0, row = 0;
            long[] rows = r.Rows;
            if (r.Pending.Count == 0) next = InternAllInOrder(local);
            foreach (var pending in r.Pending)
            {
                MergeRows(row, pending.RowsBefore);
                row = pending.RowsBefore;
                SnapLineUtf8(pending.Bytes, lineBase + pending.Line, state, sink, decoding, maxLineLength, tok);
            }
            MergeRows(row, r.RowCount);
            lineBase += r.Lines;
            r.Pending.Clear();
            r.RowCount = 0;
            r.Lines = 0;
            local.Clear();
            spare.Push(r);

            // A range without kept lines: its rows intern nothing else, so its local accounts get their global ids in local id
            // order up front (local ids are numbered by first appearance, the order the row walk below would intern them),
            // with the global table's cache misses prefetched a few accounts ahead. Returns the local count (all mapped).
            int InternAllInOrder(AccountIndex loc)
            {
                int count = loc.Count;
                if (hashes.Length < count) hashes = new ulong[Math.Max(count, 2 * hashes.Length)];
                for (int id = 0; id < count; id++) hashes[id] = AccountIndex.Hash(loc.GetUtf8(id));
                var global = sink.Builder.Accounts;
                for (int id = 0; id < count; id++)
                {
                    if (id + 12 < count) global.PrefetchSlot(hashes[id + 12]);
                    if (id + 8 < count) global.PrefetchOffset(hashes[id + 8]);
                    if (id + 4 < count) global.PrefetchBytes(hashes[id + 4]);
                    map[id] = sink.InternAscii(loc.GetUtf8(id));
                }
                return count;
            }

            void MergeRows(int fromRow, int toRow)
            {
                // Local ids to global ids in place (a local id is new exactly when it is the next one), then one bulk add.
                for (int i = fromRow; i < toRow; i++)
                {
                    long k = rows[i];
                    int a = (int)(k >> 32), b = (int)k;
                    int u = a < next ? map[a] : (map[next++] = sink.InternAscii(local.GetUtf8(a)));
                    int v = b < next ? map[b] : (map[next++] = sink.InternAscii(local.GetUtf8(b)));
                    rows[i] = ((long)u << 32) | (uint)v;
                }
                sink.EdgeKeys(rows.AsSpan(fromRow, toRow - fromRow));
            }
        }
    }

    /// <summary>
    /// A worker's pass over one range (<see cref="ParsedRange.Buffer"/>[0..Length), whole lines): blank lines and comment
    /// lines of printable ASCII are skipped, a clean row (printable ASCII and tabs, two tokens, each non-empty after the
    /// optional leading <c>@</c> and at most <paramref name="maxHandle"/> bytes) is interned locally, every other line
    /// is kept for the merge (so is a line of more than <paramref name="maxLineLength"/> bytes). Line ends as the one-thread reader: LF, CRLF, a lone CR.
    /// </summary>
    private static ParsedRange ParseRange(ParsedRange r, bool stripAt, int maxHandle, int maxLineLength)
    {
        byte[] buf = r.Buffer;
        int pos = 0, end = r.Length, lines = 0, count = 0;
        long[] rows = r.Rows;
        var local = r.Local;
        while (pos < end)
        {
            int rel = buf.AsSpan(pos, end - pos).IndexOfAny((byte)'\n', (byte)'\r');
            int len = rel < 0 ? end - pos : rel;
            var line = new ReadOnlySpan<byte>(buf, pos, len);
            lines++;
            if (rel < 0) pos = end;
            else
            {
                pos += rel + 1;
                if (buf[pos - 1] == (byte)'\r' && pos < end && buf[pos] == (byte)'\n') pos++;
            }
            if (len > maxLineLength) { Keep(line); continue; } // the merge decides (by characters) whether it is too long
            // Printable ASCII and tabs only; anything else is the merge's.
            int bad = line.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (bad >= 0 && HasOther(line[bad..])) { Keep(line); continue; }
            int i = 0, n = line.Length;
            while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i == n || line[i] == (byte)'#' || line[i] == (byte)'%') continue; // blank or comment: nothing to do
            int a0 = i;
            while (i < n && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
            int a1 = i;
            while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i == n) { Keep(line); continue; } // one token: an account row
            int b0 = i;
            while (i < n && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
            int b1 = i;
            while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i != n) { Keep(line); continue; } // a third token
            if (stripAt && line[a0] == (byte)'@') a0++;
            if (stripAt && line[b0] == (byte)'@') b0++;
            if (a0 == a1 || b0 == b1 || a1 - a0 > maxHandle || b1 - b0 > maxHandle) { Keep(line); continue; } // rejected by the merge
            int u = local.InternCanonicalAscii(line[a0..a1]);
            int v = local.InternCanonicalAscii(line[b0..b1]);
            if (count == rows.Length) Array.Resize(ref rows, 2 * rows.Length);
            rows[count++] = ((long)u << 32) | (uint)v;
        }
        r.Rows = rows;
        r.RowCount = count;
        r.Lines = lines;
        return r;

        void Keep(ReadOnlySpan<byte> line) => r.Pending.Add(new PendingLine(count, lines, line.ToArray()));

        static bool HasOther(ReadOnlySpan<byte> l)
        {
            foreach (byte b in l) if ((b < 0x20 && b != (byte)'\t') || b > 0x7E) return true;
            return false;
        }
    }
}
