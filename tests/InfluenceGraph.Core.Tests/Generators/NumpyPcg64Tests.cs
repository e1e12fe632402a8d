using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Core.Tests.Generators;

/// <summary>
/// The port of numpy's PCG64 stream, checked against values printed by numpy 1.24.2:
/// <c>/usr/bin/python3 -c "import numpy as np; g = np.random.Generator(np.random.PCG64(1)); print(g.bit_generator.state, g.random(3))"</c>.
/// </summary>
public class NumpyPcg64Tests
{
    [Fact]
    public void Seed1_StateAndIncrement_MatchNumpy()
    {
        var g = new NumpyPcg64(1);
        Assert.Equal(UInt128.Parse("207833532711051698738587646355624148094"), g.State);
        Assert.Equal(UInt128.Parse("194290289479364712180083596243593368443"), g.Increment);
    }

    [Fact]
    public void SeedAbove2Pow32_State_MatchesNumpy()
    {
        // np.random.PCG64(2**40 + 5).state['state']
        Assert.Equal(UInt128.Parse("289036690534530382777399946608278691974"), new NumpyPcg64((1UL << 40) + 5).State);
    }

    [Fact]
    public void Seed1_Random_MatchesNumpy()
    {
        var g = new NumpyPcg64(1);
        Assert.Equal(0.5118216247002567, g.NextDouble());
        Assert.Equal(0.9504636963259353, g.NextDouble());
        Assert.Equal(0.14415961271963373, g.NextDouble());
    }

    [Fact]
    public void Seed1_PermutationThenRandom_MatchesNumpy()
    {
        // g.permutation(16).tolist(); g.random(2).tolist()
        var g = new NumpyPcg64(1);
        Assert.Equal([1, 12, 7, 10, 14, 4, 5, 8, 0, 9, 2, 13, 11, 6, 3, 15], g.Permutation(16));
        Assert.Equal(0.027559113243068367, g.NextDouble());
        Assert.Equal(0.7535131086748066, g.NextDouble());
    }
}
