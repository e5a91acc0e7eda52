using Edge.Gateway.CommandLine;

return await GatewayCommandLine.Create().Parse(args).InvokeAsync();
