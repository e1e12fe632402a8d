namespace InfluenceGraph.Core.Generators;

/// <summary>
/// A bit-exact port of the random stream of <c>numpy.random.Generator(numpy.random.PCG64(seed))</c>
/// (numpy 1.17 and later; checked against numpy 1.24.2): <c>SeedSequence</c> seeding, the PCG64
/// XSL-RR 128/64 generator (O'Neill 2014), <c>random()</c> doubles, and the bounded integers used by
/// <c>shuffle</c>/<c>permutation</c>. It lets <see cref="Rmat"/> write, from the same seed, the same
/// files as a Python R-MAT generator drawing from <c>numpy.random.Generator(PCG64(seed))</c>.
/// </summary>
/// <remarks>Not thread-safe. Not cryptographically secure.</remarks>
internal sealed class NumpyPcg64
{
    // PCG's default 128-bit LCG multiplier: 0x2360ED051FC65DA4_4385DF649FCCF645.
    private const ulong MulHi = 0x2360ED051FC65DA4UL;
    private const ulong MulLo = 0x4385DF649FCCF645UL;

    private ulong _stateHi, _stateLo, _incHi, _incLo;
    private bool _hasUInt32;
    private uint _uinteger;

    /// <summary>Seeds exactly as <c>PCG64(seed)</c> does for a non-negative integer seed.</summary>
    public NumpyPcg64(ulong seed)
    {
        ulong[] s = SeedSequenceState(seed);
        // pcg64_set_seed: initstate = (s[0] << 64) | s[1], initseq = (s[2] << 64) | s[3]
        ulong initHi = s[0], initLo = s[1], seqHi = s[2], seqLo = s[3];
        _stateHi = 0; _stateLo = 0;
        _incHi = (seqHi << 1) | (seqLo >> 63);
        _incLo = (seqLo << 1) | 1UL;
        Step();
        ulong lo = _stateLo + initLo;
        _stateHi = _stateHi + initHi + (lo < _stateLo ? 1UL : 0UL);
        _stateLo = lo;
        Step();
    }

    /// <summary>The 128-bit state (for tests against <c>bit_generator.state</c>).</summary>
    public UInt128 State => new(_stateHi, _stateLo);

    /// <summary>The 128-bit increment (for tests against <c>bit_generator.state</c>).</summary>
    public UInt128 Increment => new(_incHi, _incLo);

    private void Step()
    {
        // state = state * MUL + inc  (mod 2^128)
        ulong hi = Math.BigMul(_stateLo, MulLo, out ulong lo);
        hi += _stateLo * MulHi + _stateHi * MulLo;
        ulong lo2 = lo + _incLo;
        hi += _incHi + (lo2 < lo ? 1UL : 0UL);
        _stateHi = hi;
        _stateLo = lo2;
    }

    /// <summary>Next 64 random bits (<c>pcg64_next64</c>: step, then XSL-RR output).</summary>
    public ulong NextUInt64()
    {
        Step();
        return ulong.RotateRight(_stateHi ^ _stateLo, (int)(_stateHi >> 58));
    }

    /// <summary>Next 32 random bits; halves of one 64-bit draw, low half first (<c>pcg64_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (_hasUInt32)
        {
            _hasUInt32 = false;
            return _uinteger;
        }
        ulong next = NextUInt64();
        _hasUInt32 = true;
        _uinteger = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary>A double in [0, 1) with 53 random bits, as <c>Generator.random()</c>.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>A uniform integer in [0, max] by masked rejection (numpy's <c>random_interval</c>).</summary>
    public ulong NextInterval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if (max <= 0xFFFFFFFFUL)
            while ((value = NextUInt32() & mask) > max) { }
        else
            while ((value = NextUInt64() & mask) > max) { }
        return value;
    }

    /// <summary><c>Generator.permutation(n)</c>: a Fisher-Yates shuffle of 0..n-1, last index first.</summary>
    public int[] Permutation(int n)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i >= 1; i--)
        {
            int j = (int)NextInterval((ulong)i);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }

    // ---- numpy.random.SeedSequence(seed).generate_state(4, uint64) ------------------------

    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int PoolSize = 4, XShift = 16;

    private static ulong[] SeedSequenceState(ulong seed)
    {
        // _coerce_to_uint32_array: little-endian 32-bit words, [0] for 0.
        uint[] entropy = seed == 0 ? [0u] : seed <= uint.MaxValue ? [(uint)seed] : [(uint)seed, (uint)(seed >> 32)];
        var pool = new uint[PoolSize];
        uint hashConst = InitA;
        uint HashMix(uint value)
        {
            value ^= hashConst;
            hashConst *= MultA;
            value *= hashConst;
            value ^= value >> XShift;
            return value;
        }
        static uint Mix(uint x, uint y)
        {
            uint r = MixMultL * x - MixMultR * y;
            return r ^ (r >> XShift);
        }
        for (int i = 0; i < PoolSize; i++) pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], HashMix(pool[src]));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                pool[dst] = Mix(pool[dst], HashMix(entropy[src]));

        // generate_state(4, uint64): 8 words from the pool (cycled), paired little-endian.
        var words = new uint[8];
        uint h = InitB;
        for (int i = 0; i < words.Length; i++)
        {
            uint v = pool[i % PoolSize];
            v ^= h;
            h *= MultB;
            v *= h;
            v ^= v >> XShift;
            words[i] = v;
        }
        var state = new ulong[4];
        for (int i = 0; i < 4; i++) state[i] = words[2 * i] | ((ulong)words[2 * i + 1] << 32);
        return state;
    }
}
