package io.dataflow.gateway.server.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared gateway, with its PostgreSQL and Trino, when the test run ends, rather than
 * relying on a shutdown hook that the forked test JVM may not give time to finish.
 */
public final class StopSharedGateway implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    SharedGateway.stopIfStarted();
  }
}
