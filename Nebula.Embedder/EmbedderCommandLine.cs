namespace Nebula.Embedder;

/// <summary>The Embedder's switches, mapped onto configuration keys so that files, environment and command line agree.</summary>
public static class EmbedderCommandLine
{
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--catalog"] = $"{EmbedderOptions.SectionName}:Catalogs:0",
        ["--format"] = $"{EmbedderOptions.SectionName}:Format",
        ["--limit"] = $"{EmbedderOptions.SectionName}:Limit",
        ["--batch-size"] = $"{EmbedderOptions.SectionName}:BatchSize",
        ["--recreate"] = $"{EmbedderOptions.SectionName}:Recreate",
        ["--max-tokens"] = "Nebula:Embedding:MaxTokens",
        ["--precision"] = "Nebula:Embedding:Precision",
        ["--collection"] = "Nebula:Items:CollectionName",
    };

    /// <summary>Lets <c>--recreate</c> stand alone (the configuration provider wants a value after every switch).</summary>
    public static string[] Normalise(string[] args)
    {
        return [.. args.Select((arg, i) => arg == "--recreate" && (i == args.Length - 1 || args[i + 1].StartsWith("--", StringComparison.Ordinal)) ? "--recreate=true" : arg)];
    }
}
