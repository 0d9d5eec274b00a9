namespace Nebula.Hosting;

/// <summary>The mode the AppHost runs in, why (logged at start), its settings, and a <paramref name="Warning"/> when the choice cannot work.</summary>
public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason, InfrastructureOptions Options, string? Warning = null)
{
    /// <summary>The embedded servers' data folder, absolute.</summary>
    public string DataDirectory(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Path.GetFullPath(Options.DataDirectory, builder.AppHostDirectory);
    }
}
