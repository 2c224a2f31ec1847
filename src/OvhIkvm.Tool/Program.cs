using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

return await ToolEntryPoint.RunAsync(args, ToolConfiguration.ProcessEnvironment(), McpServerCommand.RunAsync).ConfigureAwait(false);
