namespace Nebula.Api.Models;

/// <summary>The body of <c>POST /users/{id}/merge</c>: the guest whose history becomes the user's.</summary>
public sealed record UserMergeRequest(string? From);
