package io.dataflow.gateway.importer.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An Airflow DAG as the gateway sees it, whichever Airflow generation it came from.
 *
 * @param dagId the DAG id
 * @param fileLocation the DAG file's path on the Airflow side, when known
 * @param description the DAG's description, when set
 * @param owners the owners, in Airflow's order
 * @param tags the tag names, sorted
 * @param paused whether the DAG is paused
 * @param schedule when runs are created
 * @param startDate the DAG's start date, when set
 * @param endDate the DAG's end date, when set
 * @param catchup whether Airflow back-fills missed intervals
 * @param maxActiveRuns the limit of concurrently active runs, when known
 * @param params the DAG params: name to the JSON text of the default value, sorted by name
 * @param tasks the tasks, sorted by task id
 * @param producedDatasets URIs of the datasets/assets the DAG's tasks produce, sorted
 * @param consumedDatasets URIs of the datasets/assets that schedule the DAG, sorted
 */
public record LegacyDag(
        String dagId,
        Optional<String> fileLocation,
        Optional<String> description,
        List<String> owners,
        List<String> tags,
        boolean paused,
        Schedule schedule,
        Optional<Instant> startDate,
        Optional<Instant> endDate,
        boolean catchup,
        Optional<Integer> maxActiveRuns,
        Map<String, String> params,
        List<LegacyTask> tasks,
        List<String> producedDatasets,
        List<String> consumedDatasets) {

    public LegacyDag {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(fileLocation, "fileLocation is null");
        requireNonNull(description, "description is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
        requireNonNull(maxActiveRuns, "maxActiveRuns is null");
        if (dagId.isBlank()) {
            throw new IllegalArgumentException("Invalid DAG: the DAG id is blank");
        }
        owners = List.copyOf(requireNonNull(owners, "owners is null"));
        tags = List.copyOf(requireNonNull(tags, "tags is null")).stream().sorted().toList();
        params = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(requireNonNull(params, "params is null"))));
        tasks = requireNonNull(tasks, "tasks is null").stream()
                .sorted((a, b) -> a.taskId().compareTo(b.taskId())).toList();
        producedDatasets = List.copyOf(requireNonNull(producedDatasets, "producedDatasets is null")).stream().sorted().toList();
        consumedDatasets = List.copyOf(requireNonNull(consumedDatasets, "consumedDatasets is null")).stream().sorted().toList();
        if (startDate.isPresent() && endDate.isPresent() && endDate.get().isBefore(startDate.get())) {
            throw new IllegalArgumentException("Invalid DAG '" + dagId + "': end date " + endDate.get()
                    + " is before start date " + startDate.get());
        }
        Set<String> ids = new HashSet<>();
        for (LegacyTask task : tasks) {
            if (!ids.add(task.taskId())) {
                throw new IllegalArgumentException("Invalid DAG '" + dagId + "': task id '" + task.taskId() + "' appears twice");
            }
        }
        for (LegacyTask task : tasks) {
            for (String downstream : task.downstreamTaskIds()) {
                if (!ids.contains(downstream)) {
                    throw new IllegalArgumentException("Invalid DAG '" + dagId + "': task '" + task.taskId()
                            + "' lists downstream task '" + downstream + "', which is not a task of the DAG");
                }
            }
        }
    }

    /** The task with the given id. */
    public Optional<LegacyTask> task(String taskId) {
        return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }
}
