using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>A validated direct target: a server reached without OVH.</summary>
/// <param name="Server">What list_servers shows.</param>
/// <param name="Endpoint">How its console is reached; null when it cannot be (see <see cref="ConsoleServer.Problem"/>).</param>
/// <param name="PasswordInFile">The password is written in the targets file itself (not named by "passwordEnv").</param>
internal sealed record DirectTarget(ConsoleServer Server, ConsoleEndpoint? Endpoint, bool PasswordInFile = false);
