using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Nebula.Milvus;

namespace Nebula.Benchmarks;

/// <summary>
/// Vectors as JSON numbers, the runtime's way beside <see cref="VectorJson"/>: writing and reading a worker batch's
/// search (by default 190 vectors of 384 real catalogue floats, perturbed), median and spread of the rounds.
/// </summary>
internal static class VectorJsonBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = BenchmarkData.Option(args, "--vectors", 190);
        var rounds = BenchmarkData.Option(args, "--rounds", 200);
        var seeds = BenchmarkData.CatalogVectors();
        var random = new Random(7);
        var vectors = Enumerable.Range(0, count).Select(i => VectorSearchBenchmark.Perturb(seeds[i % seeds.Length], random)).ToArray();

        Action<Utf8JsonWriter, float[]> runtimeWrite = (writer, vector) =>
        {
            writer.WriteStartArray();
            foreach (var value in vector)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        };
        Action<Utf8JsonWriter, float[]> ourWrite = (writer, vector) => VectorJson.Write(writer, vector);
        var runtimeText = Write(vectors, runtimeWrite);
        var ourText = Write(vectors, ourWrite);

        // Both readers give back the vectors bit for bit from both texts, or the figures below mean nothing.
        foreach (var text in new[] { runtimeText, ourText })
        {
            using var document = JsonDocument.Parse(text);
            var i = 0;
            foreach (var array in document.RootElement.EnumerateArray())
            {
                if (!VectorJson.Read(array).AsSpan().SequenceEqual(vectors[i]) || !array.EnumerateArray().Select(x => x.GetSingle()).SequenceEqual(vectors[i]))
                {
                    Console.Error.WriteLine($"vector {i} does not read back exactly");
                    return Task.FromResult(1);
                }

                i++;
            }
        }

        Console.WriteLine($"{count} vectors of {vectors[0].Length} floats; {rounds} rounds each, alternating; text {runtimeText.Length:N0} bytes (runtime) and {ourText.Length:N0} (VectorJson)");
        var timings = new Dictionary<string, List<double>>
        {
            ["write, runtime (WriteNumberValue)"] = [],
            ["write, VectorJson"] = [],
            ["read, runtime (JsonDocument + GetSingle)"] = [],
            ["read, VectorJson (JsonDocument + csFastFloat)"] = [],
        };
        for (var round = 0; round < rounds; round++)
        {
            Time(timings["write, runtime (WriteNumberValue)"], () => Write(vectors, runtimeWrite));
            Time(timings["write, VectorJson"], () => Write(vectors, ourWrite));
            Time(timings["read, runtime (JsonDocument + GetSingle)"], () => Read(runtimeText, array => [.. array.EnumerateArray().Select(x => x.GetSingle())]));
            Time(timings["read, VectorJson (JsonDocument + csFastFloat)"], () => Read(ourText, VectorJson.Read));
        }

        foreach (var (name, values) in timings)
        {
            values.Sort();
            Console.WriteLine($"{name,-48} median {Percentile(values, 0.5):0.00} ms (p10 {Percentile(values, 0.1):0.00}, p90 {Percentile(values, 0.9):0.00})");
        }

        return Task.FromResult(0);
    }

    private static byte[] Write(float[][] vectors, Action<Utf8JsonWriter, float[]> writeVector)
    {
        var output = new ArrayBufferWriter<byte>(1 << 20);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            foreach (var vector in vectors)
            {
                writeVector(writer, vector);
            }

            writer.WriteEndArray();
        }

        return output.WrittenSpan.ToArray();
    }

    private static int Read(byte[] text, Func<JsonElement, float[]> readVector)
    {
        using var document = JsonDocument.Parse(text);
        var total = 0;
        foreach (var array in document.RootElement.EnumerateArray())
        {
            total += readVector(array).Length;
        }

        return total;
    }

    private static void Time(List<double> into, Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        into.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
}
