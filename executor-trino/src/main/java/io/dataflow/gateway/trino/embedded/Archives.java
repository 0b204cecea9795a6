package io.dataflow.gateway.trino.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the distribution's archives. Both kinds of archive have one top-level folder (for example
 * {@code trino-server-core-476/}) that is dropped, so that the contents land directly in the target.
 */
final class Archives {
  private Archives() {}

  /**
   * Unpacks a {@code .tar.gz}, keeping symbolic links, hard links and the executable bit. Trino's
   * server tarball shares most plugin jars with {@code lib/} as hard links.
   */
  static void untarGz(Path archive, Path target) throws IOException {
    Files.createDirectories(target);
    Map<Path, Path> hardLinks = new LinkedHashMap<>();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file, 1 << 16))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Optional<Path> destination = destination(target, entry.getName(), archive);
        if (destination.isEmpty()) {
          continue;
        }
        Path path = destination.get();
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isLink()) {
          Optional<Path> linked = destination(target, entry.getLinkName(), archive);
          if (linked.isEmpty()) {
            throw new IOException("Invalid hard link '" + entry.getName() + "' in " + archive
                + ": it points at '" + entry.getLinkName() + "'");
          }
          hardLinks.put(path, linked.get());
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          if ((entry.getMode() & 0100) != 0) {
            makeExecutable(path);
          }
        }
      }
    }
    // Created last: a link's target may come later in the archive than the link.
    for (Map.Entry<Path, Path> link : hardLinks.entrySet()) {
      Files.createDirectories(link.getKey().getParent());
      Files.createLink(link.getKey(), link.getValue());
    }
  }

  /** Unpacks a {@code .zip}. */
  static void unzip(Path archive, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipInputStream zip =
        new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        Optional<Path> destination = destination(target, entry.getName(), archive);
        if (destination.isEmpty()) {
          continue;
        }
        Path path = destination.get();
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(zip, path);
        }
      }
    }
  }

  /**
   * Where an entry goes once the top-level folder is dropped; empty for the top-level folder
   * itself. Refuses entries that would escape the target ("zip slip").
   */
  static Optional<Path> destination(Path target, String entryName, Path archive) throws IOException {
    String name = entryName.replace('\\', '/');
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    int slash = name.indexOf('/');
    if (slash < 0 || slash == name.length() - 1) {
      return Optional.empty();
    }
    Path path = target.resolve(name.substring(slash + 1)).normalize();
    if (!path.startsWith(target.normalize())) {
      throw new IOException(
          "Refusing archive entry '" + entryName + "' of " + archive + ": it points outside " + target);
    }
    return Optional.of(path);
  }

  private static void makeExecutable(Path path) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) {
      return; // not a POSIX file system: nothing to preserve
    }
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    permissions.addAll(view.readAttributes().permissions());
    permissions.add(PosixFilePermission.OWNER_EXECUTE);
    permissions.add(PosixFilePermission.GROUP_EXECUTE);
    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
    view.setPermissions(permissions);
  }
}
