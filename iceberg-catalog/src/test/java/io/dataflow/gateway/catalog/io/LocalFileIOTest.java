package io.dataflow.gateway.catalog.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {

  @TempDir Path dir;
  private final LocalFileIO io = new LocalFileIO();

  @Test
  void writesReadsAndSeeksFileUris() throws Exception {
    String location = dir.resolve("a/b/file.bin").toUri().toString();
    PositionOutputStream out = io.newOutputFile(location).create();
    out.write("hello world".getBytes(StandardCharsets.UTF_8));
    out.close();

    assertThat(out.getPos()).as("writers ask for the length after close").isEqualTo(11);
    assertThat(io.newInputFile(location).getLength()).isEqualTo(11);
    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      in.seek(6);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("world");
    }
  }

  @Test
  void createRefusesToReplaceAnExistingFile() throws Exception {
    String location = dir.resolve("metadata.json").toString();
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(1);
    }

    assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(AlreadyExistsException.class);
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(new byte[] {1, 2});
    }
    assertThat(Files.size(Path.of(location))).isEqualTo(2);
  }

  @Test
  void noHalfWrittenFileIsVisibleBeforeClose() throws Exception {
    Path target = dir.resolve("m.avro");
    PositionOutputStream out = io.newOutputFile(target.toString()).create();
    out.write(new byte[100]);

    assertThat(target).doesNotExist();
    out.close();
    assertThat(target).hasSize(100);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void missingFilesAndForeignSchemesAreNamed() {
    assertThatThrownBy(() -> io.newInputFile(dir.resolve("nope").toString()).getLength())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> io.newInputFile("s3://bucket/key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://bucket/key");
  }

  @Test
  void listsAndDeletesPrefixes() throws Exception {
    for (String name : new String[] {"t/data/a", "t/data/b", "t/metadata/c"}) {
      try (PositionOutputStream out = io.newOutputFile(dir.resolve(name).toString()).create()) {
        out.write(7);
      }
    }

    assertThat(io.listPrefix(dir.resolve("t/data").toString())).hasSize(2);
    io.deletePrefix(dir.resolve("t").toString());
    assertThat(dir.resolve("t")).doesNotExist();
  }
}
