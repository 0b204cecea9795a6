package io.dataflow.gateway.server.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example Airflow deployment shipped with the gateway: a snapshot as the {@code export} command
 * writes it, of an Airflow 2 running {@code ecommerce_daily} (the e-commerce DAG) and {@code
 * ops_maintenance} (a sensor, a Bash and a Python task). It lives in the jar, and is copied to a
 * directory because an import reads a snapshot directory on the gateway's machine.
 */
final class ExampleSnapshot {

  static final String RESOURCE = "/io/dataflow/gateway/server/demo/airflow-snapshot";

  /** The DAGs of the snapshot. */
  static final List<String> DAGS = List.of("ecommerce_daily", "ops_maintenance");

  private ExampleSnapshot() {}

  /** Copies the snapshot into {@code target} (replacing a previous copy) and returns it. */
  static Path copyTo(Path target) {
    URL url = ExampleSnapshot.class.getResource(RESOURCE + "/snapshot.json");
    if (url == null) {
      throw new DemoException("The example snapshot " + RESOURCE + " is missing from the gateway's jar: rebuild it");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem jar;
        try {
          jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          jar = FileSystems.newFileSystem(uri, Map.of());
        }
        copy(jar.getPath(RESOURCE), target);
      } else {
        copy(Path.of(uri).getParent(), target);
      }
      return target;
    } catch (IOException | URISyntaxException e) {
      throw new DemoException("Cannot copy the example snapshot to " + target + ": " + e.getMessage(), e);
    }
  }

  private static void copy(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path to = target.resolve(source.relativize(file).toString());
        Files.createDirectories(to.getParent());
        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
