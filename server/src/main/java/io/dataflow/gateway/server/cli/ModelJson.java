package io.dataflow.gateway.server.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.change.ImportBaseline;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON files of the {@code import} command: the imported model ({@code --json}) and the change
 * detection baseline ({@code --baseline}, {@code --write-baseline}). The model's records map one to
 * one; the cases of {@link Schedule} and {@link SqlTemplate} carry a {@code type} ({@code cron},
 * {@code preset}, {@code timedelta}, {@code dataset_triggered}, {@code timetable}, {@code none};
 * {@code recovered}, {@code unavailable}); instants and durations are ISO-8601 strings, absent values
 * {@code null}.
 */
public final class ModelJson {

  /** The content of a {@code --json} file. */
  record ImportedModel(String source, Instant importedAt, List<LegacyDag> dags, List<ImportFailure> failures) {
    static ImportedModel of(String source, Instant at, ImportResult result) {
      return new ImportedModel(source, at, result.dags(), result.failures());
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Schedule.Cron.class, name = "cron"),
    @JsonSubTypes.Type(value = Schedule.Preset.class, name = "preset"),
    @JsonSubTypes.Type(value = Schedule.Timedelta.class, name = "timedelta"),
    @JsonSubTypes.Type(value = Schedule.DatasetTriggered.class, name = "dataset_triggered"),
    @JsonSubTypes.Type(value = Schedule.Timetable.class, name = "timetable"),
    @JsonSubTypes.Type(value = Schedule.None.class, name = "none")
  })
  private interface ScheduleType {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = RecoveredSql.class, name = "recovered"),
    @JsonSubTypes.Type(value = SqlUnavailable.class, name = "unavailable")
  })
  private interface SqlTemplateType {}

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addMixIn(Schedule.class, ScheduleType.class)
      .addMixIn(SqlTemplate.class, SqlTemplateType.class)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ModelJson() {}

  /** Reads a baseline written by {@code --write-baseline}. */
  static ImportBaseline readBaseline(Path file) {
    try {
      return MAPPER.readValue(file.toFile(), ImportBaseline.class);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new CommandLineException("The baseline " + file + " does not exist; create it on a first import with"
            + " --write-baseline " + file + " (without --baseline)", e);
      }
      String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
      throw new CommandLineException("Cannot read the baseline " + file + " (" + why + "); give --baseline a file"
          + " written by --write-baseline, or start over with --write-baseline alone", e);
    }
  }

  /** Refuses a file argument that cannot be written, before anything is imported. */
  static void checkWritable(Path file, String flag) {
    if (Files.isDirectory(file)) {
      throw new CommandLineException(flag + " " + file + " is a directory: give a file name, e.g. " + file.resolve(
          flag.equals("--json") ? "dags.json" : "baseline.json"));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(parent) && !Files.isWritable(parent)) {
      throw new CommandLineException(flag + " " + file + " cannot be written: the directory " + parent
          + " is not writable; choose another place");
    }
  }

  /** Writes a value as JSON, replacing the file at once so that a reader never sees half of it. */
  static void write(Path file, Object value, String flag) {
    Path target = file.toAbsolutePath();
    Path temporary = null;
    try {
      Files.createDirectories(target.getParent());
      // not Files.createTempFile, whose owner-only permissions the result would keep
      temporary = Files.createFile(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp"));
      MAPPER.writeValue(temporary.toFile(), value);
      try {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      String why = e instanceof FileSystemException fs
          ? "the directory " + target.getParent() + " cannot be written to"
              + (fs.getReason() == null ? "" : " (" + fs.getReason() + ")")
          : e.toString();
      throw new CommandLineException("Cannot write " + flag + " " + file + ": " + why + "; choose a writable place", e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // best effort: a left-over temporary file is harmless
        }
      }
    }
  }
}
