namespace EdgeGateway.Simulator.Faults;

/// <summary>Ways the simulator can spoil the signature of an answer or callback.</summary>
public enum SignatureFault
{
    None,

    /// <summary>Signs the body, then changes one byte of it.</summary>
    Tamper,

    /// <summary>Sends a WECHATPAY/SIGNTEST/ probe signature.</summary>
    Probe,

    /// <summary>Signs correctly with a timestamp 10 minutes old.</summary>
    StaleTimestamp,

    /// <summary>Signs correctly with a timestamp 10 minutes ahead.</summary>
    FutureTimestamp,

    /// <summary>Sends no Wechatpay-* signature headers at all.</summary>
    Omit,

    /// <summary>Signs with a key the receiver does not know, under the real serial.</summary>
    WrongKey,

    /// <summary>Signs correctly but names a serial nobody has.</summary>
    UnknownSerial,
}
