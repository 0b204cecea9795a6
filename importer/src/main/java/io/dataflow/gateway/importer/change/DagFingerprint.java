package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash of one DAG, as a whole, per {@link DagAspect} and per task: enough to tell later what
 * changed without keeping the DAG itself.
 *
 * @param dagId the DAG id
 * @param hash SHA-256 of every aspect (the tasks included), as 64 hex digits
 * @param aspects SHA-256 of each aspect; every aspect is present
 * @param tasks the tasks' fingerprints by task id, sorted
 */
public record DagFingerprint(String dagId, String hash, Map<DagAspect, String> aspects,
        Map<String, TaskFingerprint> tasks) {

    public DagFingerprint {
        requireNonNull(dagId, "dagId is null");
        Hashes.checked(hash, "hash of DAG '" + dagId + "'");
        requireNonNull(aspects, "aspects is null");
        requireNonNull(tasks, "tasks is null");
        EnumMap<DagAspect, String> copy = new EnumMap<>(DagAspect.class);
        for (DagAspect aspect : DagAspect.values()) {
            copy.put(aspect, Hashes.checked(aspects.get(aspect), "hash of aspect " + aspect + " of DAG '" + dagId + "'"));
        }
        aspects = Collections.unmodifiableMap(copy);
        tasks.forEach((id, task) -> {
            if (!id.equals(requireNonNull(task, "task fingerprint is null").taskId())) {
                throw new IllegalArgumentException("Invalid fingerprint of DAG '" + dagId + "': task '" + task.taskId()
                        + "' is filed under the id '" + id + "'");
            }
        });
        tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
    }
}
