package io.dataflow.gateway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/** The operations Jersey resources serve and those the API description lists, as {@code METHOD /path}. */
public final class JerseyOperations {

  private JerseyOperations() {}

  /** Every operation the resource classes among {@code classes} serve. */
  public static Set<String> served(Collection<Class<?>> classes) {
    Set<String> operations = new TreeSet<>();
    for (Class<?> type : classes) {
      if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        collect(Resource.from(type), "", operations);
      }
    }
    return operations;
  }

  private static void collect(Resource resource, String parent, Set<String> operations) {
    String path = join(parent, resource.getPath());
    for (ResourceMethod method : resource.getResourceMethods()) {
      operations.add(method.getHttpMethod() + " " + path);
    }
    resource.getChildResources().forEach(child -> collect(child, path, operations));
  }

  private static String join(String parent, String path) {
    if (path == null || path.isEmpty()) {
      return parent;
    }
    String base = parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
    String joined = base + (path.startsWith("/") ? path : "/" + path);
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }

  /** Every operation {@code /api/v1/openapi.json} lists. */
  public static Set<String> documented() throws IOException {
    JsonNode document = new ObjectMapper().readTree(OpenApiResource.load());
    Set<String> operations = new TreeSet<>();
    document.path("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(method -> operations.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return operations;
  }
}
