package io.dataflow.gateway.server;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The gateway's HTTP connectors: their ports are checked before anything is started, so that a port
 * in use stops the gateway with one line instead of after PostgreSQL and Trino were started for
 * nothing; and they accept the Iceberg REST protocol's namespace separator.
 */
final class Connectors {

  /** One configured connector: where in the configuration, and what it binds. */
  record Connector(String key, String host, int port) {}

  private Connectors() {}

  static List<Connector> connectors(ServerFactory factory) {
    List<Connector> connectors = new ArrayList<>();
    switch (factory) {
      case DefaultServerFactory d -> {
        add(connectors, "server.applicationConnectors", d.getApplicationConnectors());
        add(connectors, "server.adminConnectors", d.getAdminConnectors());
      }
      case SimpleServerFactory s -> add(connectors, "server.connector", List.of(s.getConnector()));
      default -> throw new GatewayStartupException("Unsupported server factory " + factory.getClass().getName());
    }
    if (connectors.isEmpty()) {
      throw new GatewayStartupException("No HTTP connector configured: set server.applicationConnectors");
    }
    return connectors;
  }

  private static void add(List<Connector> connectors, String key, List<ConnectorFactory> factories) {
    for (int i = 0; i < factories.size(); i++) {
      if (factories.get(i) instanceof HttpConnectorFactory http) {
        connectors.add(new Connector(key + "[" + i + "]", http.getBindHost(), http.getPort()));
      } else {
        throw new GatewayStartupException(key + "[" + i + "] must be an http or https connector");
      }
    }
  }

  /**
   * The Iceberg REST protocol separates the levels of a nested namespace with an encoded unit
   * separator ({@code %1F}), which Jetty's default URI compliance rejects as a suspicious
   * character before the request reaches the catalog. Connectors left at the default accept it;
   * every other check of the default stays on.
   */
  static void acceptNamespaceSeparator(ServerFactory factory) {
    UriCompliance iceberg =
        UriCompliance.DEFAULT.with(
            "ICEBERG_REST",
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
            UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS);
    List<ConnectorFactory> application =
        switch (factory) {
          case DefaultServerFactory d -> d.getApplicationConnectors();
          case SimpleServerFactory s -> List.of(s.getConnector());
          default -> List.of();
        };
    for (ConnectorFactory connector : application) {
      if (connector instanceof HttpConnectorFactory http && http.getUriCompliance() == UriCompliance.DEFAULT) {
        http.setUriCompliance(iceberg);
      }
    }
  }

  /**
   * Fails with a clear message if a configured port is taken.
   *
   * @throws GatewayStartupException naming the port and its configuration key
   */
  static void checkFree(ServerFactory factory) {
    for (Connector connector : connectors(factory)) {
      if (connector.port() == 0) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        InetAddress host = connector.host() == null ? null : InetAddress.getByName(connector.host());
        socket.bind(host == null ? new InetSocketAddress(connector.port()) : new InetSocketAddress(host, connector.port()));
      } catch (IOException e) {
        throw new GatewayStartupException(
            "port " + connector.port() + " (" + connector.key() + ".port) is already in use: stop the"
                + " process that holds it (for example another gateway) or choose another port in the configuration");
      }
    }
  }
}
