package io.dataflow.gateway.trino.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedTrinoConfigTest {

  @Test
  void theCacheFollowsXdgCacheHome() {
    assertThat(EmbeddedTrinoConfig.defaultCacheDirectory(Map.of("XDG_CACHE_HOME", "/xdg")))
        .isEqualTo(Path.of("/xdg/dataflow-gateway"));
  }

  @Test
  void withoutXdgCacheHomeTheCacheIsUnderTheHomeDirectory() {
    assertThat(EmbeddedTrinoConfig.defaultCacheDirectory(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "dataflow-gateway"));
  }

  @Test
  void aRepositoryUrlGetsTheTrailingSlashThatResolvingNeeds() {
    EmbeddedTrinoConfig config = EmbeddedTrinoConfig.defaults().withRepositoryUrl(URI.create("http://h/maven2"));

    assertThat(config.repositoryUrl().resolve("io/trino/x.zip")).isEqualTo(URI.create("http://h/maven2/io/trino/x.zip"));
  }
}
