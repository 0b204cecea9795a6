package io.dataflow.gateway.catalog.events;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts between Iceberg's internal partition values, typed Java values and the human strings
 * Iceberg prints, so that an event read back from the outbox equals the event that was recorded.
 */
final class PartitionValues {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");
  private static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

  private PartitionValues() {}

  /** The typed value of an internal partition value, by transform and result type. */
  static Optional<Object> typed(String transform, Type resultType, Object internal) {
    if (internal == null) {
      return Optional.empty();
    }
    Object value =
        switch (transform) {
          case "day" -> LocalDate.ofEpochDay(((Number) internal).longValue());
          case "month" -> YearMonth.from(EPOCH).plusMonths(((Number) internal).longValue());
          case "year" -> Year.of(1970 + ((Number) internal).intValue());
          case "hour" ->
              LocalDateTime.ofEpochSecond(((Number) internal).longValue() * 3600, 0, ZoneOffset.UTC);
          default -> typedByType(resultType, internal);
        };
    return Optional.of(value);
  }

  private static Object typedByType(Type type, Object internal) {
    return switch (type.typeId()) {
      case DATE -> LocalDate.ofEpochDay(((Number) internal).longValue());
      case TIME -> LocalTime.ofNanoOfDay(((Number) internal).longValue() * 1000);
      case TIMESTAMP -> {
        long micros = ((Number) internal).longValue();
        LocalDateTime utc =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000),
                (int) Math.floorMod(micros, 1_000_000) * 1000,
                ZoneOffset.UTC);
        yield ((Types.TimestampType) type).shouldAdjustToUTC() ? utc.atOffset(ZoneOffset.UTC) : utc;
      }
      case STRING -> internal.toString();
      case UUID -> internal instanceof UUID uuid ? uuid : UUID.fromString(internal.toString());
      case BINARY, FIXED -> {
        ByteBuffer buffer = ((ByteBuffer) internal).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield bytes;
      }
      default -> internal;
    };
  }

  /** Iceberg's human string for an internal value, as shown in partition paths. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static String human(Transform<?, ?> transform, Type resultType, Object internal) {
    return ((Transform) transform).toHumanString(resultType, internal);
  }

  /** Parses a human string back into the typed value; the inverse of {@link #typed}. */
  static Optional<Object> parse(String transform, String type, String human) {
    if (human == null || human.equals("null")) {
      return Optional.empty();
    }
    Object value =
        switch (transform) {
          case "day" -> LocalDate.parse(human);
          case "month" -> YearMonth.parse(human);
          case "year" -> Year.parse(human);
          case "hour" -> LocalDateTime.parse(human, HOUR);
          default -> parseByType(type, human);
        };
    return Optional.of(value);
  }

  private static Object parseByType(String type, String human) {
    if (type.startsWith("decimal")) {
      return new BigDecimal(human);
    }
    if (type.startsWith("fixed") || type.equals("binary")) {
      return java.util.Base64.getDecoder().decode(human);
    }
    return switch (type) {
      case "date" -> LocalDate.parse(human);
      case "time" -> LocalTime.parse(human);
      case "timestamp", "timestamp_ns" -> LocalDateTime.parse(human);
      case "timestamptz", "timestamptz_ns" -> OffsetDateTime.parse(human);
      case "int" -> Integer.parseInt(human);
      case "long" -> Long.parseLong(human);
      case "float" -> Float.parseFloat(human);
      case "double" -> Double.parseDouble(human);
      case "boolean" -> Boolean.parseBoolean(human);
      case "uuid" -> UUID.fromString(human);
      default -> human;
    };
  }
}
