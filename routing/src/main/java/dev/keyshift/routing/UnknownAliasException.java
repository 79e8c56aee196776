package dev.keyshift.routing;

/** No alias of that name is routed. */
public final class UnknownAliasException extends DomainException {
  public UnknownAliasException(String alias) {
    super("no alias named '" + printable(alias) + "'");
  }

  private static String printable(String alias) {
    String shown = alias.length() > Ids.MAX_LENGTH ? alias.substring(0, Ids.MAX_LENGTH) : alias;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
