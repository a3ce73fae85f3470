namespace EdgeGateway.Caching;

/// <summary>Thrown for each waiting request when the request it waited for failed with an exception: each gets the 500 the first one got.</summary>
internal sealed class SharedFlightException(Exception inner)
    : Exception("The identical query this request waited for failed in the gateway.", inner);
