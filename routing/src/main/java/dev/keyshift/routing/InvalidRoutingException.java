package dev.keyshift.routing;

/** A routing (or a change of it) that breaks an invariant; the message names the invariant. */
public final class InvalidRoutingException extends DomainException {
  public InvalidRoutingException(String message) {
    super(message);
  }
}
