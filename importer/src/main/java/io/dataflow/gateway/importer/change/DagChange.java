package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What one import says about one DAG compared with the baseline. */
public sealed interface DagChange {

    /** The kind of change, for counting and switching without patterns. */
    enum Kind {
        NEW, CHANGED, UNCHANGED, REMOVED, FAILED
    }

    String dagId();

    Kind kind();

    /** A DAG that the baseline does not have. */
    record New(String dagId, String hash) implements DagChange {
        public New {
            requireNonNull(dagId, "dagId is null");
            Hashes.checked(hash, "hash of DAG '" + dagId + "'");
        }

        @Override
        public Kind kind() {
            return Kind.NEW;
        }
    }

    /**
     * A DAG whose hash differs from the baseline's.
     *
     * @param aspects what changed, never empty; {@link DagAspect#TASKS} exactly when {@code tasks} is not empty
     * @param tasks the tasks added, removed or modified, sorted by task id
     */
    record Changed(String dagId, String previousHash, String hash, Set<DagAspect> aspects, List<TaskChange> tasks)
            implements DagChange {
        public Changed {
            requireNonNull(dagId, "dagId is null");
            Hashes.checked(previousHash, "previous hash of DAG '" + dagId + "'");
            Hashes.checked(hash, "hash of DAG '" + dagId + "'");
            EnumSet<DagAspect> copy = EnumSet.noneOf(DagAspect.class);
            copy.addAll(requireNonNull(aspects, "aspects is null"));
            aspects = Collections.unmodifiableSet(copy);
            tasks = requireNonNull(tasks, "tasks is null").stream()
                    .sorted((a, b) -> a.taskId().compareTo(b.taskId())).toList();
            if (aspects.isEmpty()) {
                throw new IllegalArgumentException("Invalid change of DAG '" + dagId + "': no aspect changed");
            }
            if (aspects.contains(DagAspect.TASKS) == tasks.isEmpty()) {
                throw new IllegalArgumentException("Invalid change of DAG '" + dagId + "': aspect TASKS "
                        + (tasks.isEmpty() ? "without" : "missing despite") + " task changes");
            }
        }

        @Override
        public Kind kind() {
            return Kind.CHANGED;
        }

        /** The change of one task, if it changed. */
        public Optional<TaskChange> task(String taskId) {
            return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
        }
    }

    /** A DAG whose hash equals the baseline's. */
    record Unchanged(String dagId, String hash) implements DagChange {
        public Unchanged {
            requireNonNull(dagId, "dagId is null");
            Hashes.checked(hash, "hash of DAG '" + dagId + "'");
        }

        @Override
        public Kind kind() {
            return Kind.UNCHANGED;
        }
    }

    /** A DAG of the baseline that the import neither read nor failed to read. */
    record Removed(String dagId, String previousHash) implements DagChange {
        public Removed {
            requireNonNull(dagId, "dagId is null");
            Hashes.checked(previousHash, "previous hash of DAG '" + dagId + "'");
        }

        @Override
        public Kind kind() {
            return Kind.REMOVED;
        }
    }

    /**
     * A DAG the import could not read; nothing is known of its content.
     *
     * @param where the field or call at fault, as in {@link io.dataflow.gateway.importer.ImportFailure}
     * @param reason what was wrong
     * @param previousHash the baseline's hash, when the baseline has the DAG
     */
    record Failed(String dagId, String where, String reason, Optional<String> previousHash) implements DagChange {
        public Failed {
            requireNonNull(dagId, "dagId is null");
            requireNonNull(where, "where is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(previousHash, "previousHash is null").ifPresent(h -> Hashes.checked(h, "previous hash of DAG '" + dagId + "'"));
        }

        @Override
        public Kind kind() {
            return Kind.FAILED;
        }
    }
}
