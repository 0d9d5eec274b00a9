using Nebula.Evaluator.Protocol;

namespace Nebula.Evaluator.Reporting;

public sealed record SplitReport(SplitKind Split, int Evaluated, int Skipped, int EventsReplayed, IReadOnlyList<MethodResult> Results);
