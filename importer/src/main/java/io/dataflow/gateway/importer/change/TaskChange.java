package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How one task of a changed DAG changed.
 *
 * @param taskId the task
 * @param kind added, removed or modified
 * @param aspects for a modified task, what changed (never empty); empty for an added or removed task
 */
public record TaskChange(String taskId, Kind kind, Set<TaskAspect> aspects) {

    /** What happened to the task. */
    public enum Kind {
        ADDED, REMOVED, MODIFIED
    }

    public TaskChange {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(kind, "kind is null");
        EnumSet<TaskAspect> copy = EnumSet.noneOf(TaskAspect.class);
        copy.addAll(requireNonNull(aspects, "aspects is null"));
        if (kind == Kind.MODIFIED && copy.isEmpty()) {
            throw new IllegalArgumentException("Invalid change of task '" + taskId + "': modified, but no aspect changed");
        }
        if (kind != Kind.MODIFIED && !copy.isEmpty()) {
            throw new IllegalArgumentException("Invalid change of task '" + taskId + "': " + kind
                    + " carries no aspects, got " + copy);
        }
        aspects = Collections.unmodifiableSet(copy);
    }
}
