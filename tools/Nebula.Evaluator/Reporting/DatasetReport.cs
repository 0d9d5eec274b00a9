using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Reporting;

public sealed record DatasetReport(InteractionDataset Dataset, IReadOnlyList<SplitReport> Splits, TimeSpan Elapsed);
