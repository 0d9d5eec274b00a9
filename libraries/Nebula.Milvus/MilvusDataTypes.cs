namespace Nebula.Milvus;

/// <summary>The REST v2 data type names (case-sensitive, from <c>schemapb.DataType</c>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "These are Milvus' own data type names.")]
public static class MilvusDataTypes
{
    public const string Bool = "Bool";
    public const string Int64 = "Int64";
    public const string Float = "Float";
    public const string Double = "Double";
    public const string VarChar = "VarChar";
    public const string Array = "Array";
    public const string FloatVector = "FloatVector";
}
