package io.dataflow.gateway.server.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.db.Database;
import io.dataflow.gateway.server.db.DatabaseConfig;
import io.dataflow.gateway.server.db.EmbeddedPostgresServer;
import io.dataflow.gateway.server.db.Migrations;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code token create --role admin --name first [config.yml]}: creates a token in the gateway's
 * database and prints its secret, once. This is how the first admin token comes to be; later ones
 * can be made over {@code POST /api/v1/tokens}.
 *
 * <p>With the embedded PostgreSQL, the command uses the one a running gateway started (found through
 * its {@code postmaster.pid}); if no gateway runs, it starts PostgreSQL over the data directory for
 * the time it needs, so the token is there at the next start.
 */
public final class TokenCommand extends ConfiguredCommand<GatewayConfiguration> {

  static final String ACTION = "action";
  static final String ROLE = "role";
  static final String NAME = "name";

  private final PrintStream out;

  public TokenCommand() {
    this(System.out);
  }

  TokenCommand(PrintStream out) {
    super("token", "Creates an API token and prints its secret once: token create --role reader|operator|admin --name NAME [config.yml]");
    this.out = out;
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument(ACTION).choices("create").help("what to do: create a token");
    subparser.addArgument("--role").dest(ROLE).required(true).choices("reader", "operator", "admin")
        .help("what the token may do: reader (GET), operator (refresh, backfill, migrate, rollback), admin (imports, tokens)");
    subparser.addArgument("--name").dest(NAME).required(true).help("what the token is for, for example 'first' or 'ci'");
    super.configure(subparser);
    subparser.addArgument("--quiet").dest("quiet").action(Arguments.storeTrue()).help("print the secret only");
  }

  @Override
  protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config) throws Exception {
    Role role = Role.parse(namespace.getString(ROLE));
    String name = namespace.getString(NAME);
    Optional<EmbeddedPostgresServer> started = Optional.empty();
    try {
      Database database;
      DatabaseConfig db = config.getDatabase();
      if (db.url().isPresent()) {
        database = new Database(db.url().get(), db.user(), db.password(), false);
      } else {
        Path postgres = config.getDataDirectory().toAbsolutePath().normalize().resolve("postgres");
        Optional<Integer> runningPort = runningPostgresPort(postgres);
        if (runningPort.isPresent()) {
          database = new Database("jdbc:postgresql://127.0.0.1:" + runningPort.get() + "/gateway", DatabaseConfig.EMBEDDED_USER, "", true);
        } else {
          Files.createDirectories(postgres.getParent());
          EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgres, 0, postgres.getParent().resolve("postgres.log"));
          started = Optional.of(server);
          database = server.database();
        }
      }
      Migrations.migrate(database);
      ApiToken.Issued issued;
      try (HikariDataSource dataSource = dataSource(database)) {
        issued = new TokenStore(dataSource).create(name, role);
      }
      if (Boolean.TRUE.equals(namespace.getBoolean("quiet"))) {
        out.println(issued.secret());
      } else {
        out.println("Created " + role.wireName() + " token '" + issued.token().name() + "' (id " + issued.token().id() + ").");
        out.println("Its secret is shown this once; the gateway keeps only its hash:");
        out.println();
        out.println("  " + issued.secret());
        out.println();
        out.println("Send it as: Authorization: Bearer <secret>");
      }
    } finally {
      if (started.isPresent()) {
        started.get().stop();
      }
    }
  }

  /** The port of the PostgreSQL a running gateway started over {@code directory}, if one runs. */
  static Optional<Integer> runningPostgresPort(Path directory) {
    try {
      List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
      long pid = Long.parseLong(lines.getFirst().strip());
      if (lines.size() < 4 || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(lines.get(3).strip()));
    } catch (IOException | RuntimeException e) {
      // no pid file or not one of a running server: nobody uses the directory
      return Optional.empty();
    }
  }

  private static HikariDataSource dataSource(Database database) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("token-command");
    pool.setJdbcUrl(database.url());
    pool.setUsername(database.user());
    pool.setPassword(database.password());
    pool.setMaximumPoolSize(1);
    return new HikariDataSource(pool);
  }
}
