namespace Nebula.Milvus;

/// <summary>The load states <c>collections/get_load_state</c> reports.</summary>
public static class MilvusLoadStates
{
    public const string Loaded = "LoadStateLoaded";
    public const string Loading = "LoadStateLoading";
    public const string NotLoad = "LoadStateNotLoad";
}
