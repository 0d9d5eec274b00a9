using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

public sealed class VectorJsonTests
{
    [Fact]
    public void Every_float_pattern_reads_back_bit_for_bit_through_the_runtime_parser()
    {
        // 4 million random bit patterns: every exponent, sign and mantissa, subnormals included.
        var random = new Random(17);
        var buffer = new byte[32];
        var failures = new List<string>();
        for (var i = 0; i < 4_000_000 && failures.Count < 5; i++)
        {
            var value = BitConverter.Int32BitsToSingle(random.Next() | (random.Next(2) << 31));
            if (!float.IsFinite(value))
            {
                continue;
            }

            var text = Encoding.ASCII.GetString(buffer, 0, VectorJson.FormatValue(value, buffer));
            var back = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (BitConverter.SingleToInt32Bits(back) != BitConverter.SingleToInt32Bits(value))
            {
                failures.Add($"{value.ToString("R", CultureInfo.InvariantCulture)} written as {text}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(0f, "0")]
    [InlineData(-0f, "-0")]
    [InlineData(1f, "1")]
    [InlineData(-2.5f, "-2.5")]
    [InlineData(123456792f, "123456792")]
    [InlineData(1e9f, "1E9")]
    [InlineData(0.1f, "0.100000001")]
    [InlineData(0.0512345657f, "0.0512345657")]
    [InlineData(1e-7f, "1.00000001E-7")]
    [InlineData(float.MaxValue, "3.4028235E+38")]
    [InlineData(float.Epsilon, "1E-45")]
    public void Writes_valid_JSON_numbers(float value, string expected)
    {
        var buffer = new byte[32];
        var text = Encoding.ASCII.GetString(buffer, 0, VectorJson.FormatValue(value, buffer));
        Assert.Equal(expected, text);
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(text).RootElement.ValueKind);
    }

    [Fact]
    public void Values_that_round_up_to_the_next_power_of_ten_keep_nine_digits()
    {
        // 9.99999999x and 0.0999999999x: rounding to 9 digits carries into a tenth digit.
        foreach (var value in new[] { 9.999999999f, 99.99999999f, 0.09999999999f, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(10f) - 1) })
        {
            var buffer = new byte[32];
            var text = Encoding.ASCII.GetString(buffer, 0, VectorJson.FormatValue(value, buffer));
            Assert.Equal(value, float.Parse(text, CultureInfo.InvariantCulture));
            Assert.True(text.Count(char.IsAsciiDigit) <= 11, text);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_value_JSON_cannot_hold_is_refused(float value)
    {
        Assert.Throws<ArgumentException>(() => VectorJson.FormatValue(value, new byte[32]));
    }

    [Fact]
    public void A_written_vector_is_read_back_exactly_by_both_readers()
    {
        var random = new Random(3);
        var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1) / 19.6f).ToArray();
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("vector");
            VectorJson.Write(writer, vector);
            writer.WriteNumber("after", 1);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(output.WrittenMemory);
        var array = document.RootElement.GetProperty("vector");
        Assert.Equal(vector, VectorJson.Read(array));
        Assert.Equal(vector, array.EnumerateArray().Select(x => x.GetSingle()));
        Assert.Equal(1, document.RootElement.GetProperty("after").GetInt32());
    }

    [Fact]
    public void Reads_any_JSON_spelling_of_the_numbers()
    {
        using var document = JsonDocument.Parse(" [ 1 ,\n-0.5e1,\t2E-3 , 0.1 ,7e+1]");
        Assert.Equal([1f, -5f, 0.002f, 0.1f, 70f], VectorJson.Read(document.RootElement));
    }

    [Theory]
    [InlineData("[1, \"2\", 3]", 1)]
    [InlineData("[1, 2, null]", 2)]
    [InlineData("[[1], 2]", 0)]
    [InlineData("[1, 1e39]", 1)]
    [InlineData("{\"a\": 1}", -1)]
    [InlineData("\"1,2\"", -1)]
    public void Something_other_than_finite_numbers_is_reported_with_its_index(string json, int badIndex)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(VectorJson.TryRead(document.RootElement, out _, out var index));
        Assert.Equal(badIndex, index);
    }

    [Fact]
    public void An_empty_array_is_an_empty_vector()
    {
        using var document = JsonDocument.Parse("[]");
        Assert.Empty(VectorJson.Read(document.RootElement));
    }
}
