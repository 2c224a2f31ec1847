namespace OvhIkvm.Ovh.Api;

/// <summary>Both error body shapes OVH uses: legacy <c>errorCode</c>/<c>httpCode</c> and current <c>class</c>; <c>message</c> in both.</summary>
internal sealed record OvhErrorBody(string? ErrorCode, string? Class, string? Message, string? HttpCode);
