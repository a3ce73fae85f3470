namespace EdgeGateway.Callbacks;

/// <summary>An event taken for delivery, with the id of its stream entry (acknowledged once it is done with).</summary>
internal sealed record PendingCallback(string EntryId, CallbackEvent Event);
