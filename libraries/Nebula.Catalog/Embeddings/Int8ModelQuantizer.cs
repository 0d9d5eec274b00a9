using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Nebula.Catalog.Embeddings;

/// <summary>
/// Dynamic int8 quantisation of an ONNX encoder, done in memory when the model loads: every MatMul whose right-hand
/// side is a 2-D float weight becomes DynamicQuantizeLinear (the activations, uint8, one scale per call) → MatMulInteger
/// (the weights, int8, symmetric, one scale per output column) → Cast → Mul by the two scales. ONNX Runtime fuses that
/// chain into its integer kernels. Deterministic: the same model bytes give the same quantised bytes.
/// </summary>
internal static class Int8ModelQuantizer
{
    /// <summary>
    /// How many of the first down-projections (weights with more rows than columns: a feed-forward block's output)
    /// stay in float. The first layers' feed-forward outputs carry the encoder's few large activations, and one uint8
    /// scale per call loses the rest of them: with these two kept, the smallest cosine to the float vectors over samples
    /// of catalogue texts rose from 0.981–0.984 to 0.989–0.991, at 2.1× the float speed instead of 2.3× (docs/benchmarks.md).
    /// </summary>
    public const int FloatDownProjections = 2;

    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;

    /// <summary>The quantised model's bytes, and how many weight matrices were quantised.</summary>
    public static (byte[] Model, int QuantizedMatrices) Quantize(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException("The embedding model is not an ONNX model, so it cannot be quantised.", e);
        }

        var graph = proto.Graph ?? throw new InvalidDataException("The embedding model has no graph to quantise.");
        var weights = graph.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);

        // A weight another node also reads stays as it is (replacing it would take it from that node).
        var readers = graph.Node.SelectMany(node => node.Input).GroupBy(name => name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var quantizedInputs = new Dictionary<string, QuantizedInput>(StringComparer.Ordinal);
        var nodes = new List<NodeProto>(graph.Node.Count * 2);
        var keptDownProjections = 0;
        var quantized = 0;
        foreach (var node in graph.Node)
        {
            if (!IsFloatWeightProduct(node, weights, out var weight) || readers[weight.Name] > 1)
            {
                nodes.Add(node);
                continue;
            }

            if (weight.Dims[0] > weight.Dims[1] && keptDownProjections < FloatDownProjections)
            {
                keptDownProjections++;
                nodes.Add(node);
                continue;
            }

            var input = node.Input[0];
            if (!quantizedInputs.TryGetValue(input, out var activation))
            {
                // Q, K and V read the same activations: quantise them once.
                activation = new QuantizedInput(input + "_quantized", input + "_scale", input + "_zero_point");
                quantizedInputs[input] = activation;
                nodes.Add(Node("DynamicQuantizeLinear", input + "_DynamicQuantizeLinear", [input], [activation.Values, activation.Scale, activation.ZeroPoint]));
            }

            var (values, scales, zeroPoints) = QuantizeColumns(weight);
            graph.Initializer.Remove(weight);
            graph.Initializer.Add(values);
            graph.Initializer.Add(scales);
            graph.Initializer.Add(zeroPoints);

            var name = node.Name.Length > 0 ? node.Name : node.Output[0];
            var product = Node("MatMulInteger", name + "_quant", [activation.Values, values.Name, activation.ZeroPoint, zeroPoints.Name], [name + "_int32"]);
            var cast = Node("Cast", name + "_cast", [name + "_int32"], [name + "_float"]);
            cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = FloatType });
            var scale = Node("Mul", name + "_scales", [activation.Scale, scales.Name], [name + "_scale"]);
            var output = Node("Mul", name + "_rescale", [name + "_float", name + "_scale"], [node.Output[0]]);
            nodes.AddRange([product, cast, scale, output]);
            quantized++;
        }

        if (quantized == 0)
        {
            throw new InvalidDataException("The embedding model has no MatMul with a float weight matrix, so there is nothing to quantise.");
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        return (proto.ToByteArray(), quantized);
    }

    private static bool IsFloatWeightProduct(NodeProto node, Dictionary<string, TensorProto> weights, out TensorProto weight)
    {
        weight = null!;
        return node.OpType == "MatMul" && node.Domain.Length == 0 && node.Input.Count == 2
            && weights.TryGetValue(node.Input[1], out weight!)
            && weight.DataType == FloatType && weight.Dims.Count == 2
            && weight.RawData.Length == weight.Dims[0] * weight.Dims[1] * sizeof(float);
    }

    /// <summary>Symmetric int8 per output column: scale = max |w| / 127, zero point 0.</summary>
    private static (TensorProto Values, TensorProto Scales, TensorProto ZeroPoints) QuantizeColumns(TensorProto weight)
    {
        var rows = checked((int)weight.Dims[0]);
        var columns = checked((int)weight.Dims[1]);
        var floats = MemoryMarshal.Cast<byte, float>(weight.RawData.Span);
        var scales = new float[columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                scales[column] = Math.Max(scales[column], Math.Abs(floats[(row * columns) + column]));
            }
        }

        for (var column = 0; column < columns; column++)
        {
            scales[column] = scales[column] > 0 ? scales[column] / sbyte.MaxValue : 1f;
        }

        var values = new byte[rows * columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var level = Math.Clamp(MathF.Round(floats[(row * columns) + column] / scales[column]), -sbyte.MaxValue, sbyte.MaxValue);
                values[(row * columns) + column] = unchecked((byte)(sbyte)level);
            }
        }

        var quantizedValues = new TensorProto { Name = weight.Name + "_quantized", DataType = Int8Type, RawData = ByteString.CopyFrom(values) };
        quantizedValues.Dims.AddRange([rows, columns]);
        var scaleTensor = new TensorProto { Name = weight.Name + "_scale", DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
        scaleTensor.Dims.Add(columns);
        var zeroPoints = new TensorProto { Name = weight.Name + "_zero_point", DataType = Int8Type, RawData = ByteString.CopyFrom(new byte[columns]) };
        zeroPoints.Dims.Add(columns);
        return (quantizedValues, scaleTensor, zeroPoints);
    }

    private static NodeProto Node(string operation, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = operation, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private readonly record struct QuantizedInput(string Values, string Scale, string ZeroPoint);
}
