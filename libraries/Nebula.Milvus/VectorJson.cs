using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using csFastFloat;

namespace Nebula.Milvus;

/// <summary>
/// Float vectors as JSON arrays of numbers, the only way Milvus' REST API takes and returns them: written and read
/// about twice as fast as <see cref="Utf8JsonWriter.WriteNumberValue(float)"/> and <see cref="JsonElement.GetSingle"/>,
/// and exactly: every float reads back bit for bit.
/// </summary>
/// <remarks>
/// A float is written with 9 significant digits (trailing zeros dropped) rather than the shortest text that reads back:
/// 9 digits always read back to the same float (a decimal step of at most 10⁻⁸ of the value against a float's half-step
/// of at least 2⁻²⁵), and they come from one multiplication in double precision, which is exact enough, instead of
/// the shortest-digits search that makes the runtime's formatting slow. Reading uses fast_float's algorithm
/// (csFastFloat), which rounds correctly as the runtime's parser does.
/// </remarks>
public static class VectorJson
{
    // The longest number written: "-0.0000" and 9 digits, or "-d.ddddddddE-dd"; 17 bytes with its comma.
    private const int MaxBytesPerValue = 17;

    private static readonly double[] PowersOfTen = [.. Enumerable.Range(0, 81).Select(i => double.Parse($"1e{i - 40}", CultureInfo.InvariantCulture))];

    private static ReadOnlySpan<byte> DigitPairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes <paramref name="vector"/> as one JSON array value.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite, which JSON cannot hold.</exception>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = ArrayPool<byte>.Shared.Rent(vector.Length * MaxBytesPerValue + 2);
        try
        {
            var written = Format(vector, buffer);
            writer.WriteRawValue(buffer.AsSpan(0, written), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The vector as JSON text, <c>[v0,v1,…]</c>, into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Format(ReadOnlySpan<float> vector, Span<byte> destination)
    {
        var position = 0;
        destination[position++] = (byte)'[';
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                destination[position++] = (byte)',';
            }

            position += FormatValue(vector[i], destination[position..]);
        }

        destination[position++] = (byte)']';
        return position;
    }

    /// <summary>One float as a JSON number that reads back to the same float; returns the bytes written.</summary>
    public static int FormatValue(float value, Span<byte> destination)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} is not a finite number; JSON cannot hold it.", nameof(value));
        }

        double magnitude = Math.Abs(value);
        var position = 0;
        if (float.IsNegative(value))
        {
            destination[position++] = (byte)'-';
        }

        if (magnitude == 0)
        {
            destination[position++] = (byte)'0';
            return position;
        }

        // Beyond what a normalised vector holds, and where the powers of ten below run out: the runtime's formatting.
        if (magnitude is < 1e-30 or >= 1e30)
        {
            return ((float)magnitude).TryFormat(destination[position..], out var written, default, CultureInfo.InvariantCulture)
                ? position + written
                : throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        // The decimal exponent: floor(log10(magnitude)), estimated from the binary exponent, then corrected until the
        // scaling gives nine digits (the estimate may be one low, and rounding up may reach 10⁹, as 999,999,999.6
        // does). Each correction moves one way only, so it ends within two steps.
        var binaryExponent = (int)((BitConverter.DoubleToInt64Bits(magnitude) >> 52) & 0x7FF) - 1023;
        var exponent = (binaryExponent * 78_913) >> 18;
        var digits = NineDigits(magnitude, exponent);
        while (digits >= 1_000_000_000U)
        {
            digits = NineDigits(magnitude, ++exponent);
        }

        while (digits < 100_000_000U)
        {
            digits = NineDigits(magnitude, --exponent);
        }

        Span<byte> text = stackalloc byte[9];
        var first = digits / 100_000_000U;
        var rest = digits - first * 100_000_000U;
        text[0] = (byte)('0' + first);
        var high = rest / 10_000U;
        var low = rest - high * 10_000U;
        WritePair(text[1..], high / 100U);
        WritePair(text[3..], high % 100U);
        WritePair(text[5..], low / 100U);
        WritePair(text[7..], low % 100U);
        var length = 9;
        while (length > 1 && text[length - 1] == (byte)'0')
        {
            length--;
        }

        if (exponent is >= 0 and <= 8)
        {
            // ddd.ddd, or an integer padded with zeros.
            var integerDigits = exponent + 1;
            if (length <= integerDigits)
            {
                text[..length].CopyTo(destination[position..]);
                position += length;
                destination.Slice(position, integerDigits - length).Fill((byte)'0');
                return position + integerDigits - length;
            }

            text[..integerDigits].CopyTo(destination[position..]);
            position += integerDigits;
            destination[position++] = (byte)'.';
            text[integerDigits..length].CopyTo(destination[position..]);
            return position + length - integerDigits;
        }

        if (exponent is < 0 and >= -5)
        {
            // 0.000ddd
            destination[position++] = (byte)'0';
            destination[position++] = (byte)'.';
            destination.Slice(position, -exponent - 1).Fill((byte)'0');
            position += -exponent - 1;
            text[..length].CopyTo(destination[position..]);
            return position + length;
        }

        // d.dddE±x
        destination[position++] = text[0];
        if (length > 1)
        {
            destination[position++] = (byte)'.';
            text[1..length].CopyTo(destination[position..]);
            position += length - 1;
        }

        destination[position++] = (byte)'E';
        if (exponent < 0)
        {
            destination[position++] = (byte)'-';
            exponent = -exponent;
        }

        if (exponent >= 10)
        {
            destination[position++] = (byte)('0' + exponent / 10);
        }

        destination[position++] = (byte)('0' + exponent % 10);
        return position;
    }

    /// <summary>Reads a JSON array of numbers into a new vector.</summary>
    /// <exception cref="FormatException">The value is not an array of finite numbers.</exception>
    public static float[] Read(JsonElement array)
        => TryRead(array, out var vector, out var badIndex)
            ? vector
            : throw new FormatException(badIndex < 0 ? "a vector must be a JSON array of numbers" : $"the vector holds a value that is not a finite float at index {badIndex}");

    /// <summary>
    /// Reads a JSON array of finite numbers. False when <paramref name="array"/> is not an array (<paramref name="badIndex"/>
    /// −1) or holds something else (<paramref name="badIndex"/> is the first such element).
    /// </summary>
    public static bool TryRead(JsonElement array, out float[] vector, out int badIndex)
    {
        vector = [];
        badIndex = -1;
        if (array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var values = new float[array.GetArrayLength()];
        // The element's own text, already checked as JSON by the document: '[', numbers between ',' and whitespace, ']'.
        var text = JsonMarshal.GetRawUtf8Value(array);
        var position = 1;
        for (var i = 0; i < values.Length; i++)
        {
            while (text[position] is (byte)' ' or (byte)',' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                position++;
            }

            if (text[position] is not ((byte)'-' or (>= (byte)'0' and <= (byte)'9'))
                || !FastFloatParser.TryParseFloat(text[position..], out var consumed, out values[i], NumberStyles.Float, (byte)'.')
                || !float.IsFinite(values[i]))
            {
                badIndex = i;
                return false;
            }

            position += consumed;
        }

        vector = values;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NineDigits(double magnitude, int exponent)
    {
        var scale = 8 - exponent;
        var scaled = scale >= 0 ? magnitude * PowersOfTen[scale + 40] : magnitude / PowersOfTen[-scale + 40];
        return (uint)Math.Round(scaled);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(Span<byte> destination, uint pair)
    {
        destination[0] = DigitPairs[(int)pair * 2];
        destination[1] = DigitPairs[(int)pair * 2 + 1];
    }
}
