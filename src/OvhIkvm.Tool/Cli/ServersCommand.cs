using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Mcp;

namespace OvhIkvm.Tool.Cli;

/// <summary><c>ovh-ikvm-mcp servers [--json]</c>: the servers list_servers would return, as a table or JSON.</summary>
internal static class ServersCommand
{
    /// <summary>Room for any message of ours around the peer text it quotes.</summary>
    internal const int ErrorLength = 2048;

    public static async Task<int> RunAsync(ToolConfiguration configuration, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var services = await CliServices.BuildAsync(configuration, cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);
        var directory = services.GetRequiredService<IConsoleDirectory>();
        ServerListing listing;
        try
        {
            listing = await directory.ListServersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException ex)
        {
            await error.WriteLineAsync(UntrustedText.Printable(ex.Message, ErrorLength)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        foreach (var problem in listing.ProviderErrors)
        {
            await error.WriteLineAsync($"warning: {UntrustedText.Printable(problem, ErrorLength)}").ConfigureAwait(false);
        }

        foreach (var server in listing.Servers.Where(s => s.Problem is not null))
        {
            await error.WriteLineAsync($"warning: {UntrustedText.Printable(server.Id)} cannot be opened: {UntrustedText.Printable(server.Problem!, ErrorLength)}").ConfigureAwait(false);
        }

        await output.WriteAsync(json
            ? JsonSerializer.Serialize(listing.Servers, ToolJsonContext.Default.IReadOnlyListConsoleServer) + Environment.NewLine
            : FormatTable(listing.Servers)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static string FormatTable(IReadOnlyList<ConsoleServer> servers)
    {
        if (servers.Count == 0)
        {
            return "No servers." + Environment.NewLine;
        }

        string[] header = ["ID", "NAME", "PROVIDER", "DATACENTER", "IP", "CONSOLE"];
        // Providers already clean what they list; the terminal is the last place a control character could act.
        var rows = servers.Select(s => new[]
        {
            s.Id, s.Name, s.Provider, s.Datacenter ?? "-", s.Ip ?? "-",
            s.ConsoleAvailable switch { true => "yes", false => "no", null => "?" },
        }.Select(cell => UntrustedText.Printable(cell)).ToArray()).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.AppendJoin("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).AppendLine();
        }

        return table.ToString();
    }
}
