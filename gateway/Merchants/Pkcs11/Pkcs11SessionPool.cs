using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// Logged-in sessions on one merchant's token, rented for one operation at a time: a PKCS#11 session is not safe
/// to share across threads, and one session for all would serialise every signature. At most
/// <see cref="Pkcs11KeyLocation.Sessions"/> are open; a caller beyond that waits for one to come back.
/// A session or token that is lost (removed, sessions closed, logged out) is reconnected — slot found again,
/// logged in, key found again — once at once, then no more often than a backoff that doubles up to 30 s; while it
/// is down every operation fails fast with <see cref="MerchantKeyUnavailableException"/>.
/// </summary>
internal sealed class Pkcs11SessionPool(Pkcs11KeyLocation location, string pin, TimeProvider timeProvider)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<Pooled> _idle = [];
    private readonly SemaphoreSlim _capacity = new(location.Sessions, location.Sessions);
    private readonly Lock _reconnect = new();
    private volatile Connection? _connection;
    private volatile string? _problem;
    private TimeSpan _backoff = TimeSpan.Zero;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;

    public Pkcs11KeyLocation Location => location;

    /// <summary>Why the key cannot be used now (no PIN, no key material in it), or null when it can.</summary>
    public string? Problem => _problem;

    /// <summary>
    /// Connects for the first time: finds the token, logs in, finds the key. Throws
    /// <see cref="Pkcs11Exception"/> or <see cref="Pkcs11KeyNotFoundException"/>; start-up reports either.
    /// </summary>
    public IObjectHandle Connect()
    {
        lock (_reconnect)
        {
            var connection = Open();
            _connection = connection;
            return connection.Key;
        }
    }

    /// <summary>Runs <paramref name="operation"/> on a rented session with the key's handle.</summary>
    public T Use<T>(Func<ISession, IObjectHandle, T> operation)
    {
        _capacity.Wait();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var connection = CurrentOrReconnect();
                Pooled? pooled = null;
                var lost = false;
                try
                {
                    pooled = Rent(connection);
                    return operation(pooled.Session, connection.Key);
                }
                catch (Pkcs11Exception ex) when (IsLost(ex.RV))
                {
                    lost = true;
                    Discard(pooled);
                    Lost(connection, ex.RV);
                    if (attempt >= 1)
                    {
                        throw Unavailable(ex);
                    }
                }
                finally
                {
                    // A refused operation (bad ciphertext, …) leaves its session usable: back to the pool.
                    if (pooled is not null && !lost)
                    {
                        _idle.Add(pooled);
                    }
                }
            }
        }
        finally
        {
            _capacity.Release();
        }
    }

    /// <summary>The return values that mean the session or the token is gone, not that the operation was wrong.</summary>
    public static bool IsLost(CKR rv) => rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_REMOVED
        or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_DEVICE_ERROR
        or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_SLOT_ID_INVALID;

    private Connection CurrentOrReconnect()
    {
        if (_connection is { } current)
        {
            return current;
        }

        lock (_reconnect)
        {
            if (_connection is { } reconnected)
            {
                return reconnected;
            }

            if (timeProvider.GetUtcNow() < _retryAt)
            {
                throw Unavailable(null);
            }

            try
            {
                var connection = Open();
                _backoff = TimeSpan.Zero;
                _problem = null;
                _connection = connection;
                return connection;
            }
            catch (Exception ex) when (ex is Pkcs11Exception or Pkcs11KeyNotFoundException)
            {
                _backoff = _backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                _retryAt = timeProvider.GetUtcNow() + _backoff;
                _problem = ex is Pkcs11Exception p ? $"reconnecting failed ({p.RV})" : ex.Message;
                throw Unavailable(ex);
            }
        }
    }

    private Connection Open()
    {
        var library = Pkcs11Libraries.Get(location.LibraryPath);
        var slot = FindSlot(library);
        var session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            var token = $"{location.LibraryPath}#{slot.SlotId}";
            try
            {
                session.Login(CKU.CKU_USER, pin);
                Pkcs11Logins.Succeeded(token, pin);
            }
            catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Login is per application and token: another pool of this process logged in already.
                Pkcs11Logins.AlreadyLoggedIn(token, pin);
            }

            var key = FindKey(session);
            var connection = new Connection(slot, key, (_connection?.Generation ?? 0) + 1);
            _idle.Add(new Pooled(session, connection.Generation));
            return connection;
        }
        catch
        {
            Close(session);
            throw;
        }
    }

    private ISlot FindSlot(IPkcs11Library library)
    {
        var slots = library.GetSlotList(SlotsType.WithTokenPresent);
        var slot = location.TokenLabel is { } label
            ? slots.FirstOrDefault(s => string.Equals(Label(s), label, StringComparison.Ordinal))
            : slots.FirstOrDefault(s => s.SlotId == location.Slot);
        return slot ?? throw new Pkcs11KeyNotFoundException(location.TokenSetting,
            $"no {location.TokenDescription} is present in {location.LibraryPath} (tokens present: {Describe(slots)})");
    }

    /// <summary>
    /// The token's label, or null when the token will not say (SoftHSM2 answers CKR_GENERAL_ERROR for a token whose
    /// files are gone): one broken token must not hide the others of the same library.
    /// </summary>
    internal static string? Label(ISlot slot)
    {
        try
        {
            return slot.GetTokenInfo().Label.TrimEnd();
        }
        catch (Pkcs11Exception)
        {
            return null;
        }
    }

    private static string Describe(List<ISlot> slots) =>
        slots.Count == 0 ? "none" : string.Join(", ", slots.Select(s => $"'{Label(s) ?? "(unreadable)"}' in slot {s.SlotId}"));

    private IObjectHandle FindKey(ISession session)
    {
        var factory = Pkcs11Libraries.Factories.ObjectAttributeFactory;
        List<IObjectAttribute> template =
        [
            factory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            location.KeyLabel is { } label ? factory.Create(CKA.CKA_LABEL, label) : factory.Create(CKA.CKA_ID, location.KeyId!),
        ];
        var found = session.FindAllObjects(template);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new Pkcs11KeyNotFoundException(location.KeySetting,
                $"no private key with {location.KeyDescription} on {location.TokenDescription} (or the PIN's user cannot see it)"),
            _ => throw new Pkcs11KeyNotFoundException(location.KeySetting,
                $"{found.Count} private keys have {location.KeyDescription} on {location.TokenDescription}; name one key"),
        };
    }

    private Pooled Rent(Connection connection)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.Generation == connection.Generation)
            {
                return pooled;
            }

            Close(pooled.Session); // opened before the connection was lost
        }

        return new Pooled(connection.Slot.OpenSession(SessionType.ReadOnly), connection.Generation);
    }

    private void Lost(Connection connection, CKR rv)
    {
        lock (_reconnect)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
                _problem = $"the token answered {rv}";
            }
        }
    }

    private MerchantKeyUnavailableException Unavailable(Exception? inner) =>
        new($"{location.Where}: the private key on {location.TokenDescription} cannot be used now: {_problem ?? "the token was lost"}.", inner);

    private static void Discard(Pooled? pooled)
    {
        if (pooled is not null)
        {
            Close(pooled.Session);
        }
    }

    private static void Close(ISession session)
    {
        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // Already gone with its token.
        }
    }

    private sealed record Connection(ISlot Slot, IObjectHandle Key, int Generation);

    private sealed record Pooled(ISession Session, int Generation);
}
