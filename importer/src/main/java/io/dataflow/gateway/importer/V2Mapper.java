package io.dataflow.gateway.importer;

import static io.dataflow.gateway.importer.Mapping.orEmpty;
import static io.dataflow.gateway.importer.Mapping.required;

import io.dataflow.gateway.importer.TaskAssembler.DatasetLinks;
import io.dataflow.gateway.importer.TaskAssembler.RunEvidence;
import io.dataflow.gateway.importer.TaskAssembler.TaskFacts;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGSourceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DagScheduleAssetReference;
import io.dataflow.gateway.importer.client.generated.v2.model.DagTagResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInletAssetReference;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskOutletAssetReference;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TimeDelta;
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

/** Maps Airflow 3 documents to the neutral model. */
final class V2Mapper {

    private V2Mapper() {
    }

    static LegacyDag toLegacy(V2Generation.Bundle bundle, AssetCollectionResponse catalog) {
        DAGDetailsResponse d = required(bundle.details(), "details");
        String dagId = required(d.getDagId(), "dag_id");
        DatasetLinks links = links(catalog);
        Optional<DagSourceScanner.Scanned> source = bundle.source().map(DAGSourceResponse::getContent).map(DagSourceScanner::scan);
        List<RunEvidence> runs = runs(bundle);
        List<LegacyTask> tasks = new ArrayList<>();
        for (TaskResponse t : orEmpty(bundle.tasks().getTasks())) {
            tasks.add(TaskAssembler.task(dagId, facts(t), source, bundle.sourceProblem(), runs, links));
        }
        Set<String> produced = new TreeSet<>();
        tasks.forEach(t -> produced.addAll(t.outlets()));
        ZoneId zone = Mapping.timezone(d.getTimezone(), "timezone");
        return new LegacyDag(dagId,
                Mapping.nonBlank(d.getFileloc()),
                Mapping.nonBlank(d.getDescription()),
                orEmpty(d.getOwners()),
                orEmpty(d.getTags()).stream().map(DagTagResponse::getName).toList(),
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

    /** Airflow 3 only says {@code timetable_summary} (a cron, a preset, {@code str(timedelta)} …) and the asset expression. */
    static Schedule schedule(DAGDetailsResponse d, ZoneId zone) {
        Map<String, Object> assets = d.getAssetExpression();
        if (assets != null && !assets.isEmpty()) {
            return new Schedule.DatasetTriggered(Mapping.condition(assets, "asset_expression"));
        }
        String summary = d.getTimetableSummary();
        String description = d.getTimetableDescription();
        if (summary == null || summary.equals("None")) {
            return description == null || description.equals(Mapping.NEVER) ? new Schedule.None()
                    : new Schedule.Timetable(description);
        }
        if (Schedule.Preset.NAMES.contains(summary.trim())) {
            return new Schedule.Preset(summary.trim());
        }
        Optional<Duration> delta = Mapping.pythonTimedelta(summary);
        if (delta.isPresent()) {
            return new Schedule.Timedelta(delta.get());
        }
        if (Mapping.looksLikeCron(summary)) {
            return new Schedule.Cron(summary.trim(), zone);
        }
        return new Schedule.Timetable(description != null ? description : summary);
    }

    private static TaskFacts facts(TaskResponse t) {
        String id = required(t.getTaskId(), "tasks[].task_id");
        String field = "tasks[" + id + "]";
        Map<String, Object> classRef = required(t.getClassRef(), field + ".class_ref");
        return new TaskFacts(id,
                text(classRef.get("class_name"), field + ".class_ref.class_name"),
                Mapping.operatorModule(text(classRef.get("module_path"), field + ".class_ref.module_path")),
                orEmpty(t.getDownstreamTaskIds()),
                required(t.getTriggerRule(), field + ".trigger_rule"),
                Mapping.wholeNumber(t.getRetries(), field + ".retries"),
                duration(t.getRetryDelay()),
                Mapping.nonBlank(t.getPool()),
                duration(t.getExecutionTimeout()),
                orEmpty(t.getTemplateFields()));
    }

    private static String text(Object value, String field) {
        if (value instanceof String s) {
            return s;
        }
        throw new MappingException(field, value == null ? "missing" : "expected a string, got " + value);
    }

    private static Optional<Duration> duration(TimeDelta delta) {
        return delta == null ? Optional.empty()
                : Mapping.timeDelta(delta.getDays(), delta.getSeconds(), delta.getMicroseconds());
    }

    private static List<RunEvidence> runs(V2Generation.Bundle bundle) {
        List<RunEvidence> out = new ArrayList<>();
        for (DAGRunResponse run : orEmpty(bundle.runs().getDagRuns())) {
            TaskInstanceCollectionResponse tis = bundle.instances().get(run.getDagRunId());
            if (run.getLogicalDate() == null || tis == null) {
                continue; // a run without a logical date renders no date parameters
            }
            Map<String, Map<?, ?>> rendered = new HashMap<>();
            for (TaskInstanceResponse ti : orEmpty(tis.getTaskInstances())) {
                boolean unmapped = ti.getMapIndex() == null || ti.getMapIndex() < 0;
                if (unmapped && ti.getRenderedFields() != null) {
                    rendered.put(ti.getTaskId(), ti.getRenderedFields());
                }
            }
            out.add(new RunEvidence(run.getLogicalDate(), Optional.ofNullable(run.getDataIntervalStart()),
                    Optional.ofNullable(run.getDataIntervalEnd()), rendered));
        }
        return out;
    }

    private static DatasetLinks links(AssetCollectionResponse catalog) {
        Map<String, Set<String>> byDag = new HashMap<>();
        Map<String, Set<String>> produced = new HashMap<>();
        Map<String, Set<String>> consumed = new HashMap<>();
        for (AssetResponse asset : orEmpty(catalog.getAssets())) {
            String uri = asset.getUri();
            if (uri == null) {
                continue;
            }
            for (DagScheduleAssetReference ref : orEmpty(asset.getScheduledDags())) {
                byDag.computeIfAbsent(ref.getDagId(), k -> new TreeSet<>()).add(uri);
            }
            for (TaskOutletAssetReference ref : orEmpty(asset.getProducingTasks())) {
                produced.computeIfAbsent(DatasetLinks.key(ref.getDagId(), ref.getTaskId()), k -> new TreeSet<>()).add(uri);
            }
            for (TaskInletAssetReference ref : orEmpty(asset.getConsumingTasks())) {
                consumed.computeIfAbsent(DatasetLinks.key(ref.getDagId(), ref.getTaskId()), k -> new TreeSet<>()).add(uri);
            }
        }
        return new DatasetLinks(byDag, produced, consumed);
    }
}
