package io.dataflow.gateway.trino.embedded;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked Trino server with its plugins, obtained from Maven artifacts.
 *
 * <p>An artifact is taken from the local Maven repository when it is there (a developer who built
 * against Trino has it already), else downloaded into {@code <cache>/downloads} and checked against
 * the repository's {@code .sha1}. The server is unpacked once into {@code <cache>/trino-server-<v>};
 * each plugin once into its {@code plugin/<name>} folder. Every unpack goes to a temporary folder
 * first and is renamed into place, so that a crash mid-unpack leaves no half tree that a later start
 * would trust; concurrent installers race harmlessly, the loser discards its copy.
 */
final class TrinoDistribution {
  private static final Logger log = LoggerFactory.getLogger(TrinoDistribution.class);

  /** Written last into the server tree, before the tree is renamed into place. */
  static final String COMPLETE_MARKER = ".dataflow-gateway-complete";

  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  private final Path cacheDirectory;
  private final URI repositoryUrl;
  private final Optional<Path> localRepository;
  private final HttpClient http;

  TrinoDistribution(Path cacheDirectory, URI repositoryUrl, Optional<Path> localRepository) {
    this.cacheDirectory = requireNonNull(cacheDirectory, "cacheDirectory is null").toAbsolutePath();
    this.repositoryUrl = requireNonNull(repositoryUrl, "repositoryUrl is null");
    this.localRepository = requireNonNull(localRepository, "localRepository is null");
    this.http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  static TrinoDistribution forConfig(EmbeddedTrinoConfig config) {
    return new TrinoDistribution(config.cacheDirectory(), config.repositoryUrl(), defaultLocalRepository());
  }

  /** {@code maven.repo.local} when set, else {@code ~/.m2/repository}. */
  static Optional<Path> defaultLocalRepository() {
    String configured = System.getProperty("maven.repo.local");
    Path path = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
    return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
  }

  /**
   * Returns the server directory of {@code version}, with the Iceberg plugin and, when asked, the
   * TPC-H plugin, obtaining and unpacking whatever is missing.
   *
   * @throws TrinoLaunchException when an artifact cannot be obtained or unpacked
   */
  Path install(String version, boolean tpch) {
    Path server = cacheDirectory.resolve("trino-server-" + version);
    try {
      if (!Files.exists(server.resolve(COMPLETE_MARKER))) {
        MavenArtifact core = MavenArtifact.trino("trino-server-core", version, "tar.gz");
        unpackAtomically(obtain(core), server, true);
      }
      installPlugin(server, "iceberg", MavenArtifact.trino("trino-iceberg", version, "zip"));
      if (tpch) {
        installPlugin(server, "tpch", MavenArtifact.trino("trino-tpch", version, "zip"));
      }
      return server;
    } catch (IOException e) {
      throw new TrinoLaunchException("Cannot install Trino " + version + " into " + server + ": " + e
          + "; check free disk space and permissions, or delete " + server + " and retry", e);
    }
  }

  private void installPlugin(Path server, String name, MavenArtifact artifact) throws IOException {
    Path pluginDirectory = server.resolve("plugin").resolve(name);
    if (!Files.isDirectory(pluginDirectory)) {
      unpackAtomically(obtain(artifact), pluginDirectory, false);
    }
  }

  /** The artifact's file: from the local Maven repository, or downloaded and verified. */
  Path obtain(MavenArtifact artifact) {
    Optional<Path> local = localRepository.map(artifact::in).filter(Files::isRegularFile);
    if (local.isPresent()) {
      log.info("Using {} from the local Maven repository: {}", artifact, local.get());
      return local.get();
    }
    Path downloaded = cacheDirectory.resolve("downloads").resolve(artifact.fileName());
    if (Files.isRegularFile(downloaded)) {
      return downloaded;
    }
    try {
      return download(artifact, downloaded);
    } catch (IOException e) {
      throw new TrinoLaunchException("Cannot download " + artifact + " from " + repositoryUrl + ": " + e
          + "; check the network or set trino.embedded.repositoryUrl to a reachable Maven repository", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrinoLaunchException("Interrupted while downloading " + artifact, e);
    }
  }

  private Path download(MavenArtifact artifact, Path target) throws IOException, InterruptedException {
    URI uri = repositoryUrl.resolve(artifact.repositoryPath());
    String expectedSha1 = fetchSha1(URI.create(uri + ".sha1"), artifact);
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    log.info("Downloading {} from {}", artifact, uri);
    long started = System.nanoTime();
    HttpResponse<InputStream> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest sha1 = sha1();
    long bytes = 0;
    try (InputStream in = response.body();
        OutputStream out = Files.newOutputStream(partial)) {
      checkStatus(response.statusCode(), uri, artifact);
      byte[] buffer = new byte[1 << 16];
      long lastReport = started;
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        sha1.update(buffer, 0, read);
        bytes += read;
        long now = System.nanoTime();
        if (now - lastReport > PROGRESS_INTERVAL.toNanos()) {
          log.info("Downloading {}: {} MB so far", artifact, bytes >> 20);
          lastReport = now;
        }
      }
    }
    String actualSha1 = HexFormat.of().formatHex(sha1.digest());
    if (!actualSha1.equalsIgnoreCase(expectedSha1)) {
      throw new TrinoLaunchException("corrupt download of " + artifact + ": expected sha1 " + expectedSha1
          + ", got " + actualSha1 + "; delete " + partial + " and retry");
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("Downloaded {} MB of {} in {} s", bytes >> 20, artifact, String.format("%.1f", seconds));
    return target;
  }

  private String fetchSha1(URI uri, MavenArtifact artifact) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    checkStatus(response.statusCode(), uri, artifact);
    // A .sha1 file is the hex digest, sometimes followed by the file name.
    String[] words = response.body().strip().split("\\s+");
    if (words.length == 0 || !words[0].matches("[0-9a-fA-F]{40}")) {
      throw new TrinoLaunchException("Invalid checksum file " + uri + " for " + artifact
          + ": expected a 40-digit sha1, got '" + response.body().strip() + "'");
    }
    return words[0];
  }

  private static void checkStatus(int status, URI uri, MavenArtifact artifact) {
    if (status != 200) {
      throw new TrinoLaunchException("Cannot download " + artifact + ": " + uri + " answered HTTP " + status
          + "; check trino.embedded.version and trino.embedded.repositoryUrl");
    }
  }

  private void unpackAtomically(Path archive, Path target, boolean server) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".unpacking-");
    long started = System.nanoTime();
    try {
      if (archive.getFileName().toString().endsWith(".tar.gz")) {
        Archives.untarGz(archive, temporary);
      } else {
        Archives.unzip(archive, temporary);
      }
      if (server) {
        Files.createDirectories(temporary.resolve("plugin"));
        Files.writeString(temporary.resolve(COMPLETE_MARKER), archive.getFileName() + "\n");
      }
      // createTempDirectory makes it private to its owner; the installed tree is readable like any.
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      moveIntoPlace(temporary, target);
      log.info("Unpacked {} into {} in {} s", archive.getFileName(), target,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    } finally {
      deleteRecursively(temporary);
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    if (Files.exists(target) && !Files.exists(target.resolve(COMPLETE_MARKER)) && isServerTree(target)) {
      // A tree left by an older, non-atomic attempt: it cannot be trusted.
      deleteRecursively(target);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      log.info("{} was installed concurrently by another process; using that one", target);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("Cannot rename " + temporary + " to " + target + " atomically", e);
    }
  }

  private static boolean isServerTree(Path path) {
    return Files.isDirectory(path.resolve("lib"));
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-1", e);
    }
  }
}
