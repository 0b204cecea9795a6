package io.dataflow.gateway.trino.embedded;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** One artifact of a Maven repository, by its coordinates {@code group:artifact:version:extension}. */
record MavenArtifact(String groupId, String artifactId, String version, String extension) {

  MavenArtifact {
    requireNonNull(groupId, "groupId is null");
    requireNonNull(artifactId, "artifactId is null");
    requireNonNull(version, "version is null");
    requireNonNull(extension, "extension is null");
  }

  static MavenArtifact trino(String artifactId, String version, String extension) {
    return new MavenArtifact("io.trino", artifactId, version, extension);
  }

  String fileName() {
    return artifactId + "-" + version + "." + extension;
  }

  /** The path inside a repository, the same on a remote repository and in ~/.m2/repository. */
  String repositoryPath() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
  }

  Path in(Path repositoryRoot) {
    return repositoryRoot.resolve(repositoryPath());
  }

  @Override
  public String toString() {
    return groupId + ":" + artifactId + ":" + version + ":" + extension;
  }
}
