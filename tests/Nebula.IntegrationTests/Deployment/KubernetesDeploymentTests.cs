using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nebula.IntegrationTests.Deployment;

/// <summary>
/// The deployment in <c>deploy/kubernetes</c> as <c>kubectl kustomize</c> renders it: aspirate's output for the
/// AppHost's manifest plus the overlay. Nothing here needs a cluster.
/// </summary>
public sealed partial class KubernetesDeploymentTests(RenderedDeployment deployment) : IClassFixture<RenderedDeployment>
{
    private const string SecretName = "nebula-secrets";

    [Fact]
    public async Task Every_rendered_object_validates_against_the_Kubernetes_schemas()
    {
        deployment.SkipWhenUnavailable();
        var schema = Path.Combine(RenderedDeployment.Folder, "schema");
        Assert.SkipUnless(ExternalTool.IsInstalled("node"), "node (Debian package nodejs) is not installed");
        Assert.SkipUnless(Directory.Exists(Path.Combine(schema, "node_modules", "kubernetes-models")),
            "the schema package is not installed: npm ci --prefix deploy/kubernetes/schema");
        var rendered = Path.Combine(Path.GetTempPath(), $"nebula-rendered-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(rendered, deployment.Yaml, TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, output, error) = await ExternalTool.RunAsync("node", schema, "validate.mjs", rendered);

            TestContext.Current.SendDiagnosticMessage(output);
            Assert.True(exitCode == 0, $"{output}\n{error}");
            Assert.Contains($"{deployment.Objects.Count} objects, 0 invalid", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rendered);
        }
    }

    [Fact]
    public void The_deployment_has_every_part_of_the_application()
    {
        deployment.SkipWhenUnavailable();

        foreach (var (kind, name) in new[]
        {
            ("StatefulSet", "kafka"), ("StatefulSet", "redis"), ("StatefulSet", "milvus"),
            ("Deployment", "api"), ("Deployment", "streamworker"), ("Deployment", "ui"), ("Job", "embedder"),
            ("Service", "api"), ("Service", "ui"), ("Service", "kafka"), ("Service", "redis"), ("Service", "milvus"),
            ("Ingress", "nebula"),
        })
        {
            deployment.Find(kind, name);
        }
    }

    [Fact]
    public void The_uis_address_of_the_api_is_the_api_services_port()
    {
        deployment.SkipWhenUnavailable();
        var address = new Uri((string)deployment.Find("ConfigMap", "ui-env")["data"]!["services__api__http__0"]!);
        var service = deployment.Find("Service", "api");
        var container = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == "api").Container;

        Assert.Equal("api", address.Host);
        var port = Assert.Single(service["spec"]!["ports"]!.AsArray(), p => (int)p!["port"]! == address.Port);
        Assert.Contains(container["ports"]!.AsArray(), p => (int)p!["containerPort"]! == (int)port!["targetPort"]!);
    }

    [Fact]
    public void No_port_is_offered_where_nothing_listens()
    {
        deployment.SkipWhenUnavailable();

        Assert.DoesNotContain(deployment.Containers(), c => c.Container["ports"]?.AsArray().Any(p => (int)p!["containerPort"]! == 8443 || (string?)p["name"] == "https") == true);
        Assert.DoesNotContain(deployment.Objects.Where(o => (string?)o["kind"] == "Service"), s => s["spec"]!["ports"]!.AsArray().Any(p => (string?)p!["name"] == "https"));
    }

    [Fact]
    public void No_password_appears_outside_a_secret()
    {
        deployment.SkipWhenUnavailable();

        foreach (var map in deployment.Objects.Where(o => (string?)o["kind"] == "ConfigMap"))
        {
            foreach (var (key, value) in map["data"]?.AsObject() ?? [])
            {
                Assert.DoesNotContain("PASSWORD", key, StringComparison.OrdinalIgnoreCase);
                Assert.False(key.EndsWith("__Secret", StringComparison.Ordinal) || key.EndsWith("Key", StringComparison.Ordinal), $"{RenderedDeployment.Name(map)} carries the key {key}");
                AssertOnlyVariableReferences((string)value!, $"{RenderedDeployment.Name(map)}:{key}");
            }
        }

        foreach (var (workload, container) in deployment.Containers())
        {
            var fromSecret = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in RenderedDeployment.Environment(container))
            {
                var name = (string)variable["name"]!;
                if (variable["valueFrom"]?["secretKeyRef"] is { } secret)
                {
                    Assert.Equal(SecretName, (string?)secret["name"]);
                    fromSecret.Add(name);
                    continue;
                }

                Assert.DoesNotContain("PASSWORD", name, StringComparison.OrdinalIgnoreCase);
                var value = (string?)variable["value"] ?? "";
                AssertOnlyVariableReferences(value, $"{RenderedDeployment.Name(workload)}/{name}");
                // Kubernetes expands $(NAME) only from variables defined before, in the same container.
                Assert.All(VariableReference().Matches(value), m => Assert.Contains(m.Groups["name"].Value, fromSecret));
            }
        }
    }

    [Fact]
    public void Every_password_is_a_key_of_the_one_documented_secret()
    {
        deployment.SkipWhenUnavailable();

        var keys = deployment.Containers()
            .SelectMany(c => RenderedDeployment.Environment(c.Container))
            .Select(v => v["valueFrom"]?["secretKeyRef"])
            .Where(s => s is not null)
            .Select(s => $"{(string?)s!["name"]}/{(string?)s["key"]}")
            .Distinct()
            .Order();

        Assert.Equal(
            [
                $"{SecretName}/api-key-admin", $"{SecretName}/api-key-ui", $"{SecretName}/milvus-editor-password", $"{SecretName}/milvus-reader-password",
                $"{SecretName}/milvus-root-password", $"{SecretName}/redis-password", $"{SecretName}/shopper-token-key",
            ],
            keys);
    }

    [Fact]
    public void A_connection_string_is_the_manifests_with_the_password_filled_in_by_kubernetes()
    {
        deployment.SkipWhenUnavailable();
        var api = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == "api").Container;
        var variables = RenderedDeployment.Environment(api).ToDictionary(v => (string)v["name"]!, v => (string?)v["value"]);

        Assert.Equal("redis:6379,password=$(REDIS_PASSWORD)", variables["ConnectionStrings__redis"]);
        Assert.Equal("Endpoint=http://milvus:19530;Key=nebula_editor:$(MILVUS_EDITOR_PASSWORD)", variables["ConnectionStrings__milvus"]);
    }

    [Theory]
    [InlineData("api", "milvus-editor-password")]
    [InlineData("streamworker", "milvus-reader-password")]
    public void A_service_gets_its_own_milvus_users_password_and_never_roots(string name, string password)
    {
        deployment.SkipWhenUnavailable();
        var container = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == name).Container;

        var keys = RenderedDeployment.Environment(container).Select(v => (string?)v["valueFrom"]?["secretKeyRef"]?["key"]).OfType<string>().ToList();

        Assert.Contains(password, keys);
        Assert.DoesNotContain("milvus-root-password", keys);
    }

    [Fact]
    public void The_embedder_job_signs_in_as_root_and_creates_the_service_users_with_their_passwords()
    {
        deployment.SkipWhenUnavailable();
        var embedder = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == "embedder").Container;
        var variables = RenderedDeployment.Environment(embedder).ToDictionary(v => (string)v["name"]!);

        Assert.Equal("Endpoint=http://milvus:19530;Key=root:$(MILVUS_ROOT_PASSWORD)", (string?)variables["ConnectionStrings__milvus"]["value"]);
        Assert.Equal("milvus-reader-password", (string?)variables["Nebula__Embedder__Reader__Password"]["valueFrom"]?["secretKeyRef"]?["key"]);
        Assert.Equal("milvus-editor-password", (string?)variables["Nebula__Embedder__Editor__Password"]["valueFrom"]?["secretKeyRef"]?["key"]);
    }

    [Fact]
    public void No_manifest_expression_is_left_unresolved()
    {
        deployment.SkipWhenUnavailable();

        Assert.DoesNotMatch(ManifestExpression(), deployment.Yaml);
        Assert.All(deployment.Containers().SelectMany(c => c.Container["args"]?.AsArray() ?? []),
            argument => Assert.Equal(System.Text.Json.JsonValueKind.String, argument!.GetValueKind()));
    }

    [Fact]
    public void Redpanda_advertises_its_service_name()
    {
        deployment.SkipWhenUnavailable();
        var kafka = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == "kafka").Container;

        Assert.Contains("--advertise-kafka-addr=internal://kafka:29092,external://kafka:9092", kafka["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("kafka:9092", (string?)deployment.Find("ConfigMap", "streamworker-env")["data"]!["ConnectionStrings__kafka"]);
    }

    [Fact]
    public void Both_services_that_create_the_topics_give_them_the_same_partition_count()
    {
        deployment.SkipWhenUnavailable();

        Assert.Equal("8", (string?)deployment.Find("ConfigMap", "api-env")["data"]!["Nebula__Topics__Partitions"]);
        Assert.Equal("8", (string?)deployment.Find("ConfigMap", "streamworker-env")["data"]!["Nebula__Topics__Partitions"]);
    }

    [Fact]
    public void The_embedder_runs_to_completion_as_a_job_and_is_not_a_deployment()
    {
        deployment.SkipWhenUnavailable();

        var job = deployment.Find("Job", "embedder");
        Assert.Equal("OnFailure", (string?)job["spec"]!["template"]!["spec"]!["restartPolicy"]);
        Assert.DoesNotContain(deployment.Objects, o => (string?)o["kind"] == "Deployment" && RenderedDeployment.Name(o) == "embedder");
    }

    [Theory]
    [InlineData("kafka", "nebula-kafka-data")]
    [InlineData("redis", "nebula-redis-data")]
    [InlineData("milvus", "nebula-milvus-data")]
    public void Stateful_infrastructure_claims_a_volume_whose_name_does_not_depend_on_the_checkout(string name, string claim)
    {
        deployment.SkipWhenUnavailable();

        var template = Assert.Single(deployment.Find("StatefulSet", name)["spec"]!["volumeClaimTemplates"]!.AsArray());
        Assert.Equal(claim, RenderedDeployment.Name(template!));
        Assert.NotEqual("1Gi", (string?)template!["spec"]!["resources"]!["requests"]!["storage"]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("streamworker")]
    [InlineData("ui")]
    public void A_service_is_ready_on_health_and_alive_on_alive(string name)
    {
        deployment.SkipWhenUnavailable();
        var container = deployment.Containers().Single(c => RenderedDeployment.Name(c.Workload) == name).Container;

        Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        // /health answers the kubelet only on the probe port, which the service listens on and its Service does not offer.
        Assert.Equal(8081, (int?)container["readinessProbe"]!["httpGet"]!["port"]);
        var environment = RenderedDeployment.Environment(container).ToDictionary(v => (string)v["name"]!, v => (string?)v["value"]);
        Assert.Equal("8081", environment["Nebula__Health__Port"]);
        Assert.Contains("http://+:8081", environment["ASPNETCORE_URLS"], StringComparison.Ordinal);
        Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/alive", (string?)container["startupProbe"]!["httpGet"]!["path"]);
    }

    [Fact]
    public void Every_container_has_requests_and_a_memory_limit()
    {
        deployment.SkipWhenUnavailable();

        Assert.All(deployment.Containers(), c =>
        {
            Assert.NotNull(c.Container["resources"]?["requests"]?["cpu"]);
            Assert.NotNull(c.Container["resources"]?["limits"]?["memory"]);
        });
    }

    [Fact]
    public void The_ingress_routes_to_the_ui_and_the_api()
    {
        deployment.SkipWhenUnavailable();

        var backends = deployment.Find("Ingress", "nebula")["spec"]!["rules"]!.AsArray()
            .SelectMany(r => r!["http"]!["paths"]!.AsArray())
            .Select(p => (string?)p!["backend"]!["service"]!["name"])
            .Order();
        Assert.Equal(["api", "ui"], backends);
    }

    [Fact]
    public void Images_are_the_registrys_for_the_services_and_pinned_for_the_infrastructure()
    {
        deployment.SkipWhenUnavailable();

        Assert.All(deployment.Containers(), c => Assert.Matches(@"^[\w.-]+(/[\w.-]+)+:[\w.-]+$", (string)c.Container["image"]!));
        Assert.DoesNotContain(deployment.Containers(), c => ((string)c.Container["image"]!).EndsWith(":latest", StringComparison.Ordinal));
    }

    private static void AssertOnlyVariableReferences(string value, string where)
    {
        // A password in a connection string must be a reference to a variable, never the password itself.
        foreach (Match secret in SecretInConnectionString().Matches(value))
        {
            Assert.True(OnlyAVariableReference().IsMatch(secret.Groups["secret"].Value), $"{where} carries a password: {value}");
        }
    }

    [GeneratedRegex(@"(password=|Key=[^:;]*:)(?<secret>[^,;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretInConnectionString();

    [GeneratedRegex(@"\$\((?<name>[A-Z0-9_]+)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\$\([A-Z0-9_]+\)$")]
    private static partial Regex OnlyAVariableReference();

    [GeneratedRegex(@"\{[\w-]+\.(bindings|connectionString|value|inputs)[\w.]*\}")]
    private static partial Regex ManifestExpression();
}
