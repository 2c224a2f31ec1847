namespace OvhIkvm.Ovh.Account;

/// <summary>
/// One consumer-key access rule as OVH stores it (<c>auth.AccessRule</c>): an HTTP method and a path where <c>*</c>
/// stands for any non-empty run of characters, slashes included (<c>/*</c> grants every call).
/// </summary>
public sealed record OvhAccessRule(string Method, string Path)
{
    public override string ToString() => $"{Method} {Path}";
}
