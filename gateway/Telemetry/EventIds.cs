namespace EdgeGateway.Telemetry;

/// <summary>Stable event ids for every log message the gateway writes; dashboards and alerts key on them.</summary>
internal static class EventIds
{
    public const int SandboxMode = 1001;
    public const int UnhandledException = 1002;
    public const int InMemoryStore = 1003;
    public const int RedisConnectionFailed = 1010;
    public const int RedisConnectionRestored = 1011;
    public const int TlsCertificateReloaded = 1030;
    public const int TlsCertificateUnreadable = 1031;
    public const int ConfigReloaded = 1020;
    public const int ConfigReloadRejected = 1021;
    public const int RequestCompleted = 1100;
    public const int UpstreamSignatureInvalid = 1101;
    public const int ForwarderError = 1102;
    public const int RequestBodyRefused = 1103;
    public const int CallerFaultEscaped = 1104;
    public const int RequestRefused = 1120;
    public const int SensitiveFieldsSealed = 1121;
    public const int MerchantKeyUnavailable = 1130;

    // Callers, rate limits and quotas: 1200–1299.
    public const int CallerRejected = 1200;
    public const int SandboxCallerActive = 1201;
    public const int UnauthenticatedCallersAllowed = 1202;
    public const int CallersReloaded = 1203;
    public const int CallersReloadRejected = 1204;
    public const int RateLimited = 1210;
    public const int QuotaExceeded = 1220;
    public const int QuotaRedisDegraded = 1221;
    public const int QuotaRedisRecovered = 1222;
    public const int QuotaFailedClosed = 1223;

    // Resilience and the duplicate-payment guard: 1300–1399.
    public const int CircuitBreakerBuilt = 1300;
    public const int CircuitOpened = 1301;
    public const int CircuitHalfOpened = 1302;
    public const int CircuitClosed = 1303;
    public const int CircuitOpenedOnConsecutiveFailures = 1304;
    public const int QueryRetry = 1310;
    public const int QueryRetryDeniedByBudget = 1311;
    public const int FailoverToOtherDestination = 1320;
    public const int DuplicateInFlight = 1330;
    public const int DuplicateBodyMismatch = 1331;
    public const int DuplicateReplayed = 1332;
    public const int DuplicateGuardStoreUnavailable = 1333;
    public const int DuplicateGuardBypassed = 1334;
    public const int DuplicateGuardCompletionFailed = 1335;
    public const int DuplicateGuardNoIdentifier = 1336;

    // Platform certificates and callbacks: 1400–1499.
    public const int CertificatesDownloaded = 1400;
    public const int CertificatesAdopted = 1401;
    public const int CertificateDownloadFailed = 1402;
    public const int CertificateRejected = 1403;
    public const int CertificateRecordRejected = 1404;
    public const int CertificatesNotFoundPublicKeyMode = 1405;
    public const int CertificatesNotFoundWithoutPublicKey = 1406;
    public const int CertificateRefreshRateLimited = 1407;
    public const int CertificateSharedStoreUnavailable = 1408;
    public const int CertificateCacheUnreadable = 1409;
    public const int CertificateCacheUnwritable = 1410;
    public const int CallbackAccepted = 1430;
    public const int CallbackDuplicate = 1431;
    public const int CallbackRejected = 1432;
    public const int CallbackStoreUnavailable = 1433;
    public const int CallbackIngressFailed = 1434;
    public const int CallbackSideStepFailed = 1435;
    public const int CallbackClientGone = 1436;
    public const int CallbackDelivered = 1440;
    public const int CallbackDeliveryFailed = 1441;
    public const int CallbackDeadLettered = 1442;
    public const int CallbackReplayed = 1443;
    public const int CallbackOrphansClaimed = 1444;
    public const int CallbackWorkerStoreError = 1445;
    public const int CallbackDeliveriesReturned = 1446;
    public const int CallbackIdleConsumersRemoved = 1447;
    public const int CallbackReplicaAckMissing = 1448;
    public const int CallbackReplicaAcksResolved = 1449;
    public const int CallbacksInMemory = 1450;
    public const int CallbackRoutesReloaded = 1451;
    public const int CallbackRoutesReloadRejected = 1452;

    // Telemetry and health: 1500–1599.
    public const int RedisTracingUnavailable = 1500;
    public const int TelemetryConfigured = 1501;

    // Status cache and request coalescing: 1600–1699.
    public const int StatusCacheRedisDegraded = 1600;
    public const int StatusCacheRedisRecovered = 1601;
    public const int StatusCacheInvalidationFailed = 1602;
    public const int StatusCacheEntryUnreadable = 1603;
    public const int StatusCacheInvalidated = 1604;
    public const int CoalescedFlightRestarted = 1605;

    // Configuration, hot reload and shutdown: 1700–1799.
    public const int ConfigLoaded = 1700;
    public const int ProxyConfigRefused = 1701;
    public const int ShutdownDraining = 1710;
    public const int ShutdownDrained = 1711;
}
