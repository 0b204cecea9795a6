package io.dataflow.gateway.importer.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import io.dataflow.gateway.importer.DagFilter;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.Importers;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test: no {@code @Test}, so Surefire never runs it): imports {@value #DEFAULT_DAGS} DAGs of
 * {@value #DEFAULT_TASKS} SQL tasks each from WireMock standing in for Airflow 2 and Airflow 3, and prints DAGs
 * per second and peak memory. Run it as the importer README says.
 *
 * <p>The documents are generated in code from the spec-shaped fixtures of {@code ecommerce_daily} (same
 * fields, new ids): every DAG has a DAG file whose even tasks carry a literal {@code sql=} and whose odd
 * tasks read {@code queries/tNN.sql} (recovered by de-rendering only), 30 runs of which the importer reads
 * the {@value #RUNS} latest, and the task instances of those runs with their rendered SQL. Every recovered
 * template is checked against the one it was rendered from.
 *
 * <p>Processes: without arguments, each generation is imported by a fresh JVM (so one does not inherit the
 * other's heap), and WireMock runs in a JVM of its own (C1 only, to leave the CPU to the importer), so the
 * memory and CPU figures are the importer's alone.
 * Arguments: {@code 2} or {@code 3} import one generation in this JVM; {@code serve 2|3} is the WireMock side.
 * System properties: {@code -Dbench.dags=1000 -Dbench.tasks=20 -Dbench.concurrency=4} (the connection's
 * default of requests in flight).
 */
public final class ImportBenchmark {

    static final int DEFAULT_DAGS = 1000;
    static final int DEFAULT_TASKS = 20;
    static final int RUNS = 5;
    static final int RUNS_IN_AIRFLOW = 30;
    static final double TARGET_SECONDS = 30.0;
    private static final LocalDate LATEST_RUN = LocalDate.of(2024, 3, 31);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int dags = Integer.getInteger("bench.dags", DEFAULT_DAGS);
        int tasks = Integer.getInteger("bench.tasks", DEFAULT_TASKS);
        if (args.length == 2 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), dags, tasks);
        } else if (args.length == 1) {
            System.exit(importOnce(Integer.parseInt(args[0]), dags, tasks) ? 0 : 1);
        } else if (args.length == 0) {
            boolean ok = true;
            for (String generation : List.of("2", "3")) {
                ok &= javaProcess(generation).inheritIO().start().waitFor() == 0;
            }
            System.exit(ok ? 0 : 1);
        } else {
            System.err.println("usage: ImportBenchmark [2|3 | serve 2|3]");
            System.exit(2);
        }
    }

    /** This JVM again (same java, classpath, JVM options and bench properties) with other arguments. */
    private static ProcessBuilder javaProcess(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (args[0].equals("serve")) {
            // the stand-in shares the machine with the importer: spare it the C2 compiler's CPU
            // (the importer itself runs with the JVM's defaults or the options given on the command line)
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ImportBenchmark.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    // ---------------------------------------------------------------- the importer's side

    private static boolean importOnce(int generation, int dagCount, int taskCount) throws Exception {
        AirflowVersion version = generation == 2 ? AirflowVersion.AIRFLOW_2 : AirflowVersion.AIRFLOW_3;
        Process server = javaProcess("serve", String.valueOf(generation))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader fromServer = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            PrintStream toServer = new PrintStream(server.getOutputStream(), true, StandardCharsets.UTF_8);
            String ready = fromServer.readLine();
            while (ready != null && !ready.startsWith("PORT ")) { // e.g. the JVM's own notices
                ready = fromServer.readLine();
            }
            if (ready == null) {
                throw new IllegalStateException("WireMock did not start: " + ready);
            }
            URI base = URI.create("http://localhost:" + ready.substring("PORT ".length()));
            Authentication auth = generation == 2 ? new Authentication.Basic("admin", "admin")
                    : new Authentication.Bearer("bench-token");
            AirflowConnection connection = AirflowConnection.of(base, version, auth);
            int concurrency = Integer.getInteger("bench.concurrency", connection.maxConcurrency());
            connection = connection.withLimits(concurrency, connection.pageSize(), connection.recentRuns());

            HeapSampler sampler = new HeapSampler();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long cpuBefore = cpuNanos();
            long gcCountBefore = gcCount();
            long gcMillisBefore = gcMillis();
            sampler.start();
            long start = System.nanoTime();
            ImportResult result = Importers.live(connection).importDags(DagFilter.ALL);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            double cpuSeconds = (cpuNanos() - cpuBefore) / 1e9;
            long gcs = gcCount() - gcCountBefore;
            long gcMillis = gcMillis() - gcMillisBefore;
            long poolPeaks = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    poolPeaks += pool.getPeakUsage().getUsed();
                }
            }
            toServer.println("count");
            String[] served = fromServer.readLine().split(" "); // requests, server CPU seconds
            String requests = served[0];
            System.gc();
            long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

            Check check = check(result, dagCount, taskCount);
            boolean met = seconds < TARGET_SECONDS;
            System.out.printf("Airflow %d (%s): %d DAGs x %d tasks, %s requests, %d requests in flight at most%n",
                    generation, generation == 2 ? "/api/v1" : "/api/v2", dagCount, taskCount, requests, concurrency);
            System.out.printf("  import: %.2f s, %.1f DAGs/s, %.0f tasks/s; %d GCs, %d ms in GC%n",
                    seconds, dagCount / seconds, dagCount * (double) taskCount / seconds, gcs, gcMillis);
            System.out.printf("  CPU: importer %.1f s, WireMock %s s (whole server process), machine load average %s%n",
                    cpuSeconds, served[1], loadAverage());
            System.out.printf("  result: %d DAGs, %d failures; SQL from DAG source %d, de-rendered %d, wrong %d%n",
                    result.dags().size(), result.failures().size(), check.fromSource, check.deRendered, check.wrong);
            System.out.printf("  memory: peak heap used %d MB (sampled every 5 ms; heap pools' peaks summed %d MB),"
                            + " heap after GC holding the result %d MB, max heap %d MB, max RSS (VmHWM) %s%n",
                    mb(sampler.peak()), mb(poolPeaks), mb(retained), mb(Runtime.getRuntime().maxMemory()), vmHwm());
            System.out.printf("  target: whole import under %.0f s: %s%n", TARGET_SECONDS, met ? "met" : "MISSED");
            if (!result.failures().isEmpty()) {
                System.out.println("  first failure: " + result.failures().getFirst());
            }
            return met && check.ok(dagCount, taskCount) && result.failures().isEmpty();
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    private record Check(int fromSource, int deRendered, int wrong) {
        boolean ok(int dags, int tasks) {
            return wrong == 0 && fromSource + deRendered == dags * tasks;
        }
    }

    /** Every task's SQL must be the template its renderings came from (odd tasks: only from the renderings). */
    private static Check check(ImportResult result, int dagCount, int taskCount) {
        int fromSource = 0;
        int deRendered = 0;
        int wrong = 0;
        for (LegacyDag dag : result.dags()) {
            int d = Integer.parseInt(dag.dagId().substring("bench_dag_".length()));
            if (dag.tasks().size() != taskCount) {
                wrong += taskCount;
                continue;
            }
            for (int t = 0; t < taskCount; t++) {
                LegacyTask task = dag.task(taskId(t)).orElse(null);
                if (task != null && task.sql().orElse(null) instanceof RecoveredSql sql
                        && sql.statements().equals(List.of(template(d, t)))) {
                    if (sql.origin() == SqlOrigin.DAG_SOURCE && t % 2 == 0) {
                        fromSource++;
                        continue;
                    }
                    if (sql.origin() == SqlOrigin.DE_RENDERED && t % 2 == 1 && sql.evidence() == RUNS) {
                        deRendered++;
                        continue;
                    }
                }
                wrong++;
            }
        }
        return new Check(fromSource, deRendered, wrong);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** The process's peak resident set size, from {@code /proc/self/status} (Linux). */
    private static String vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                    return (kb / 1024) + " MB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "n/a";
    }

    /** Samples the heap in use; catches the highs between collections that pool peaks over-count. */
    private static final class HeapSampler implements Runnable {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(this);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- the Airflow side (WireMock)

    private static void serve(int generation, int dagCount, int taskCount) throws IOException {
        FakeAirflow airflow = new FakeAirflow(generation, dagCount, taskCount);
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort()
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .gzipDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .extensions(airflow));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("count")) {
                System.out.printf("%d %.1f%n", airflow.requests.get(), cpuNanos() / 1e9);
                System.out.flush();
            }
        }
        server.stop();
    }

    static String dagId(int d) {
        return String.format("bench_dag_%04d", d);
    }

    static String taskId(int t) {
        return String.format("t%02d", t);
    }

    /** The SQL template of task {@code t} of DAG {@code d}: ds, ds_nodash, a negative ds_add and a fixed date. */
    static String template(int d, int t) {
        return "DELETE FROM mart.d" + d + "_t" + t + " WHERE day = DATE '{{ ds }}';\n"
                + "INSERT INTO mart.d" + d + "_t" + t + "\n"
                + "SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total_7d\n"
                + "FROM raw.events_{{ ds_nodash }}\n"
                + "WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'\n"
                + "  AND created >= DATE '2020-01-01'\n"
                + "GROUP BY customer_id";
    }

    static String render(String template, LocalDate ds) {
        return template.replace("{{ ds }}", ds.toString())
                .replace("{{ ds_nodash }}", ds.format(DateTimeFormatter.BASIC_ISO_DATE))
                .replace("{{ macros.ds_add(ds, -6) }}", ds.minusDays(6).toString());
    }

    /** Answers every request from documents generated on the fly after the fixtures' shapes. */
    static final class FakeAirflow implements ResponseDefinitionTransformerV2 {

        private final int generation;
        private final int dagCount;
        private final int taskCount;
        private final String api;
        private final AtomicLong requests = new AtomicLong();
        private final ObjectNode dagTemplate;
        private final ObjectNode detailsTemplate;
        private final ObjectNode taskTemplate;
        private final ObjectNode runTemplate;
        private final ObjectNode instanceTemplate;
        private final ObjectNode sourceTemplate;

        FakeAirflow(int generation, int dagCount, int taskCount) {
            this.generation = generation;
            this.dagCount = dagCount;
            this.taskCount = taskCount;
            String v = generation == 2 ? "v1" : "v2";
            this.api = "/api/" + v;
            String dir = v + "/dags/ecommerce_daily/";
            this.dagTemplate = byId(resource(v + "/dags.json").get("dags"), "dag_id", "ecommerce_daily");
            this.detailsTemplate = (ObjectNode) resource(dir + "details.json");
            this.taskTemplate = byId(resource(dir + "tasks.json").get("tasks"), "task_id", "daily_customer_totals");
            this.runTemplate = (ObjectNode) resource(dir + "dagRuns.json").get("dag_runs").get(0);
            this.instanceTemplate = byId(resource(dir + "taskInstances/scheduled__2024-01-10T00:00:00+00:00.json")
                    .get("task_instances"), "task_id", "daily_customer_totals");
            this.sourceTemplate = (ObjectNode) resource(generation == 2
                    ? "v1/dagSources/Ii9vcHQvYWlyZmxvdy9kYWdzLecommercedaily.ZXhhbXBsZXRva2Vu.json"
                    : "v2/dagSources/ecommerce_daily.json");
        }

        @Override
        public String getName() {
            return "fake-airflow";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            requests.incrementAndGet();
            URI uri = URI.create(serveEvent.getRequest().getUrl());
            Map<String, String> query = query(uri.getRawQuery());
            List<String> path = new ArrayList<>();
            for (String segment : uri.getRawPath().split("/")) {
                path.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
            try {
                JsonNode body = answer(path, query);
                if (body != null) {
                    return new ResponseDefinitionBuilder().withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(JSON.writeValueAsBytes(body)).build();
                }
            } catch (IOException | RuntimeException e) {
                return new ResponseDefinitionBuilder().withStatus(500).withBody(e.toString()).build();
            }
            return new ResponseDefinitionBuilder().withStatus(404).withHeader("Content-Type", "application/json")
                    .withBody("{\"detail\": \"no such path in the benchmark: " + uri.getRawPath() + "\"}").build();
        }

        private JsonNode answer(List<String> path, Map<String, String> query) {
            // path: "", "api", "v1", …
            String p = String.join("/", path);
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
            if (p.equals(api + "/dags")) {
                ObjectNode page = JSON.createObjectNode();
                ArrayNode items = page.putArray("dags");
                for (int d = offset; d < Math.min(dagCount, offset + limit); d++) {
                    items.add(dag(dagTemplate, d));
                }
                return page.put("total_entries", dagCount);
            }
            if (p.equals(api + (generation == 2 ? "/datasets" : "/assets"))) {
                ObjectNode page = JSON.createObjectNode();
                page.putArray(generation == 2 ? "datasets" : "assets");
                return page.put("total_entries", 0);
            }
            if (path.size() == 5 && path.get(3).equals("dagSources")) {
                String key = path.get(4);
                int d = Integer.parseInt(key.substring(key.lastIndexOf('_') + 1));
                ObjectNode source = sourceTemplate.deepCopy().put("content", dagFile(d));
                if (generation == 3) {
                    source.put("dag_id", dagId(d)).put("dag_display_name", dagId(d));
                }
                return source;
            }
            if (path.size() < 6 || !path.get(3).equals("dags") || !path.get(4).startsWith("bench_dag_")) {
                return null;
            }
            int d = Integer.parseInt(path.get(4).substring("bench_dag_".length()));
            String rest = String.join("/", path.subList(5, path.size()));
            if (rest.equals("details")) {
                return dag(detailsTemplate, d);
            }
            if (rest.equals("tasks")) {
                ObjectNode doc = JSON.createObjectNode();
                ArrayNode items = doc.putArray("tasks");
                for (int t = 0; t < taskCount; t++) {
                    ObjectNode task = taskTemplate.deepCopy().put("task_id", taskId(t)).put("task_display_name", taskId(t));
                    ArrayNode downstream = task.putArray("downstream_task_ids");
                    if (t + 1 < taskCount) {
                        downstream.add(taskId(t + 1));
                    }
                    items.add(task);
                }
                return doc.put("total_entries", taskCount);
            }
            if (rest.equals("dagRuns")) {
                ObjectNode page = JSON.createObjectNode();
                ArrayNode items = page.putArray("dag_runs");
                for (int r = offset; r < Math.min(RUNS_IN_AIRFLOW, offset + limit); r++) {
                    items.add(run(d, LATEST_RUN.minusDays(r)));
                }
                return page.put("total_entries", RUNS_IN_AIRFLOW);
            }
            if (path.size() == 8 && path.get(5).equals("dagRuns") && path.get(7).equals("taskInstances")) {
                String runId = path.get(6);
                LocalDate ds = LocalDate.parse(runId.substring("scheduled__".length(), "scheduled__".length() + 10));
                ObjectNode page = JSON.createObjectNode();
                ArrayNode items = page.putArray("task_instances");
                for (int t = offset; t < Math.min(taskCount, offset + limit); t++) {
                    items.add(instance(d, t, runId, ds));
                }
                return page.put("total_entries", taskCount);
            }
            return null;
        }

        private ObjectNode dag(ObjectNode template, int d) {
            ObjectNode dag = template.deepCopy();
            String id = dagId(d);
            dag.put("dag_id", id);
            if (dag.has("fileloc")) {
                dag.put("fileloc", "/opt/airflow/dags/bench/" + id + ".py");
            }
            if (dag.has("file_token")) {
                dag.put("file_token", "bench-token_" + d);
            }
            if (dag.has("dag_display_name")) {
                dag.put("dag_display_name", id);
            }
            if (dag.has("relative_fileloc")) {
                dag.put("relative_fileloc", "bench/" + id + ".py");
            }
            return dag;
        }

        private ObjectNode run(int d, LocalDate ds) {
            ObjectNode run = runTemplate.deepCopy();
            String logical = ds + "T00:00:00+00:00";
            String next = ds.plusDays(1) + "T00:00:00+00:00";
            run.put("dag_run_id", "scheduled__" + logical).put("dag_id", dagId(d)).put("logical_date", logical)
                    .put("data_interval_start", logical).put("data_interval_end", next)
                    .put("start_date", next).put("end_date", ds.plusDays(1) + "T00:05:00+00:00");
            if (run.has("execution_date")) {
                run.put("execution_date", logical);
            }
            if (run.has("run_after")) {
                run.put("run_after", next);
            }
            if (run.has("dag_display_name")) {
                run.put("dag_display_name", dagId(d));
            }
            return run;
        }

        private ObjectNode instance(int d, int t, String runId, LocalDate ds) {
            ObjectNode ti = instanceTemplate.deepCopy();
            String logical = ds + "T00:00:00+00:00";
            ti.put("task_id", taskId(t)).put("task_display_name", taskId(t)).put("dag_id", dagId(d))
                    .put("dag_run_id", runId);
            if (ti.has("execution_date")) {
                ti.put("execution_date", logical);
            }
            if (ti.has("logical_date")) {
                ti.put("logical_date", logical);
            }
            if (ti.has("id")) {
                ti.put("id", UUID.nameUUIDFromBytes((dagId(d) + runId + t).getBytes(StandardCharsets.UTF_8)).toString());
            }
            if (ti.has("dag_display_name")) {
                ti.put("dag_display_name", dagId(d));
            }
            ((ObjectNode) ti.get("rendered_fields")).put("sql", render(template(d, t), ds));
            return ti;
        }

        /** The DAG file: even tasks with a literal {@code sql=}, odd ones reading a {@code .sql} file. */
        private String dagFile(int d) {
            StringBuilder py = new StringBuilder();
            py.append("\"\"\"Benchmark DAG ").append(d).append(".\"\"\"\nimport pendulum\n\nfrom airflow import DAG\n")
                    .append("from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n\n")
                    .append("with DAG(\n    dag_id=\"").append(dagId(d)).append("\",\n    schedule=\"@daily\",\n")
                    .append("    start_date=pendulum.datetime(2024, 1, 1, tz=\"UTC\"),\n")
                    .append("    template_searchpath=[\"/opt/airflow/dags/sql\"],\n) as dag:\n");
            for (int t = 0; t < taskCount; t++) {
                py.append("    ").append(taskId(t)).append(" = SQLExecuteQueryOperator(\n        task_id=\"")
                        .append(taskId(t)).append("\",\n        conn_id=\"trino_default\",\n        sql=");
                if (t % 2 == 0) {
                    py.append("\"\"\"").append(template(d, t)).append("\"\"\",\n");
                } else {
                    py.append("\"queries/").append(taskId(t)).append(".sql\",\n");
                }
                py.append("    )\n");
            }
            py.append("\n    ");
            for (int t = 0; t < taskCount; t++) {
                py.append(t == 0 ? "" : " >> ").append(taskId(t));
            }
            return py.append('\n').toString();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> out = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        }

        private static ObjectNode byId(JsonNode items, String field, String id) {
            for (JsonNode item : items) {
                if (id.equals(item.path(field).asText())) {
                    return (ObjectNode) item;
                }
            }
            throw new IllegalStateException("no " + field + " " + id + " in the fixture");
        }

        private static JsonNode resource(String name) {
            try (InputStream in = ImportBenchmark.class.getResourceAsStream("/airflow/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("no fixture " + name);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
