package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot directory: a {@code snapshot.json} manifest naming the API generation, and the API's own
 * JSON documents, laid out as
 * <pre>
 * snapshot.json
 * dags.json                                  the DAG collection (all pages in one)
 * datasets.json | assets.json                the dataset/asset collection
 * dags/{dag_id}/details.json                 DAG details
 * dags/{dag_id}/tasks.json                   task collection
 * dags/{dag_id}/source.json                  DAG source ({content}), absent when it could not be read
 * dags/{dag_id}/dagRuns.json                 the latest runs read
 * dags/{dag_id}/taskInstances/{run_id}.json  task instances of one run (with rendered fields)
 * </pre>
 * Ids are URL-encoded in file names.
 */
final class SnapshotFiles {

    static final String MANIFEST = "snapshot.json";
    static final String FORMAT = "dataflow-gateway/airflow-snapshot";

    private final Path root;
    private final AirflowVersion version;
    private final ObjectMapper mapper;

    private SnapshotFiles(Path root, AirflowVersion version, ObjectMapper mapper) {
        this.root = root;
        this.version = version;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Starts a snapshot in {@code root} (created if missing). */
    static SnapshotFiles create(Path root, AirflowVersion version, ObjectMapper mapper) {
        requireNonNull(root, "root is null");
        SnapshotFiles files = new SnapshotFiles(root, version, mapper);
        ObjectNode manifest = files.mapper.createObjectNode()
                .put("format", FORMAT)
                .put("format_version", 1)
                .put("api", version.api())
                .put("exported_at", Instant.now().toString());
        files.write(MANIFEST, manifest);
        return files;
    }

    /** The API generation recorded in a snapshot's manifest. */
    static AirflowVersion versionOf(Path root) {
        Path manifest = root.resolve(MANIFEST);
        try {
            JsonNode node = new ObjectMapper().readTree(manifest.toFile());
            if (!FORMAT.equals(node.path("format").asText())) {
                throw new AirflowException("read snapshot", 0, manifest + " is not a snapshot manifest: format is '"
                        + node.path("format").asText() + "', expected '" + FORMAT + "'", null);
            }
            return AirflowVersion.ofApi(node.path("api").asText());
        } catch (IOException e) {
            throw new AirflowException("read snapshot", 0, "Cannot read the snapshot manifest " + manifest + ": "
                    + e.getMessage(), e);
        }
    }

    /** Opens an existing snapshot. */
    static SnapshotFiles open(Path root, ObjectMapper mapper) {
        return new SnapshotFiles(root, versionOf(root), mapper);
    }

    AirflowVersion version() {
        return version;
    }

    static String dagDir(String dagId) {
        return "dags/" + encode(dagId);
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    void write(String path, Object document) {
        Path file = root.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            mapper.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new AirflowException("write snapshot", 0, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    <T> Optional<T> readIfPresent(String path, Class<T> type) {
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new AirflowException("read snapshot", 0, "Cannot read " + file + " as " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    <T> T read(String path, Class<T> type) {
        return readIfPresent(path, type).orElseThrow(() -> new AirflowException("read snapshot", 0,
                "The snapshot " + root + " has no " + path, null));
    }
}
