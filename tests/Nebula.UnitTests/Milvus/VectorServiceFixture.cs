using Nebula.Milvus;
using Nebula.VectorService;

namespace Nebula.UnitTests.Milvus;

/// <summary>A Milvus REST v2 endpoint for the contract suite: the embedded vector service, started in this process.</summary>
public sealed class EmbeddedVectorServiceFixture : IAsyncLifetime
{
    public const string Token = "root:contract-test";

    private VectorServer? _server;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "nebula-vector-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri Endpoint => _server!.Endpoint;

    public MilvusClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = DataDirectory, Token = Token }, CancellationToken.None);
        Client = CreateClient(Token);
    }

    public MilvusClient CreateClient(string? key, int maxRetries = 0)
        => new(new MilvusClientSettings { Endpoint = Endpoint, Key = key, MaxRetries = maxRetries });

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        _server?.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
