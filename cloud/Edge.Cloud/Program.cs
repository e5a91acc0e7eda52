using Edge.Cloud.Hosting;

var app = CloudHost.Build(args);
await app.RunAsync();
