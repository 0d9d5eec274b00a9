using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Protocol;

namespace Nebula.Evaluator;

/// <summary>What to evaluate; see <see cref="Usage"/>.</summary>
public sealed class EvaluatorCommandLine
{
    public const string Usage = """
        usage: dotnet run -c Release --project tools/Nebula.Evaluator -- [options]
          (no options)                    the three built-in data sets, every split; writes docs/evaluation.md and .png
          --dataset scientific|movielens|giftcards
                                          only this built-in data set (repeatable)
          --catalog FILE --interactions FILE [--name NAME]
                                          a data set of your own: any catalogue the Embedder reads, and a csv
                                          userId,itemId,timestamp[,type] (unix seconds or ISO 8601)
          --split test|validation|temporal-test|temporal-validation
                                          only this split (repeatable): leave-last-out, or global temporal (the events
                                          before the time of 90% (80%) of them replayed, each later one ranked, then
                                          observed; data sets with timestamps only)
          --output DIR                    where evaluation.md and evaluation.png go (default: docs); --no-report writes nothing
          --set KEY=VALUE                 a Nebula:Recommendations setting for this run, e.g. --set Blend:TransitionWeight=2
                                          (the defaults are the worker's; tune on --split validation only)
          --precision float32|int8        the embedding model's precision (default float32; see Nebula:Embedding:Precision)
          --max-tokens N                  the embedding's token budget per item text (default 128, at most 256; see
                                          Nebula:Embedding:MaxTokens)
          --methods a,b                   only these of popularity, original, profile, blend-start (the blend without its
                                          popularity prior, as the quality issue found it), blend, blend-two-step (the
                                          blend with Blend:TwoHopWeight 3, or the weight --set gives)
          --data DIR                      the shared data folder (default: shared/data beside the repository, or NEBULA_SHARED_DATA)
        """;

    public List<string> Datasets { get; } = [];

    /// <summary>Which methods to run (all when empty): popularity, original, profile, blend-start, blend, blend-two-step.</summary>
    public List<string> MethodNames { get; } = [];

    /// <summary>Overrides of <see cref="Core.Recommendations.RecommendationOptions"/>, as configuration keys below its section.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Catalog { get; private set; }

    public string? Interactions { get; private set; }

    public string Name { get; private set; } = "custom";

    public List<SplitKind> Splits { get; } = [];

    public string? OutputDirectory { get; private set; } = "docs";

    public string? DataDirectory { get; private set; }

    public Catalog.Embeddings.EmbeddingPrecision Precision { get; private set; }

    /// <summary>Tokens per item text; the Embedder's default unless given.</summary>
    public int MaxTokens { get; private set; } = new Nebula.Catalog.Embeddings.EmbeddingModelOptions().MaxTokens;

    /// <summary>The worker's recommendation settings (its defaults) with this run's overrides, validated as the worker validates them.</summary>
    public RecommendationOptions RecommendationOptions()
    {
        var options = new RecommendationOptions();
        new ConfigurationBuilder().AddInMemoryCollection(Settings).Build().Bind(options);
        return Validated(options);
    }

    /// <summary>The two-step paths' weight that measured best (off by default in the worker: its cost).</summary>
    public const double TwoStepWeight = 3;

    /// <summary>
    /// The settings of the blend with two-step paths: <see cref="RecommendationOptions"/> with the paths at
    /// <see cref="TwoStepWeight"/>, or at the weight this run sets (<c>--set Blend:TwoHopWeight=…</c>), so that the row's
    /// weight can be tuned like any other setting.
    /// </summary>
    public RecommendationOptions TwoStepRecommendationOptions()
    {
        var options = RecommendationOptions();
        if (!Settings.ContainsKey("Blend:TwoHopWeight"))
        {
            options.Blend.TwoHopWeight = TwoStepWeight;
        }

        return options;
    }

    /// <summary>The worker's settings as the pipeline issue shipped them: every past event kept until the clock decays it.</summary>
    public RecommendationOptions IssueFourOptions()
    {
        var options = RecommendationOptions();
        options.ProfileEventRetention = 1;
        return options;
    }

    /// <summary>
    /// The blend as the quality issue found it: the worker's settings without the popularity prior, which the evaluator
    /// then lost to a float cast (every pre-2022 score became 0). Kept as a row so that the report shows where the issue
    /// started beside where it stands.
    /// </summary>
    public RecommendationOptions StartingBlendOptions()
    {
        var options = RecommendationOptions();
        options.Blend.PopularityWeight = 0;
        return options;
    }

    /// <summary>The Embedder's model settings with this run's precision and token budget, validated as the Embedder validates them.</summary>
    public Catalog.Embeddings.EmbeddingModelOptions EmbeddingModelOptions() =>
        Validated(new Nebula.Catalog.Embeddings.EmbeddingModelOptions { Precision = Precision, MaxTokens = MaxTokens });

    private static T Validated<T>(T options)
        where T : notnull
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", errors.Select(error => error.ErrorMessage)));
        }

        return options;
    }

    public static EvaluatorCommandLine Parse(string[] args)
    {
        var parsed = new EvaluatorCommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--dataset": parsed.Datasets.Add(Value()); break;
                case "--catalog": parsed.Catalog = Value(); break;
                case "--interactions": parsed.Interactions = Value(); break;
                case "--name": parsed.Name = Value(); break;
                case "--split": parsed.Splits.Add(SplitKinds.Parse(Value())); break;
                case "--output": parsed.OutputDirectory = Value(); break;
                case "--no-report": parsed.OutputDirectory = null; break;
                case "--data": parsed.DataDirectory = Value(); break;
                case "--precision": parsed.Precision = Enum.Parse<Catalog.Embeddings.EmbeddingPrecision>(Value(), ignoreCase: true); break;
                case "--max-tokens": parsed.MaxTokens = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--methods": parsed.MethodNames.AddRange(Value().Split(',')); break;
                case "--set":
                    var setting = Value().Split('=', 2);
                    parsed.Settings[setting[0]] = setting.Length == 2 ? setting[1] : throw new ArgumentException($"--set takes KEY=VALUE, got '{setting[0]}'.");
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        // The model's own ranges (a token budget of 8 to 256) refuse a bad --max-tokens here, before anything loads.
        try
        {
            parsed.EmbeddingModelOptions();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--max-tokens {parsed.MaxTokens}: {e.Message}", e);
        }

        if ((parsed.Catalog is null) != (parsed.Interactions is null))
        {
            throw new ArgumentException("--catalog and --interactions go together.");
        }

        if (parsed.Datasets.Count == 0 && parsed.Catalog is null)
        {
            parsed.Datasets.AddRange(["scientific", "movielens", "giftcards"]);
        }

        if (parsed.Splits.Count == 0)
        {
            parsed.Splits.AddRange([SplitKind.Validation, SplitKind.Test, SplitKind.TemporalValidation, SplitKind.TemporalTest]);
        }

        return parsed;
    }
}
