using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

var commandLine = new ToolCommandLine(McpServerCommand.RunAsync, ToolConfiguration.ProcessEnvironment());
return await commandLine.Root.Parse(args).InvokeAsync().ConfigureAwait(false);
