using Edge.LoadHarness;

return await HarnessCommandLine.Create().Parse(args).InvokeAsync();
