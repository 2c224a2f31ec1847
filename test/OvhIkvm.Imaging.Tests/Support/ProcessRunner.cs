using System.Diagnostics;

namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>Runs an outside program with bytes on stdin, returning stdout; bounded in time, fails loudly.</summary>
internal static class ProcessRunner
{
    public static async Task<byte[]> RunAsync(string program, IReadOnlyList<string> arguments, byte[] input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var output = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var readError = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading all its input (cjpeg refuses -precision 12 on an 8-bit build
                // before it reads): its exit code and error output are the result.
            }

            await copyOut;
            var error = await readError;
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
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
}
