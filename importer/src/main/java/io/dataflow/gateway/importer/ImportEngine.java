package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs an import or an export over one {@link Generation}. DAGs are read in parallel (virtual threads;
 * the number of requests in flight is bounded by the connection), and one DAG's failure is recorded
 * without stopping the others.
 */
final class ImportEngine<B, C> implements AirflowImporter {

    private final Generation<B, C> generation;
    private final int dagsInProgress;

    /**
     * @param dagsInProgress how many DAGs are read at once. Each DAG's documents are read one after the
     *     other and held until the DAG is mapped, so this bounds the memory an import holds (without it, every
     *     DAG would start at once and, the connection's request slots being handed out in turn, all of them
     *     would progress in step and hold their documents until the very end).
     */
    ImportEngine(Generation<B, C> generation, int dagsInProgress) {
        this.generation = requireNonNull(generation, "generation is null");
        if (dagsInProgress < 1) {
            throw new IllegalArgumentException("Invalid dagsInProgress " + dagsInProgress + ", expected >= 1");
        }
        this.dagsInProgress = dagsInProgress;
    }

    @Override
    public ImportResult importDags(DagFilter filter) {
        requireNonNull(filter, "filter is null");
        List<String> ids = generation.dagIds(filter);
        C catalog = generation.catalog();
        List<LegacyDag> dags = Collections.synchronizedList(new ArrayList<>());
        List<ImportFailure> failures = Collections.synchronizedList(new ArrayList<>());
        forEach(ids, id -> {
            try {
                dags.add(generation.toLegacy(generation.fetch(id), catalog));
            } catch (AirflowException e) {
                failures.add(new ImportFailure(id, e.operation(), e.getMessage()));
            } catch (MappingException e) {
                failures.add(new ImportFailure(id, e.field(), e.reason()));
            } catch (IllegalArgumentException e) {
                failures.add(new ImportFailure(id, "dag", e.getMessage()));
            } catch (RuntimeException e) {
                // a document shaped in a way no check above foresaw: still only this DAG fails
                failures.add(new ImportFailure(id, "dag", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
        return new ImportResult(dags, failures);
    }

    @Override
    public ExportResult export(DagFilter filter, Path directory) {
        requireNonNull(filter, "filter is null");
        requireNonNull(directory, "directory is null");
        List<String> ids = generation.dagIds(filter);
        C catalog = generation.catalog();
        SnapshotFiles files = SnapshotFiles.create(directory, generation.version(), generation.mapper());
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        List<ImportFailure> failures = Collections.synchronizedList(new ArrayList<>());
        forEach(ids, id -> {
            try {
                generation.write(files, id, generation.fetch(id));
                written.add(id);
            } catch (AirflowException e) {
                failures.add(new ImportFailure(id, e.operation(), e.getMessage()));
            }
        });
        // the index lists only the DAGs whose documents are all in the snapshot
        generation.writeIndex(files, ids.stream().filter(written::contains).toList(), catalog);
        return new ExportResult(written, failures);
    }

    private void forEach(List<String> ids, java.util.function.Consumer<String> work) {
        Semaphore slots = new Semaphore(dagsInProgress, true);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        work.accept(id);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new AirflowException("import", 0, "The import was interrupted", e.getCause());
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AirflowException("import", 0, "The import was interrupted", e);
                }
            }
        }
    }
}
