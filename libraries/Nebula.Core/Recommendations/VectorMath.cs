using System.Numerics;
using System.Runtime.InteropServices;

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

        // Four sums, not one: each add waits for the previous one into the same register, so a single running sum
        // runs at the adder's latency. The reasons take 500 of these per list (50 items × 10 recent ones).
        ref var l = ref MemoryMarshal.GetReference(left);
        ref var r = ref MemoryMarshal.GetReference(right);
        var width = Vector<float>.Count;
        Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
        var i = 0;
        for (; i <= left.Length - (4 * width); i += 4 * width)
        {
            s0 += Vector.LoadUnsafe(ref l, (nuint)i) * Vector.LoadUnsafe(ref r, (nuint)i);
            s1 += Vector.LoadUnsafe(ref l, (nuint)(i + width)) * Vector.LoadUnsafe(ref r, (nuint)(i + width));
            s2 += Vector.LoadUnsafe(ref l, (nuint)(i + (2 * width))) * Vector.LoadUnsafe(ref r, (nuint)(i + (2 * width)));
            s3 += Vector.LoadUnsafe(ref l, (nuint)(i + (3 * width))) * Vector.LoadUnsafe(ref r, (nuint)(i + (3 * width)));
        }

        for (; i <= left.Length - width; i += width)
        {
            s0 += Vector.LoadUnsafe(ref l, (nuint)i) * Vector.LoadUnsafe(ref r, (nuint)i);
        }

        double sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
