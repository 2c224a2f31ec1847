namespace OvhIkvm.Ovh.Api.Models;

/// <summary>The fields of <c>dedicated.server.DedicatedWithIAM</c> that the inventory shows.</summary>
internal sealed record DedicatedServer(string? Name, string? Reverse, string? Datacenter, string? Ip, string? State);
