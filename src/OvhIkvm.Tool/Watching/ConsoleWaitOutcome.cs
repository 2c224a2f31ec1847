using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Watching;

/// <summary>How a wait ended: a timeout is an answer too.</summary>
/// <param name="ConditionMet">True when the condition was met; false when the wait timed out.</param>
/// <param name="Screen">The last screen seen.</param>
/// <param name="Sentence">What happened and when: "matched 'login:' after 41.2 s".</param>
internal sealed record ConsoleWaitOutcome(bool ConditionMet, CapturedFrame Screen, string Sentence);
