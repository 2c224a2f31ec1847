using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OvhIkvm.Tool.Hands;

/// <summary>
/// Asks the person before an action that acts on the whole machine. A client that can ask (MCP elicitation) shows
/// the question and only an explicit yes goes ahead; for one that cannot, the caller must name the server again in
/// <c>confirm</c>, which at least stops an action aimed at the wrong server by a slip.
/// </summary>
internal static class HandsConfirmation
{
    private const string Field = "confirm";

    /// <returns>Null when confirmed; otherwise the sentence that refuses the call (nothing has been done).</returns>
    public static async Task<string?> RefusalAsync(McpServer server, string serverId, string action, string? confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.ClientCapabilities?.Elicitation is null)
        {
            return ByArgument(serverId, action, confirm);
        }

        ElicitResult answer;
        try
        {
            answer = await AskAsync(server, serverId, action, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // A transport that cannot carry a server-to-client request (stateless HTTP) although the client declared
            // elicitation: the argument is the only way left.
            return ByArgument(serverId, action, confirm);
        }

        if (answer.IsAccepted && answer.Content?.TryGetValue(Field, out var value) == true && value.ValueKind == JsonValueKind.True)
        {
            return null;
        }

        return $"The person did not allow {action} on {serverId} ({(answer.IsAccepted ? "not confirmed" : answer.Action)}). Nothing was sent.";
    }

    private static string? ByArgument(string serverId, string action, string? confirm) =>
        string.Equals(confirm, serverId, StringComparison.Ordinal)
            ? null
            : $"{action} on {serverId} needs confirmation, and this MCP client cannot ask the person: call again with confirm set to the server id ('{serverId}') once the person has agreed. Nothing was sent.";

    private static async Task<ElicitResult> AskAsync(McpServer server, string serverId, string action, CancellationToken cancellationToken) =>
        await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = $"An assistant asks to {action} on {serverId}. Allow it?",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        [Field] = new ElicitRequestParams.BooleanSchema { Title = $"Yes, {action} on {serverId}", Default = false },
                    },
                    Required = [Field],
                },
            },
            cancellationToken).ConfigureAwait(false);
}
