using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

public sealed class EmbeddedVectorServiceContractTests(EmbeddedVectorServiceFixture fixture)
    : MilvusContractTests, IClassFixture<EmbeddedVectorServiceFixture>
{
    protected override MilvusClient Client => fixture.Client;
}
