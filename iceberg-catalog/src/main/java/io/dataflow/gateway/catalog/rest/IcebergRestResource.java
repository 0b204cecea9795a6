package io.dataflow.gateway.catalog.rest;

import io.dataflow.gateway.catalog.GatewayCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;

/**
 * The Iceberg REST catalog protocol, served under {@value #BASE_PATH}: a client (Trino, Spark,
 * PyIceberg) uses {@code http://<gateway>:<port>/iceberg} as its catalog URI.
 */
@Path(IcebergRestResource.BASE_PATH + "/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class IcebergRestResource {

  /** Where the catalog is served on the gateway's application port. */
  public static final String BASE_PATH = "/iceberg";

  /**
   * The endpoints advertised in the catalog's configuration. Metrics reporting is served but not
   * advertised: the catalog keeps no scan or commit report, and a client that knows the endpoint is
   * not offered sends none, where it would otherwise post one before each commit and after each scan.
   */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REGISTER_TABLE);

  private final GatewayCatalog catalog;
  private final IcebergJson json = new IcebergJson();

  public IcebergRestResource(GatewayCatalog catalog) {
    this.catalog = catalog;
  }

  @GET
  @Path("config")
  public Response config(@QueryParam("warehouse") String warehouse) {
    return answer(() -> ConfigResponse.builder().withEndpoints(ENDPOINTS).build());
  }

  // ---- namespaces -------------------------------------------------------------------------

  @GET
  @Path("namespaces")
  public Response listNamespaces(
      @QueryParam("parent") @Encoded String parent,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    return answer(
        () ->
            catalog.listNamespaces(
                parent == null || parent.isEmpty() ? Namespace.empty() : namespace(parent),
                Optional.ofNullable(pageToken).filter(t -> !t.isEmpty()),
                pageSize(pageSize)));
  }

  @POST
  @Path("namespaces")
  public Response createNamespace(String body) {
    return answer(() -> catalog.createNamespace(json.read(body, CreateNamespaceRequest.class)));
  }

  @GET
  @Path("namespaces/{namespace}")
  public Response loadNamespace(@PathParam("namespace") @Encoded String namespace) {
    return answer(() -> catalog.loadNamespace(namespace(namespace)));
  }

  @HEAD
  @Path("namespaces/{namespace}")
  public Response namespaceExists(@PathParam("namespace") @Encoded String namespace) {
    return noContent(() -> catalog.namespaceExists(namespace(namespace)));
  }

  @DELETE
  @Path("namespaces/{namespace}")
  public Response dropNamespace(@PathParam("namespace") @Encoded String namespace) {
    return noContent(() -> catalog.dropNamespace(namespace(namespace)));
  }

  @POST
  @Path("namespaces/{namespace}/properties")
  public Response updateNamespaceProperties(
      @PathParam("namespace") @Encoded String namespace, String body) {
    return answer(
        () ->
            catalog.updateNamespaceProperties(
                namespace(namespace), json.read(body, UpdateNamespacePropertiesRequest.class)));
  }

  // ---- tables -----------------------------------------------------------------------------

  @GET
  @Path("namespaces/{namespace}/tables")
  public Response listTables(
      @PathParam("namespace") @Encoded String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    return answer(
        () ->
            catalog.listTables(
                namespace(namespace),
                Optional.ofNullable(pageToken).filter(t -> !t.isEmpty()),
                pageSize(pageSize)));
  }

  @POST
  @Path("namespaces/{namespace}/tables")
  public Response createTable(@PathParam("namespace") @Encoded String namespace, String body) {
    return answer(
        () -> catalog.createTable(namespace(namespace), json.read(body, CreateTableRequest.class)));
  }

  @POST
  @Path("namespaces/{namespace}/register")
  public Response registerTable(@PathParam("namespace") @Encoded String namespace, String body) {
    return answer(
        () ->
            catalog.registerTable(namespace(namespace), json.read(body, RegisterTableRequest.class)));
  }

  @GET
  @Path("namespaces/{namespace}/tables/{table}")
  public Response loadTable(
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table) {
    return answer(() -> catalog.loadTable(table(namespace, table)));
  }

  @HEAD
  @Path("namespaces/{namespace}/tables/{table}")
  public Response tableExists(
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table) {
    return noContent(() -> catalog.tableExists(table(namespace, table)));
  }

  @POST
  @Path("namespaces/{namespace}/tables/{table}")
  public Response updateTable(
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      String body) {
    return answer(
        () ->
            catalog.updateTable(
                table(namespace, table), json.read(body, UpdateTableRequest.class)));
  }

  @DELETE
  @Path("namespaces/{namespace}/tables/{table}")
  public Response dropTable(
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      @QueryParam("purgeRequested") @DefaultValue("false") boolean purge) {
    return noContent(() -> catalog.dropTable(table(namespace, table), purge));
  }

  @POST
  @Path("namespaces/{namespace}/tables/{table}/metrics")
  public Response reportMetrics(
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      String body) {
    // Scan and commit reports of clients that send them unasked are accepted and not kept: the
    // gateway's own events carry what each commit changed.
    return Response.noContent().build();
  }

  @POST
  @Path("tables/rename")
  public Response renameTable(String body) {
    return noContent(() -> catalog.renameTable(json.read(body, RenameTableRequest.class)));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private static Namespace namespace(String encoded) {
    return RESTUtil.decodeNamespace(encoded);
  }

  private static TableIdentifier table(String namespace, String table) {
    return TableIdentifier.of(namespace(namespace), RESTUtil.decodeString(table));
  }

  private static Optional<Integer> pageSize(String pageSize) {
    if (pageSize == null || pageSize.isEmpty()) {
      return Optional.empty();
    }
    try {
      int size = Integer.parseInt(pageSize);
      if (size < 1) {
        throw new BadRequestException("Invalid pageSize %s: must be a positive integer", pageSize);
      }
      return Optional.of(size);
    } catch (NumberFormatException e) {
      throw new BadRequestException("Invalid pageSize '%s': must be a positive integer", pageSize);
    }
  }

  private Response answer(Supplier<Object> call) {
    try {
      return Response.ok(json.write(call.get()), MediaType.APPLICATION_JSON_TYPE).build();
    } catch (RuntimeException e) {
      return IcebergErrors.toResponse(e);
    }
  }

  private static Response noContent(Runnable call) {
    try {
      call.run();
      return Response.noContent().build();
    } catch (RuntimeException e) {
      return IcebergErrors.toResponse(e);
    }
  }
}
