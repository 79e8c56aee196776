package dev.keyshift.gateway.backend;

import java.util.List;

/**
 * Creating and listing keys on a backend whose keys keyshift makes itself ({@code keyshift keys}).
 * Blocking; for the CLI, not for a running gateway.
 */
public interface KeyManagement {
  /** Creates a key; fails if one of that name exists. */
  void create(String name, KeyType type) throws Exception;

  /** The backend's keys, one {@code name<TAB>kind} each, sorted. */
  List<String> list() throws Exception;
}
