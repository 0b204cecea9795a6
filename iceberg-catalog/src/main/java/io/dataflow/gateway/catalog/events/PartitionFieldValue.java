package io.dataflow.gateway.catalog.events;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The value of one partition field of a changed partition.
 *
 * @param name the partition field name, for example {@code day} or {@code event_time_day}
 * @param sourceColumn the table column the field is derived from
 * @param transform Iceberg's transform, for example {@code identity}, {@code day}, {@code month}
 * @param type Iceberg's result type of the transform, for example {@code date} or {@code int}
 * @param value the typed value ({@code LocalDate} for dates and days, {@code YearMonth} for months,
 *     {@code Year} for years, {@code LocalDateTime} for hours, otherwise the natural Java type); empty
 *     for a null partition value
 * @param human the value as Iceberg prints it in paths and metadata tables
 */
public record PartitionFieldValue(
    String name,
    String sourceColumn,
    String transform,
    String type,
    Optional<Object> value,
    String human) {

  public PartitionFieldValue {
    requireNonNull(name, "name is null");
    requireNonNull(sourceColumn, "sourceColumn is null");
    requireNonNull(transform, "transform is null");
    requireNonNull(type, "type is null");
    requireNonNull(value, "value is null");
    requireNonNull(human, "human is null");
  }

  @Override
  public String toString() {
    return name + "=" + human;
  }
}
