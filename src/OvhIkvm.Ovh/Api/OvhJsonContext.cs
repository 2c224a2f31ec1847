using System.Text.Json.Serialization;
using OvhIkvm.Ovh.Api.Models;

namespace OvhIkvm.Ovh.Api;

/// <summary>Source-generated JSON for every OVH payload: compact, camelCase, lenient about extra fields and number formats.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(DedicatedServer))]
[JsonSerializable(typeof(IpmiFeatures))]
[JsonSerializable(typeof(IpmiAccessRequest))]
[JsonSerializable(typeof(IpmiAccessValue))]
[JsonSerializable(typeof(DedicatedServerTask))]
[JsonSerializable(typeof(Geolocation))]
[JsonSerializable(typeof(OvhErrorBody))]
[JsonSerializable(typeof(ApiCredential))]
[JsonSerializable(typeof(CredentialRequest))]
[JsonSerializable(typeof(CredentialRequestAnswer))]
internal sealed partial class OvhJsonContext : JsonSerializerContext;
