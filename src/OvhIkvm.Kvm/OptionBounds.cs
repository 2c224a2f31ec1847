namespace OvhIkvm.Kvm;

/// <summary>The range every KVM time limit must fall in, checked when the host starts.</summary>
internal static class OptionBounds
{
    /// <summary>Zero or negative would fail every step at once (or, for a timer, throw when it is armed).</summary>
    public const string ShortestTimeout = "00:00:00.001";

    /// <summary>A day is beyond any sensible wait for a console, and well inside what a timer accepts (about 24.8 days).</summary>
    public const string LongestTimeout = "1.00:00:00";
}
