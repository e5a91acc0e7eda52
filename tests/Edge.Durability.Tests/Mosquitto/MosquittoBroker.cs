using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Durability.Tests.Kit;
using Edge.TestKit;

namespace Edge.Durability.Tests.Mosquitto;

/// <summary>
/// A real Mosquitto with TLS and a password file on a free port, with certificates made here: a private CA and a
/// server certificate for localhost / 127.0.0.1 signed by it.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    public const string Username = "edge-gw";
    public const string Password = "s3cret-Pa55";

    private readonly Process _process;

    private MosquittoBroker(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        _process = process;
    }

    public string Directory { get; }

    public int Port { get; }

    public string CaPath => Path.Combine(Directory, "ca.pem");

    public static async Task<MosquittoBroker> StartAsync()
    {
        var directory = Paths.NewTempDirectory("mosquitto");
        WriteCertificates(directory);
        Run("mosquitto_passwd", "-c", "-b", Path.Combine(directory, "passwd"), Username, Password);
        var port = FreePort.Next();
        var configuration = $"""
            listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1
            cafile {Path.Combine(directory, "ca.pem")}
            certfile {Path.Combine(directory, "server.pem")}
            keyfile {Path.Combine(directory, "server.key")}
            password_file {Path.Combine(directory, "passwd")}
            allow_anonymous false
            set_tcp_nodelay true
            max_queued_messages 100000
            max_inflight_messages 1000
            persistence false
            log_dest stdout
            """;
        if (Environment.UserName == "root")
        {
            // Started as root, Mosquitto drops to user 'mosquitto', who cannot read a test's temp files.
            configuration += "\nuser root\n";
        }

        var configurationPath = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(configurationPath, configuration);
        var process = Process.Start(new ProcessStartInfo(Installed.Find("mosquitto") ?? "mosquitto", ["-c", configurationPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new MosquittoBroker(directory, port, process);
        await Eventually.WaitAsync(() => process.HasExited || Listening(port), TimeSpan.FromSeconds(20), "mosquitto to listen");
        Assert.False(process.HasExited, "mosquitto exited at start");
        return broker;
    }

    /// <summary>A CA the broker does not use: a gateway trusting only this one must refuse the broker.</summary>
    public static string WriteForeignCa(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateAuthority(key, "CN=Someone Else's CA");
        var path = Path.Combine(directory, "foreign-ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    private static void WriteCertificates(string directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateAuthority(caKey, "CN=Edge Test CA");
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        using var server = request.Create(ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
    }

    private static X509Certificate2 CreateAuthority(ECDsa key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Installed.Find(tool) ?? tool, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{tool} did not exit");
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        // Bounded, so an exit the runtime fails to observe cannot hang the test run.
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
