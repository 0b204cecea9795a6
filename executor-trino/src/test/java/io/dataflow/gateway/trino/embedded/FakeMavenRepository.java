package io.dataflow.gateway.trino.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** A Maven repository on 127.0.0.1 serving tiny stand-ins for Trino's artifacts, with their .sha1. */
final class FakeMavenRepository implements AutoCloseable {
  static final String VERSION = "999";

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  FakeMavenRepository() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/maven2/", exchange -> {
      String path = exchange.getRequestURI().getPath().substring("/maven2/".length());
      requests.add(path);
      byte[] body = files.get(path);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    publish(MavenArtifact.trino("trino-server-core", VERSION, "tar.gz"), serverTarGz());
    publish(MavenArtifact.trino("trino-iceberg", VERSION, "zip"), pluginZip("trino-iceberg-" + VERSION, "iceberg.jar"));
    publish(MavenArtifact.trino("trino-tpch", VERSION, "zip"), pluginZip("trino-tpch-" + VERSION, "tpch.jar"));
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/");
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  byte[] content(MavenArtifact artifact) {
    return files.get(artifact.repositoryPath());
  }

  /** Serves a checksum that does not match the artifact, as a truncated transfer would produce. */
  void corruptChecksumOf(MavenArtifact artifact) {
    files.put(artifact.repositoryPath() + ".sha1", "0".repeat(40).getBytes(StandardCharsets.US_ASCII));
  }

  void remove(MavenArtifact artifact) {
    files.remove(artifact.repositoryPath());
    files.remove(artifact.repositoryPath() + ".sha1");
  }

  /** Copies every artifact into a local Maven repository layout under {@code root}. */
  void copyTo(Path root) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
  }

  static String sha1(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void publish(MavenArtifact artifact, byte[] content) {
    files.put(artifact.repositoryPath(), content);
    // Maven Central's form: the digest, then the file name.
    files.put(artifact.repositoryPath() + ".sha1",
        (sha1(content) + "  " + artifact.fileName()).getBytes(StandardCharsets.US_ASCII));
  }

  /** Like Trino's: one top folder, an executable launcher, plugin jars hard-linked to lib/. */
  private static byte[] serverTarGz() throws IOException {
    String top = "trino-server-core-" + VERSION + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      directory(tar, top);
      directory(tar, top + "bin/");
      file(tar, top + "bin/launcher", "#!/bin/sh\necho launcher\n", 0755);
      directory(tar, top + "lib/");
      // A hard link before its target, which real archives may also have.
      TarArchiveEntry link = new TarArchiveEntry(top + "plugin/exchange/shared.jar", TarConstants.LF_LINK);
      link.setLinkName(top + "lib/shared.jar");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      file(tar, top + "lib/shared.jar", "shared jar", 0644);
      file(tar, top + "lib/" + "a-very-long-name-".repeat(8) + ".jar", "long", 0644);
    }
    return bytes.toByteArray();
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static byte[] pluginZip(String top, String jar) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(top + "/"));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(top + "/" + jar));
      zip.write(jar.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
