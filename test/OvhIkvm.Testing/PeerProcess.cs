using System.Diagnostics;
using System.Text;

namespace OvhIkvm.Testing;

/// <summary>An outside program a test started: its output is kept for failure messages, and disposal always kills it.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private PeerProcess(Process process) => _process = process;

    public string Name => Path.GetFileName(_process.StartInfo.FileName);

    public bool HasExited => _process.HasExited;

    public StreamReader StandardOutput => _process.StandardOutput;

    /// <summary>What the program wrote to stderr so far (for assertion messages).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static PeerProcess Start(string program, IEnumerable<string> arguments, bool readStandardOutput = false)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var peer = new PeerProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (peer._errors)
            {
                peer._errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        if (!readStandardOutput)
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }

        return peer;
    }

    /// <summary>Runs a short-lived program to completion, failing the test on a non-zero exit.</summary>
    public static async Task<byte[]> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, byte[]? input = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        try
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
            }

            process.StandardInput.Close();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await copy;
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
            return output.ToArray();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(bounded.Token);
        }

        _process.Dispose();
    }
}
