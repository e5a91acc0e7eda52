using Edge.Demo;

return await DemoCommandLine.Create().Parse(args).InvokeAsync();
