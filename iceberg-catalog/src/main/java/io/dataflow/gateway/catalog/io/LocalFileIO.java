package io.dataflow.gateway.catalog.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A {@link FileIO} for {@code file:} locations on the local disk.
 *
 * <p>The embedded warehouse lives on the local file system; Iceberg's only built-in choice for that
 * is {@code HadoopFileIO}, which drags the Hadoop client in. Files are written to a temporary
 * sibling and moved into place, so a reader never sees a half-written metadata file.
 */
public final class LocalFileIO implements FileIO, SupportsPrefixOperations {

  private Map<String, String> properties = Map.of();

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInputFile(location, toPath(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutputFile(location, toPath(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = toPath(prefix);
    List<FileInfo> files = new ArrayList<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (var stream = Files.walk(root)) {
      stream
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                try {
                  BasicFileAttributes attributes =
                      Files.readAttributes(file, BasicFileAttributes.class);
                  files.add(
                      new FileInfo(
                          file.toUri().toString(),
                          attributes.size(),
                          attributes.lastModifiedTime().toMillis()));
                } catch (IOException e) {
                  throw new UncheckedIOException("Cannot read attributes of " + file, e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + prefix, e);
    }
    return files;
  }

  @Override
  public void deletePrefix(String prefix) {
    Path root = toPath(prefix);
    if (!Files.exists(root)) {
      return;
    }
    try (var stream = Files.walk(root)) {
      List<Path> paths = stream.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete prefix " + prefix, e);
    }
  }

  /** Accepts {@code file:/a}, {@code file:///a} and plain absolute paths. */
  static Path toPath(String location) {
    if (location.startsWith("file:")) {
      URI uri = URI.create(location.replace(" ", "%20"));
      return Path.of(uri.getPath());
    }
    if (location.startsWith("/")) {
      return Path.of(location);
    }
    throw new IllegalArgumentException(
        "LocalFileIO handles file: locations and absolute paths only, not: " + location);
  }

  private record LocalInputFile(String location, Path path) implements InputFile {
    @Override
    public long getLength() {
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the size of " + location, e);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelInputStream(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open " + location, e);
      }
    }

    @Override
    public boolean exists() {
      return Files.exists(path);
    }
  }

  private record LocalOutputFile(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      if (Files.exists(path)) {
        throw new AlreadyExistsException("File already exists: %s", location);
      }
      return open(false);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(true);
    }

    private PositionOutputStream open(boolean overwrite) {
      try {
        Files.createDirectories(path.getParent());
        Path temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
        return new MovingOutputStream(temp, path, overwrite);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + location, e);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInputFile(location, path);
    }
  }

  private static final class ChannelInputStream extends SeekableInputStream {
    private final FileChannel channel;
    private final InputStream delegate;

    ChannelInputStream(FileChannel channel) {
      this.channel = channel;
      this.delegate = Channels.newInputStream(channel);
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
    }

    @Override
    public int read() throws IOException {
      return delegate.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return delegate.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Writes to a temporary file and moves it into place on close. */
  private static final class MovingOutputStream extends PositionOutputStream {
    private final Path temp;
    private final Path target;
    private final boolean overwrite;
    private final FileChannel channel;
    private final OutputStream delegate;
    private long closedAt = -1;
    private boolean closed;

    MovingOutputStream(Path temp, Path target, boolean overwrite) throws IOException {
      this.temp = temp;
      this.target = target;
      this.overwrite = overwrite;
      this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      this.delegate = Channels.newOutputStream(channel);
    }

    /** Writers ask for the length after closing, so the final position outlives the channel. */
    @Override
    public long getPos() throws IOException {
      return closed ? closedAt : channel.position();
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      channel.write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closedAt = channel.position();
      closed = true;
      channel.force(true);
      channel.close();
      try {
        if (overwrite) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          // A hard link fails if the target exists, which a rename would silently replace.
          Files.createLink(target, temp);
        }
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", target);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }
}
