using Nebula.Evaluator.Protocol;

namespace Nebula.Evaluator.Reporting;

public sealed record SplitReport(SplitKind Split, int UsersEvaluated, int UsersSkipped, int EventsReplayed, IReadOnlyList<MethodResult> Results);
