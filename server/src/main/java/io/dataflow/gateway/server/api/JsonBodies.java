package io.dataflow.gateway.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jackson.Jackson;
import java.util.stream.Collectors;

/**
 * Reads request bodies into request records, turning every mistake into a 400 that names the field:
 * malformed JSON, an unknown field, a value of the wrong type, or a value the record refused.
 */
final class JsonBodies {

  private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private JsonBodies() {}

  static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw ApiException.invalid("body", "The request needs a JSON body");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiException.invalid("body", "The request body is null; expected a JSON object");
      }
      return value;
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidFieldException invalid) {
        throw ApiException.invalid(invalid.field(), invalid.getMessage());
      }
      String field = path(e);
      if (e instanceof UnrecognizedPropertyException unknown) {
        throw ApiException.invalid(field, "Unknown field '" + unknown.getPropertyName() + "'; expected "
            + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
      }
      if (e instanceof InvalidFormatException format) {
        throw ApiException.invalid(field, "Invalid value '" + format.getValue() + "' for " + field
            + ": expected " + format.getTargetType().getSimpleName());
      }
      String why = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
      throw ApiException.invalid(field, "Invalid " + field + ": " + why);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("body", "The request body is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }
  }

  private static String path(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return path.isEmpty() ? "body" : path;
  }
}
