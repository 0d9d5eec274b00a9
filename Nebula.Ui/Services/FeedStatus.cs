namespace Nebula.Ui.Services;

/// <summary>Where the live "For you" list stands.</summary>
public enum FeedStatus
{
    /// <summary>No shopper yet, or the first connection is being made.</summary>
    Connecting,

    /// <summary>The Api's stream is open: every change arrives by itself.</summary>
    Live,

    /// <summary>The stream broke or the Api refused it; trying again with back-off.</summary>
    Reconnecting,
}
