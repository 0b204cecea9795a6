package io.dataflow.gateway.server.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a token may do. Each role includes the ones before it: an operator may read, an admin may
 * do everything an operator may.
 */
public enum Role {
  /** Reads: every {@code GET} of the API and the catalog. */
  READER,
  /** Changes data: refreshes, backfills, migrations and rollbacks; commits to the catalog. */
  OPERATOR,
  /** Manages the gateway: imports and tokens. */
  ADMIN;

  /** Whether a token of this role may do what {@code required} may. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  /** The name on the wire and on the command line: {@code reader}, {@code operator}, {@code admin}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role called {@code name}, in any case.
   *
   * @throws IllegalArgumentException naming the roles there are
   */
  @JsonCreator
  public static Role parse(String name) {
    if (name != null) {
      for (Role role : values()) {
        if (role.name().equalsIgnoreCase(name.strip())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException("Unknown role '" + name + "': expected one of "
        + Arrays.stream(values()).map(Role::wireName).toList());
  }
}
