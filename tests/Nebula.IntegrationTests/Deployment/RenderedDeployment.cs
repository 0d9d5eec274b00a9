using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Nebula.IntegrationTests.Deployment;

/// <summary>
/// <c>kubectl kustomize deploy/kubernetes/nebula</c>, run once for the class: the whole deployment as a cluster would
/// receive it, from the checked-in aspirate output and the overlay. Empty, with <see cref="Unavailable"/> saying why,
/// where kubectl is not installed.
/// </summary>
public sealed class RenderedDeployment : IAsyncLifetime
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

    public string? Unavailable { get; private set; }

    /// <summary>The rendered YAML as kubectl wrote it.</summary>
    public string Yaml { get; private set; } = "";

    public IReadOnlyList<JsonObject> Objects { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        if (!ExternalTool.IsInstalled("kubectl"))
        {
            Unavailable = "kubectl (with its built-in kustomize) is not installed";
            return;
        }

        var (exitCode, output, error) = await ExternalTool.RunAsync("kubectl", Folder, "kustomize", "nebula");
        Assert.True(exitCode == 0, $"kubectl kustomize failed ({exitCode}): {error}");
        Yaml = output;

        // YAML to JSON, so that the tests read objects with System.Text.Json.
        var deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var serializer = new SerializerBuilder().JsonCompatible().Build();
        var objects = new List<JsonObject>();
        using var reader = new StringReader(output);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize(parser);
            if (document is not null)
            {
                objects.Add(JsonNode.Parse(serializer.Serialize(document))!.AsObject());
            }
        }

        Objects = objects;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void SkipWhenUnavailable() => Assert.SkipWhen(Unavailable is not null, Unavailable ?? "");

    public JsonObject Find(string kind, string name) =>
        Assert.Single(Objects, o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    /// <summary>The objects that run pods (Deployments, StatefulSets, Jobs), with their containers.</summary>
    public IEnumerable<(JsonObject Workload, JsonObject Container)> Containers() =>
        from o in Objects
        where (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job"
        from c in o["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
        select (o, c!.AsObject());

    public static string Name(JsonNode node) => (string)node["metadata"]!["name"]!;

    public static IEnumerable<JsonObject> Environment(JsonObject container) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [];

    public static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "";
}
