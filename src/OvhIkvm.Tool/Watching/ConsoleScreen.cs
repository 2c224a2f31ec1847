using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Watching;

/// <summary>The latest screen of a held console.</summary>
/// <param name="Capture">The frame, when it was last seen, and its text.</param>
/// <param name="Version">Grows by one at every change seen: a follower compares it to tell a change from a repeat.</param>
/// <param name="ChangedAt">When the screen was first seen as it is now.</param>
internal sealed record ConsoleScreen(CapturedFrame Capture, long Version, DateTimeOffset ChangedAt);
