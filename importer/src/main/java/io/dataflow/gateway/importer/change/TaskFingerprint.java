package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The content hash of one task, as a whole and per {@link TaskAspect}. The task id is not part of the
 * hash (two identical tasks under different ids hash alike); it is the key under which the DAG keeps it.
 *
 * @param taskId the task id
 * @param hash SHA-256 of every aspect, as 64 hex digits
 * @param aspects SHA-256 of each aspect; every aspect is present
 */
public record TaskFingerprint(String taskId, String hash, Map<TaskAspect, String> aspects) {

    public TaskFingerprint {
        requireNonNull(taskId, "taskId is null");
        Hashes.checked(hash, "hash of task '" + taskId + "'");
        requireNonNull(aspects, "aspects is null");
        EnumMap<TaskAspect, String> copy = new EnumMap<>(TaskAspect.class);
        for (TaskAspect aspect : TaskAspect.values()) {
            copy.put(aspect, Hashes.checked(aspects.get(aspect), "hash of aspect " + aspect + " of task '" + taskId + "'"));
        }
        aspects = Collections.unmodifiableMap(copy);
    }
}
