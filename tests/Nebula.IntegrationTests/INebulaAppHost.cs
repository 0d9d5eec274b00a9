using Aspire.Hosting;

namespace Nebula.IntegrationTests;

/// <summary>A running AppHost the pipeline tests drive, whichever infrastructure mode it runs in.</summary>
public interface INebulaAppHost
{
    DistributedApplication App { get; }

    /// <summary>A resource's connection string as the services get it.</summary>
    Task<string> ConnectionStringAsync(string name);
}
