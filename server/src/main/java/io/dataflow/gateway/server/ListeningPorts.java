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

/**
 * The gateway's HTTP ports, checked before anything is started, so that a port in use stops the
 * gateway with one line instead of after PostgreSQL and Trino were started for nothing.
 */
final class ListeningPorts {

  /** One configured connector: where in the configuration, and what it binds. */
  record Connector(String key, String host, int port) {}

  private ListeningPorts() {}

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
