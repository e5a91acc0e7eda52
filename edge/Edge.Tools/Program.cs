using Edge.Tools;

return await ToolsCommandLine.Create().Parse(args).InvokeAsync();
