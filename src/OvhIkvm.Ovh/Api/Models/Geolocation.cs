namespace OvhIkvm.Ovh.Api.Models;

/// <summary><c>me.geolocation.ContinentCountryLocation</c>: the caller's address as OVH sees it.</summary>
internal sealed record Geolocation(string? Ip, string? CountryCode, string? Continent);
