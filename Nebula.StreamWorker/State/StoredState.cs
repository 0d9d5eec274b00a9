using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.State;

/// <summary>
/// What a batch reads before it applies: per partition the offset of the last applied event (absent: none recorded),
/// the users' profiles (absent: none yet), which of the batch's event ids each user has had applied before, when each
/// forgotten user of the batch was forgotten (Unix milliseconds; absent: not forgotten), and the forget counter
/// (<see cref="Nebula.Core.Contracts.RedisKeys.ForgetGeneration"/>; null: no user was ever forgotten).
/// </summary>
public sealed record StoredState(
    IReadOnlyDictionary<int, long> AppliedOffsets,
    IReadOnlyDictionary<string, TasteProfile> Profiles,
    IReadOnlySet<(string UserId, Guid EventId)> AppliedEvents,
    IReadOnlyDictionary<string, long> ForgottenAt,
    long? ForgetGeneration);
