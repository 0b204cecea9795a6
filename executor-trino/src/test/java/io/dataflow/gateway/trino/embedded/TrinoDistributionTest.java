package io.dataflow.gateway.trino.embedded;

import static io.dataflow.gateway.trino.embedded.FakeMavenRepository.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoDistributionTest {
  private static final MavenArtifact SERVER = MavenArtifact.trino("trino-server-core", VERSION, "tar.gz");
  private static final MavenArtifact TPCH = MavenArtifact.trino("trino-tpch", VERSION, "zip");

  @TempDir Path cache;
  @TempDir Path localRepository;
  private FakeMavenRepository repository;

  @BeforeEach
  void startRepository() throws Exception {
    repository = new FakeMavenRepository();
  }

  @AfterEach
  void stopRepository() {
    repository.close();
  }

  @Test
  void downloadsVerifiesAndUnpacksTheServerWithItsPlugins() throws Exception {
    Path server = distribution(Optional.empty()).install(VERSION, true);

    assertThat(server).isEqualTo(cache.resolve("trino-server-" + VERSION));
    assertThat(server.resolve(TrinoDistribution.COMPLETE_MARKER)).exists();
    assertThat(server.resolve("bin/launcher")).isExecutable();
    assertThat(server.resolve("lib/shared.jar")).hasContent("shared jar");
    assertThat(server.resolve("plugin/exchange/shared.jar")).hasContent("shared jar");
    assertThat(server.resolve("lib/" + "a-very-long-name-".repeat(8) + ".jar")).hasContent("long");
    assertThat(server.resolve("plugin/iceberg/iceberg.jar")).hasContent("iceberg.jar");
    assertThat(server.resolve("plugin/tpch/tpch.jar")).hasContent("tpch.jar");
    assertThat(cache.resolve("downloads").resolve(SERVER.fileName())).hasBinaryContent(repository.content(SERVER));
    assertThat(leftoverTemporaryFolders()).isEmpty();
  }

  @Test
  void aSecondInstallReusesTheUnpackedTreeWithoutTheNetwork() {
    distribution(Optional.empty()).install(VERSION, true);
    int requests = repository.requests().size();

    distribution(Optional.empty()).install(VERSION, true);

    assertThat(repository.requests()).hasSize(requests);
  }

  @Test
  void theTpchPluginIsFetchedOnlyWhenWanted() {
    Path server = distribution(Optional.empty()).install(VERSION, false);

    assertThat(server.resolve("plugin/tpch")).doesNotExist();
    assertThat(repository.requests()).noneMatch(path -> path.contains("trino-tpch"));

    distribution(Optional.empty()).install(VERSION, true);
    assertThat(server.resolve("plugin/tpch/tpch.jar")).exists();
  }

  @Test
  void aCorruptDownloadIsRefusedWithWhatToDo() {
    repository.corruptChecksumOf(SERVER);
    Path partial = cache.resolve("downloads").resolve(SERVER.fileName() + ".part");

    assertThatThrownBy(() -> distribution(Optional.empty()).install(VERSION, true))
        .isInstanceOf(TrinoLaunchException.class)
        .hasMessage("corrupt download of io.trino:trino-server-core:999:tar.gz: expected sha1 "
            + "0".repeat(40) + ", got " + FakeMavenRepository.sha1(repository.content(SERVER))
            + "; delete " + partial + " and retry");
    assertThat(cache.resolve("trino-server-" + VERSION)).doesNotExist();
    assertThat(cache.resolve("downloads").resolve(SERVER.fileName())).doesNotExist();
  }

  @Test
  void theLocalMavenRepositoryIsUsedBeforeTheNetwork() throws Exception {
    repository.copyTo(localRepository);

    Path server = distribution(Optional.of(localRepository)).install(VERSION, true);

    assertThat(server.resolve("plugin/tpch/tpch.jar")).exists();
    assertThat(repository.requests()).isEmpty();
    assertThat(cache.resolve("downloads")).doesNotExist();
  }

  @Test
  void aMissingArtifactNamesTheVersionAndRepositoryToCheck() {
    repository.remove(TPCH);

    assertThatThrownBy(() -> distribution(Optional.empty()).install(VERSION, true))
        .isInstanceOf(TrinoLaunchException.class)
        .hasMessageContaining("io.trino:trino-tpch:999:zip")
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("trino.embedded.version");
  }

  @Test
  void anArchiveEntryOutsideTheTargetIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("top/../../evil.txt"));
      zip.write(1);
      zip.closeEntry();
    }
    Path archive = Files.write(cache.resolve("evil.zip"), bytes.toByteArray());

    assertThatThrownBy(() -> Archives.unzip(archive, cache.resolve("out")))
        .hasMessageContaining("points outside");
    assertThat(cache.resolveSibling("evil.txt")).doesNotExist();
  }

  private TrinoDistribution distribution(Optional<Path> local) {
    return new TrinoDistribution(cache, repository.url(), local);
  }

  private Stream<Path> leftoverTemporaryFolders() throws Exception {
    try (Stream<Path> paths = Files.walk(cache)) {
      return paths.filter(p -> p.getFileName().toString().contains(".unpacking-")).toList().stream();
    }
  }
}
