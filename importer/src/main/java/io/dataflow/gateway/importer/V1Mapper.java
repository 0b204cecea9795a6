package io.dataflow.gateway.importer;

import static io.dataflow.gateway.importer.Mapping.required;

import io.dataflow.gateway.importer.TaskAssembler.DatasetLinks;
import io.dataflow.gateway.importer.TaskAssembler.RunEvidence;
import io.dataflow.gateway.importer.TaskAssembler.TaskFacts;
import io.dataflow.gateway.importer.client.generated.v1.model.CronExpression;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGDetail;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRun;
import io.dataflow.gateway.importer.client.generated.v1.model.Dataset;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DagScheduleDatasetReference;
import io.dataflow.gateway.importer.client.generated.v1.model.GetDagSource200Response;
import io.dataflow.gateway.importer.client.generated.v1.model.RelativeDelta;
import io.dataflow.gateway.importer.client.generated.v1.model.ScheduleInterval;
import io.dataflow.gateway.importer.client.generated.v1.model.Tag;
import io.dataflow.gateway.importer.client.generated.v1.model.Task;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstance;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstanceCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskOutletDatasetReference;
import io.dataflow.gateway.importer.client.generated.v1.model.TimeDelta;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.sql.DagSourceScanner;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Maps Airflow 2 documents to the neutral model. */
final class V1Mapper {

    private V1Mapper() {
    }

    static LegacyDag toLegacy(V1Generation.Bundle bundle, DatasetCollection catalog) {
        DAGDetail d = required(bundle.details(), "details");
        String dagId = required(d.getDagId(), "dag_id");
        DatasetLinks links = links(catalog);
        Optional<DagSourceScanner.Scanned> source = bundle.source().map(GetDagSource200Response::getContent).map(DagSourceScanner::scan);
        List<RunEvidence> runs = runs(bundle);
        List<LegacyTask> tasks = new ArrayList<>();
        for (Task t : Mapping.orEmpty(bundle.tasks().getTasks())) {
            tasks.add(TaskAssembler.task(dagId, facts(t), source, bundle.sourceProblem(), runs, links));
        }
        Set<String> produced = new TreeSet<>();
        tasks.forEach(t -> produced.addAll(t.outlets()));
        ZoneId zone = Mapping.timezone(d.getTimezone(), "timezone");
        return new LegacyDag(dagId,
                Mapping.nonBlank(d.getFileloc()),
                Mapping.nonBlank(d.getDescription()),
                Mapping.orEmpty(d.getOwners()),
                Mapping.orEmpty(d.getTags()).stream().map(Tag::getName).toList(),
                Boolean.TRUE.equals(d.getIsPaused()),
                schedule(d, zone),
                Optional.ofNullable(d.getStartDate()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(d.getEndDate()).map(OffsetDateTime::toInstant),
                Boolean.TRUE.equals(d.getCatchup()),
                Optional.ofNullable(d.getMaxActiveRuns()),
                Mapping.params(d.getParams(), "params"),
                tasks,
                List.copyOf(produced),
                List.copyOf(links.consumedByDag().getOrDefault(dagId, Set.of())));
    }

    static Schedule schedule(DAGDetail d, ZoneId zone) {
        ScheduleInterval interval = d.getScheduleInterval();
        Object actual = interval == null ? null : interval.getActualInstance();
        return switch (actual) {
            case CronExpression cron -> Mapping.cronOrPreset(required(cron.getValue(), "schedule_interval.value"), zone);
            case TimeDelta delta -> new Schedule.Timedelta(duration(delta).orElseThrow(() ->
                    new MappingException("schedule_interval", "a TimeDelta without days, seconds or microseconds")));
            case RelativeDelta relative -> new Schedule.Timetable(Optional.ofNullable(d.getTimetableDescription())
                    .orElse("relativedelta " + relative));
            case null -> {
                if (d.getDatasetExpression() != null) {
                    yield new Schedule.DatasetTriggered(Mapping.condition(d.getDatasetExpression(), "dataset_expression"));
                }
                String description = d.getTimetableDescription();
                yield description == null || description.equals(Mapping.NEVER) ? new Schedule.None()
                        : new Schedule.Timetable(description);
            }
            default -> throw new MappingException("schedule_interval", "unexpected value " + actual);
        };
    }

    private static TaskFacts facts(Task t) {
        String id = required(t.getTaskId(), "tasks[].task_id");
        String field = "tasks[" + id + "]";
        var classRef = required(t.getClassRef(), field + ".class_ref");
        return new TaskFacts(id,
                required(classRef.getClassName(), field + ".class_ref.class_name"),
                Mapping.operatorModule(required(classRef.getModulePath(), field + ".class_ref.module_path")),
                Mapping.orEmpty(t.getDownstreamTaskIds()),
                required(t.getTriggerRule(), field + ".trigger_rule").getValue(),
                Mapping.wholeNumber(t.getRetries(), field + ".retries"),
                duration(t.getRetryDelay()),
                Mapping.nonBlank(t.getPool()),
                duration(t.getExecutionTimeout()),
                Mapping.orEmpty(t.getTemplateFields()));
    }

    private static Optional<Duration> duration(TimeDelta delta) {
        return delta == null ? Optional.empty()
                : Mapping.timeDelta(delta.getDays(), delta.getSeconds(), delta.getMicroseconds());
    }

    @SuppressWarnings("deprecation") // execution_date: the only logical date of runs written by Airflow < 2.2
    private static List<RunEvidence> runs(V1Generation.Bundle bundle) {
        List<RunEvidence> out = new ArrayList<>();
        for (DAGRun run : Mapping.orEmpty(bundle.runs().getDagRuns())) {
            OffsetDateTime logical = run.getLogicalDate() != null ? run.getLogicalDate() : run.getExecutionDate();
            TaskInstanceCollection tis = bundle.instances().get(run.getDagRunId());
            if (logical == null || tis == null) {
                continue;
            }
            Map<String, Map<?, ?>> rendered = new HashMap<>();
            for (TaskInstance ti : Mapping.orEmpty(tis.getTaskInstances())) {
                boolean unmapped = ti.getMapIndex() == null || ti.getMapIndex() < 0;
                if (unmapped && ti.getRenderedFields() instanceof Map<?, ?> fields) {
                    rendered.put(ti.getTaskId(), fields);
                }
            }
            out.add(new RunEvidence(logical, Optional.ofNullable(run.getDataIntervalStart()),
                    Optional.ofNullable(run.getDataIntervalEnd()), rendered));
        }
        return out;
    }

    private static DatasetLinks links(DatasetCollection catalog) {
        Map<String, Set<String>> byDag = new HashMap<>();
        Map<String, Set<String>> produced = new HashMap<>();
        for (Dataset ds : Mapping.orEmpty(catalog.getDatasets())) {
            String uri = ds.getUri();
            if (uri == null) {
                continue;
            }
            for (DagScheduleDatasetReference ref : Mapping.orEmpty(ds.getConsumingDags())) {
                byDag.computeIfAbsent(ref.getDagId(), k -> new TreeSet<>()).add(uri);
            }
            for (TaskOutletDatasetReference ref : Mapping.orEmpty(ds.getProducingTasks())) {
                produced.computeIfAbsent(DatasetLinks.key(ref.getDagId(), ref.getTaskId()), k -> new TreeSet<>()).add(uri);
            }
        }
        return new DatasetLinks(byDag, produced, Map.of());
    }
}
