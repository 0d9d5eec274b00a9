namespace Nebula.Hosting;

/// <summary>A Milvus server of any mode (the container, the embedded vector service), whose users other than root can be given connection strings.</summary>
public interface IMilvusServerResource : IResourceWithConnectionString
{
    /// <summary><c>Endpoint=…;Key=&lt;userName&gt;:&lt;password&gt;</c>: the server's connection string for another user.</summary>
    ReferenceExpression ConnectionStringFor(string userName, ParameterResource password);
}
