using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace EdgeGateway.Hosting;

/// <summary>
/// The server certificate from <see cref="TlsOptions"/>, reloaded when its files change. A renewal that
/// cannot be read is logged and the current certificate stays in use, so a half-copied file never takes
/// TLS down.
/// </summary>
internal sealed partial class ReloadingServerCertificate : IDisposable
{
    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly string? _password;
    private readonly ILogger _logger;
    private readonly PhysicalFileProvider _files;
    private readonly IDisposable _watch;
    private volatile X509Certificate2 _current;

    public ReloadingServerCertificate(TlsOptions options, string contentRoot, ILogger logger)
    {
        _certificatePath = Path.GetFullPath(Path.Combine(contentRoot, options.CertificateFile!));
        _keyPath = options.KeyFile is null ? null : Path.GetFullPath(Path.Combine(contentRoot, options.KeyFile));
        _password = options.PasswordEnv is null ? null : Environment.GetEnvironmentVariable(options.PasswordEnv);
        _logger = logger;
        _current = Load() ?? throw new GatewayConfigurationException([$"{TlsOptions.SectionName}:CertificateFile '{_certificatePath}' cannot be read as a certificate with its private key."]);
        _files = new PhysicalFileProvider(Path.GetDirectoryName(_certificatePath)!);
        _watch = ChangeToken.OnChange(() => _files.Watch("*"), Reload);
    }

    public X509Certificate2 Current => _current;

    private void Reload()
    {
        if (Load() is { } loaded && loaded.Thumbprint != _current.Thumbprint)
        {
            _current = loaded;
            LogReloaded(_logger, loaded.Subject, loaded.NotAfter);
        }
    }

    private X509Certificate2? Load()
    {
        try
        {
            var extension = Path.GetExtension(_certificatePath).ToLowerInvariant();
            var certificate = extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(_certificatePath, _password)
                : _password is not null
                    ? X509Certificate2.CreateFromEncryptedPemFile(_certificatePath, _password, _keyPath)
                    : X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
            if (!certificate.HasPrivateKey)
            {
                LogUnreadable(_logger, _certificatePath, "no private key");
                return null;
            }

            // Ephemeral PEM keys cannot be used by SslStream on every platform; round-trip through PKCS#12.
            return OperatingSystem.IsWindows() ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null) : certificate;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            LogUnreadable(_logger, _certificatePath, ex.GetType().Name);
            return null;
        }
    }

    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    [LoggerMessage(EventId = EventIds.TlsCertificateReloaded, Level = LogLevel.Information, Message = "TLS certificate reloaded: {Subject}, valid until {NotAfter:u}")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = EventIds.TlsCertificateUnreadable, Level = LogLevel.Error, Message = "TLS certificate file {Path} could not be used ({Reason}); the current certificate stays in use")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
