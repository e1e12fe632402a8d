using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Graph;

/// <summary>
/// The builder's row buffer grows by doubling; past 2^30 rows a plain <c>2 * length</c> overflows <c>int</c> into a
/// negative length (an <see cref="OverflowException"/> or a negative-size allocation in the middle of a national-scale
/// import). Arithmetic only: no array that large is allocated.
/// </summary>
public class GraphBuilderCapacityTests
{
    [Theory]
    [InlineData(16, 32)]
    [InlineData(1 << 26, 1 << 27)]
    [InlineData(1 << 29, 1 << 30)]
    public void NextCapacity_DoublesBelowTheLimit(int current, int expected) =>
        Assert.Equal(expected, GraphBuilder.NextCapacity(current));

    [Fact]
    public void NextCapacity_Past2To30_IsCappedAtArrayMaxLength_NotANegativeOverflow()
    {
        Assert.Equal(Array.MaxLength, GraphBuilder.NextCapacity(1 << 30));
        Assert.Equal(Array.MaxLength, GraphBuilder.NextCapacity((1 << 30) - 1)); // 2^31 - 2 is already past Array.MaxLength
        Assert.Equal(Array.MaxLength, GraphBuilder.NextCapacity(Array.MaxLength - 1));
        Assert.True(unchecked((1 << 30) * 2) < 0, "the unguarded doubling is negative");
    }

    [Fact]
    public void NextCapacity_AtArrayMaxLength_SaysToSplitTheBatch()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GraphBuilder.NextCapacity(Array.MaxLength));
        Assert.Contains("mode append", e.Message);
        Assert.Contains(Array.MaxLength.ToString("N0"), e.Message);
    }
}
