namespace EdgeGateway.Callbacks;

/// <summary>A dead-lettered event and the id of its entry in the dead-letter stream (what replay takes).</summary>
internal sealed record DeadLetter(string EntryId, CallbackEvent Event);
