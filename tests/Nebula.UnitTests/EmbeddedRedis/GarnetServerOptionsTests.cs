using System.Net;
using Nebula.EmbeddedRedis;

namespace Nebula.UnitTests.EmbeddedRedis;

/// <summary>The settings Garnet starts with: our arguments through Garnet's own parser, then the receive buffer it has no argument for.</summary>
public class GarnetServerOptionsTests
{
    [Fact]
    public void Garnet_listens_on_the_loopback_port_with_the_configured_memory()
    {
        var options = GarnetLauncher.ServerOptions(new EmbeddedRedisOptions { Port = 16_379, LogMemory = "64m", IndexMemory = "8m" });

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 16_379), Assert.Single(options.EndPoints));
        Assert.Equal("64m", options.LogMemorySize);
        Assert.Equal("8m", options.IndexMemorySize);
        Assert.False(options.EnableAOF);
    }

    [Fact]
    public void A_data_directory_gives_Garnet_an_append_only_file_checkpoints_and_a_disk_tier_under_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nebula-garnet-options");

        var options = GarnetLauncher.ServerOptions(new EmbeddedRedisOptions
        {
            Port = 16_379, DataDirectory = directory, AofCommitFrequencyMs = 250, CheckpointFrequencySeconds = 120, CompactionFrequencySeconds = 900,
        });

        Assert.True(options.EnableAOF);
        Assert.Equal(250, options.CommitFrequencyMs);
        Assert.True(options.Recover);
        Assert.Equal(directory, options.CheckpointDir);
        Assert.Equal(120, options.CheckpointFrequencySecs);
        Assert.True(options.EnableStorageTier);
        Assert.Equal(Path.Combine(directory, "log"), options.LogDir);
        Assert.Equal(900, options.CompactionFrequencySecs);
    }

    [Theory]
    [InlineData("8m", 8 << 20)]
    [InlineData("16m", 16 << 20)]
    public void Receive_buffers_up_to_the_configured_size_are_kept_for_reuse(string size, int bytes)
    {
        var options = GarnetLauncher.ServerOptions(new EmbeddedRedisOptions { Port = 16_379, ReceiveBufferMaxSize = size });

        Assert.Equal(bytes, options.GetNetworkBufferSettings().maxReceiveBufferSize);
    }

    [Fact]
    public void The_default_keeps_a_batch_transaction_in_a_reused_buffer()
    {
        var options = GarnetLauncher.ServerOptions(new EmbeddedRedisOptions { Port = 16_379 });

        // Garnet's own default is 1 MB; a worker's transaction for 256 events is 2–3 MB.
        Assert.True(options.GetNetworkBufferSettings().maxReceiveBufferSize >= 4 << 20);
    }

    [Fact]
    public void A_setting_Garnet_refuses_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GarnetLauncher.ServerOptions(new EmbeddedRedisOptions { Port = 16_379, LogMemory = "lots" }));

        Assert.Contains("Garnet refused its arguments", error.Message, StringComparison.Ordinal);
    }
}
