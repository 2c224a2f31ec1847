namespace OvhIkvm.Consoles;

/// <summary>
/// A credential that must never reach a log, an error message or a tool result. <see cref="ToString"/> is
/// redacted, so a secret that ends up in a record, an interpolated string or a structured log stays hidden;
/// code that needs the value says so explicitly with <see cref="Reveal"/>.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private const string Redacted = "***";
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public bool IsEmpty => _value.Length == 0;

    public string Reveal() => _value;

    public override string ToString() => Redacted;

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
