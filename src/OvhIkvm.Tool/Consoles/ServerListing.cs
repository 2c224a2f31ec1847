using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles;

/// <summary>The servers every provider listed, and one sentence for each provider that could not list its own.</summary>
internal sealed record ServerListing(IReadOnlyList<ConsoleServer> Servers, IReadOnlyList<string> ProviderErrors);
