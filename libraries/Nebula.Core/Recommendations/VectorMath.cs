using System.Numerics;

namespace Nebula.Core.Recommendations;

/// <summary>Vector arithmetic with the in-box SIMD types, so that the library needs no package.</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException($"The vectors have {left.Length} and {right.Length} dimensions.", nameof(right));
        }

        var sums = Vector<float>.Zero;
        var i = 0;
        for (; i <= left.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sums += new Vector<float>(left[i..]) * new Vector<float>(right[i..]);
        }

        double sum = Vector.Sum(sums);
        for (; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
