package rapport.feedback;

/** One message Rapport sent: the customer it went to and the run that sent it. Immutable. */
public record MessageRef(long customerId, String run) {}
