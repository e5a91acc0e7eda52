using Microsoft.Extensions.FileProviders;

namespace Edge.Cloud.Hosting;

/// <summary>Serves the dashboard's plain files from the <c>Dashboard</c> folder beside the binaries: no CDN, works offline.</summary>
internal static class DashboardExtensions
{
    public static WebApplication UseDashboard(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Dashboard");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Dashboard files not found in '{root}': the build copies them there; rebuild the cloud project.");
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
