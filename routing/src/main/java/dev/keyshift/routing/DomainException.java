package dev.keyshift.routing;

/**
 * A request or change the domain refuses. Subclasses name the rule; messages are safe to show a
 * caller (they never carry key material). No stack trace: these are answers, not bugs.
 */
public abstract class DomainException extends RuntimeException {
  protected DomainException(String message) {
    super(message, null, false, false);
  }
}
