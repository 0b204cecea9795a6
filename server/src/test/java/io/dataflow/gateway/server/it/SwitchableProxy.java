package io.dataflow.gateway.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port that can be cut: while it is down every connection through it is
 * closed and new ones are closed as soon as they are accepted, as when a server becomes unreachable.
 * It can also hold: connections stay open but no byte passes either way, as when a server hangs.
 */
final class SwitchableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;
  private boolean held;

  SwitchableProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Cuts every connection, and every new one until {@link #up()}; what was held is dropped. */
  void down() {
    up = false;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    release();
  }

  void up() {
    up = true;
    release();
  }

  /** Lets no byte through, on open connections and new ones, until {@link #up()} or {@link #down()}. */
  synchronized void hold() {
    held = true;
  }

  private synchronized void release() {
    held = false;
    notifyAll();
  }

  private synchronized void awaitPassing() throws InterruptedException {
    while (held) {
      wait();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!up) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // the listener was closed, or the target refused: the client sees its connection closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          awaitPassing();
          out.write(buffer, 0, read);
        }
      } catch (IOException | InterruptedException e) {
        // cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    down();
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
