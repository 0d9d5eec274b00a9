namespace Nebula.Hosting.Containers;

/// <summary>The pinned Redpanda and Redpanda Console images.</summary>
internal static class RedpandaContainerImageTags
{
    public const string Registry = "docker.redpanda.com";
    public const string Image = "redpandadata/redpanda";
    public const string Tag = "v24.3.1";
    public const string ConsoleImage = "redpandadata/console";
    public const string ConsoleTag = "v2.7.2";
    public const int ConsoleTargetPort = 8080;
}
