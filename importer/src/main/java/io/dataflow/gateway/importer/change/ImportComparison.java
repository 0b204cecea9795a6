package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An import compared with a baseline: per DAG, {@link DagChange.New new}, {@link DagChange.Changed changed}
 * (with what changed in the DAG and in which tasks), {@link DagChange.Unchanged unchanged}, {@link
 * DagChange.Removed removed} or {@link DagChange.Failed failed}.
 *
 * <p>Compare imports made with the same {@link io.dataflow.gateway.importer.DagFilter}: a DAG outside the
 * filter of the new import is reported as removed.
 *
 * @param dags one entry per DAG of the baseline or the import, sorted by DAG id
 * @param nextBaseline the baseline for the next comparison: the DAGs imported now, and for a DAG that failed
 *     now its fingerprint from the old baseline, so that a passing failure does not make it look new next time
 */
public record ImportComparison(List<DagChange> dags, ImportBaseline nextBaseline) {

    public ImportComparison {
        dags = requireNonNull(dags, "dags is null").stream().sorted(Comparator.comparing(DagChange::dagId)).toList();
        requireNonNull(nextBaseline, "nextBaseline is null");
    }

    /**
     * Compares an import with a baseline.
     *
     * @throws IllegalArgumentException when the baseline was computed with another {@link Fingerprints#VERSION}
     */
    public static ImportComparison compare(ImportBaseline baseline, ImportResult current) {
        requireNonNull(baseline, "baseline is null");
        requireNonNull(current, "current is null");
        if (baseline.version() != Fingerprints.VERSION) {
            throw new IllegalArgumentException("Cannot compare with a baseline of fingerprint version " + baseline.version()
                    + ": this importer computes version " + Fingerprints.VERSION
                    + "; take the baseline from a new import instead");
        }
        List<DagChange> changes = new ArrayList<>();
        Map<String, DagFingerprint> next = new TreeMap<>();
        for (LegacyDag dag : current.dags()) {
            DagFingerprint now = Fingerprints.of(dag);
            next.put(dag.dagId(), now);
            DagFingerprint before = baseline.dags().get(dag.dagId());
            if (before == null) {
                changes.add(new DagChange.New(dag.dagId(), now.hash()));
            } else if (before.hash().equals(now.hash())) {
                changes.add(new DagChange.Unchanged(dag.dagId(), now.hash()));
            } else {
                changes.add(changed(before, now));
            }
        }
        for (ImportFailure failure : current.failures()) {
            Optional<DagFingerprint> before = Optional.ofNullable(baseline.dags().get(failure.dagId()));
            before.ifPresent(fp -> next.put(failure.dagId(), fp));
            changes.add(new DagChange.Failed(failure.dagId(), failure.where(), failure.reason(),
                    before.map(DagFingerprint::hash)));
        }
        Set<String> seen = new TreeSet<>(next.keySet());
        current.failures().forEach(f -> seen.add(f.dagId()));
        baseline.dags().forEach((id, before) -> {
            if (!seen.contains(id)) {
                changes.add(new DagChange.Removed(id, before.hash()));
            }
        });
        return new ImportComparison(changes, new ImportBaseline(Fingerprints.VERSION, next));
    }

    /** Compares two imports: {@code compare(ImportBaseline.of(previous), current)}. */
    public static ImportComparison compare(ImportResult previous, ImportResult current) {
        return compare(ImportBaseline.of(requireNonNull(previous, "previous is null")), current);
    }

    /** The entry of one DAG. */
    public Optional<DagChange> dag(String dagId) {
        return dags.stream().filter(d -> d.dagId().equals(dagId)).findFirst();
    }

    /** How many DAGs are of the given kind. */
    public long count(DagChange.Kind kind) {
        return dags.stream().filter(d -> d.kind() == kind).count();
    }

    /** One line for people, e.g. {@code 1 new, 2 changed, 5 unchanged, 0 removed, 1 failed}. */
    public String summary() {
        return count(DagChange.Kind.NEW) + " new, " + count(DagChange.Kind.CHANGED) + " changed, "
                + count(DagChange.Kind.UNCHANGED) + " unchanged, " + count(DagChange.Kind.REMOVED) + " removed, "
                + count(DagChange.Kind.FAILED) + " failed";
    }

    private static DagChange.Changed changed(DagFingerprint before, DagFingerprint now) {
        Set<DagAspect> aspects = EnumSet.noneOf(DagAspect.class);
        for (DagAspect aspect : DagAspect.values()) {
            if (!before.aspects().get(aspect).equals(now.aspects().get(aspect))) {
                aspects.add(aspect);
            }
        }
        List<TaskChange> tasks = new ArrayList<>();
        Set<String> ids = new TreeSet<>(before.tasks().keySet());
        ids.addAll(now.tasks().keySet());
        for (String id : ids) {
            TaskFingerprint was = before.tasks().get(id);
            TaskFingerprint is = now.tasks().get(id);
            if (was == null) {
                tasks.add(new TaskChange(id, TaskChange.Kind.ADDED, Set.of()));
            } else if (is == null) {
                tasks.add(new TaskChange(id, TaskChange.Kind.REMOVED, Set.of()));
            } else if (!was.hash().equals(is.hash())) {
                Set<TaskAspect> changed = EnumSet.noneOf(TaskAspect.class);
                for (TaskAspect aspect : TaskAspect.values()) {
                    if (!was.aspects().get(aspect).equals(is.aspects().get(aspect))) {
                        changed.add(aspect);
                    }
                }
                tasks.add(new TaskChange(id, TaskChange.Kind.MODIFIED, changed));
            }
        }
        return new DagChange.Changed(now.dagId(), before.hash(), now.hash(), aspects, tasks);
    }
}
