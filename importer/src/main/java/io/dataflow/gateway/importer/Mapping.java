package io.dataflow.gateway.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dataflow.gateway.importer.model.Schedule;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversions shared by both API generations' mappers. */
final class Mapping {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Pattern PENDULUM_TZ = Pattern.compile("Timezone\\('([^']+)'\\)");
    private static final Pattern PY_TIMEDELTA = Pattern.compile("(?:(-?\\d+) days?, )?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?");
    private static final Pattern CRON = Pattern.compile("[0-9*/,\\-?LW#A-Za-z]+(\\s+[0-9*/,\\-?LW#A-Za-z]+){4,5}");
    /** Modules of core operators that Airflow 3 moved into the standard provider. */
    private static final Set<String> MOVED_TO_STANDARD = Set.of(
            "airflow.operators.python", "airflow.operators.bash", "airflow.operators.empty",
            "airflow.operators.trigger_dagrun", "airflow.operators.datetime", "airflow.operators.latest_only",
            "airflow.operators.weekday", "airflow.operators.branch", "airflow.operators.smooth",
            "airflow.sensors.external_task", "airflow.sensors.time_sensor", "airflow.sensors.time_delta",
            "airflow.sensors.filesystem", "airflow.sensors.bash", "airflow.sensors.python",
            "airflow.sensors.date_time", "airflow.sensors.weekday");
    static final String NEVER = "Never, external triggers only";

    private Mapping() {
    }

    /** The Airflow 3 module of an operator, so that both generations name it the same way. */
    static String operatorModule(String module) {
        return MOVED_TO_STANDARD.contains(module) ? "airflow.providers.standard." + module.substring("airflow.".length())
                : module;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new MappingException(field, "missing (null), but the model needs it");
        }
        return value;
    }

    static int wholeNumber(BigDecimal value, String field) {
        if (value == null) {
            return 0;
        }
        try {
            return value.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new MappingException(field, "expected a whole number, got " + value.toPlainString());
        }
    }

    static Optional<Duration> timeDelta(Integer days, Integer seconds, Integer microseconds) {
        if (days == null && seconds == null && microseconds == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofDays(days == null ? 0 : days)
                .plusSeconds(seconds == null ? 0 : seconds)
                .plusNanos((microseconds == null ? 0L : microseconds) * 1000L));
    }

    /** The DAG timezone: Airflow 2 writes pendulum's {@code Timezone('Europe/Paris')}, Airflow 3 the bare name. */
    static ZoneId timezone(String text, String field) {
        if (text == null || text.isBlank()) {
            return ZoneId.of("UTC");
        }
        Matcher m = PENDULUM_TZ.matcher(text.trim());
        String name = m.matches() ? m.group(1) : text.trim();
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new MappingException(field, "unknown timezone '" + text + "'");
        }
    }

    /** A cron expression or a preset name. */
    static Schedule cronOrPreset(String expression, ZoneId zone) {
        String e = expression.trim();
        return Schedule.Preset.NAMES.contains(e) ? new Schedule.Preset(e) : new Schedule.Cron(e, zone);
    }

    static boolean looksLikeCron(String text) {
        return CRON.matcher(text.trim()).matches();
    }

    /** Python's {@code str(timedelta)}, e.g. {@code 1 day, 0:00:00} or {@code 0:30:00}. */
    static Optional<Duration> pythonTimedelta(String text) {
        Matcher m = PY_TIMEDELTA.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusHours(Long.parseLong(m.group(2)))
                .plusMinutes(Long.parseLong(m.group(3)))
                .plusSeconds(Long.parseLong(m.group(4)));
        if (m.group(5) != null) {
            d = d.plusNanos(Long.parseLong((m.group(5) + "000000").substring(0, 6)) * 1000L);
        }
        return Optional.of(d);
    }

    /**
     * A dataset/asset condition as text. Airflow 2 writes {@code {"all": ["uri", …]}}, Airflow 3
     * {@code {"all": [{"asset": {"uri": …}}, …]}}; both become {@code all(uri, …)}, and a group of one is
     * the item itself.
     */
    static String condition(Object expression, String field) {
        return switch (expression) {
            case String uri -> uri;
            case Map<?, ?> map when map.containsKey("all") || map.containsKey("any") -> {
                String op = map.containsKey("all") ? "all" : "any";
                if (!(map.get(op) instanceof List<?> items)) {
                    throw new MappingException(field, "expected a list under '" + op + "'");
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    parts.add(condition(items.get(i), field + "." + op + "[" + i + "]"));
                }
                yield parts.size() == 1 ? parts.getFirst() : op + "(" + String.join(", ", parts) + ")";
            }
            case Map<?, ?> map when map.get("asset") instanceof Map<?, ?> asset && asset.get("uri") instanceof String uri -> uri;
            case Map<?, ?> map when map.get("alias") instanceof Map<?, ?> alias -> "alias:" + alias.get("name");
            case Map<?, ?> map when map.get("asset_ref") instanceof Map<?, ?> ref ->
                    "ref:" + (ref.get("uri") != null ? ref.get("uri") : ref.get("name"));
            case null -> throw new MappingException(field, "missing condition");
            default -> throw new MappingException(field, "unexpected condition " + expression);
        };
    }

    /** DAG params as name to the JSON text of the default value (both generations wrap it in {@code {"value": …}}). */
    static Map<String, String> params(Object params, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (params == null) {
            return out;
        }
        if (!(params instanceof Map<?, ?> map)) {
            throw new MappingException(field, "expected an object, got " + params.getClass().getSimpleName());
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map<?, ?> wrapped && wrapped.containsKey("value")
                    && (wrapped.containsKey("schema") || wrapped.containsKey("__class"))) {
                value = wrapped.get("value");
            }
            out.put(String.valueOf(e.getKey()), json(value, field + "." + e.getKey()));
        }
        return out;
    }

    static String json(Object value, String field) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MappingException(field, "cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
