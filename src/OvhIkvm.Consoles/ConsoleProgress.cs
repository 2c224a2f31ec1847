namespace OvhIkvm.Consoles;

/// <summary>A step of a slow console operation, reported so that clients do not look frozen.</summary>
/// <param name="Stage">What is happening, in a few words a user can read ("waiting for OVH task 1234: doing").</param>
/// <param name="Elapsed">Time since the operation started.</param>
public sealed record ConsoleProgress(string Stage, TimeSpan Elapsed);
