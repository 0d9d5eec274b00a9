namespace Nebula.Hosting.Containers;

/// <summary>The pinned Milvus image: the 2.5 line, whose REST v2 shapes Nebula's client follows.</summary>
internal static class MilvusContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "milvusdb/milvus";
    public const string Tag = "v2.5.27";
}
