package dev.cairn.store.replica;

import java.util.Properties;

/** The connection properties of a PostgreSQL connection opened outside the pool. */
final class Credentials {
  private Credentials() {}

  /** {@code user} and {@code password}, each left out when empty (the URL may carry them). */
  static Properties of(String username, String password) {
    Properties properties = new Properties();
    if (!username.isEmpty()) {
      properties.setProperty("user", username);
    }
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    return properties;
  }
}
