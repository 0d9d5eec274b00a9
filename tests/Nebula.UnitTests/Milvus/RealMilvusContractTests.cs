using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

/// <summary>The same suite against a real Milvus (2.5.5 or newer) when one is given; this machine has no container engine to run one.</summary>
public sealed class RealMilvusContractTests : MilvusContractTests, IDisposable
{
    private const string EndpointVariable = "NEBULA_MILVUS_ENDPOINT";
    private readonly MilvusClient? _client;

    public RealMilvusContractTests()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } connection)
        {
            var settings = new MilvusClientSettings();
            settings.ParseConnectionString(connection);
            _client = new MilvusClient(settings);
        }
    }

    protected override MilvusClient Client
    {
        get
        {
            Assert.SkipWhen(_client is null,
                $"No real Milvus server: set {EndpointVariable} (e.g. 'Endpoint=http://localhost:19530;Key=root:Milvus'); this machine has no container engine to start one.");
            return _client!;
        }
    }

    public void Dispose() => _client?.Dispose();
}
