package io.dataflow.gateway.trino.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harmless {@code sleep} processes stand in for an orphaned Trino and for a pid reused by another program. */
class PidFileTest {
  private static final Duration GRACE = Duration.ofSeconds(5);

  @TempDir Path temp;

  @Test
  void aStalePidFileOfADeadProcessIsJustRemoved() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor(10, TimeUnit.SECONDS);
    PidFile pidFile = pidFileOf(dead.pid());

    assertThat(pidFile.stopOrphan(GRACE)).isFalse();
    assertThat(pidFile.path()).doesNotExist();
  }

  @Test
  void aPidReusedByAnotherProgramIsLeftRunning() throws Exception {
    Process unrelated = new ProcessBuilder("sleep", "60").start();
    try {
      PidFile pidFile = pidFileOf(unrelated.pid());

      assertThat(pidFile.stopOrphan(GRACE)).isFalse();
      assertThat(unrelated.isAlive()).isTrue();
      assertThat(pidFile.path()).doesNotExist();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void anOrphanedTrinoIsStopped() throws Exception {
    // A copy of sleep whose path names Trino's main class, as an orphaned Trino's command line does.
    Path fakeTrino = temp.resolve(PidFile.TRINO_MAIN_CLASS);
    Files.copy(Path.of("/bin/sleep"), fakeTrino);
    Files.setPosixFilePermissions(fakeTrino, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process orphan = new ProcessBuilder(fakeTrino.toString(), "60").start();
    try {
      PidFile pidFile = pidFileOf(orphan.pid());

      assertThat(pidFile.stopOrphan(GRACE)).isTrue();
      assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(pidFile.path()).doesNotExist();
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void aPidFileWithoutANumberIsIgnored() throws Exception {
    PidFile pidFile = new PidFile(temp.resolve("trino.pid"));
    Files.writeString(pidFile.path(), "not a pid");

    assertThat(pidFile.read()).isEmpty();
    assertThat(pidFile.stopOrphan(GRACE)).isFalse();
    assertThat(pidFile.path()).doesNotExist();
  }

  private PidFile pidFileOf(long pid) throws Exception {
    PidFile pidFile = new PidFile(temp.resolve("trino.pid"));
    pidFile.write(pid);
    assertThat(pidFile.read()).contains(pid);
    return pidFile;
  }
}
