package io.dataflow.gateway.catalog.rest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTSerializers;

/**
 * JSON as the Iceberg REST protocol writes it: kebab-case names and Iceberg's own serializers for
 * schemas, specs, metadata, updates and requirements. Kept apart from the API's JSON on purpose.
 */
final class IcebergJson {

  private final ObjectMapper mapper;

  IcebergJson() {
    JsonFactory factory =
        new JsonFactoryBuilder().configure(JsonFactory.Feature.INTERN_FIELD_NAMES, false).build();
    mapper = new ObjectMapper(factory);
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
  }

  /**
   * Reads a request body.
   *
   * @throws BadRequestException if the body is missing or is not the expected request
   */
  <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw new BadRequestException("Missing request body: expected %s", type.getSimpleName());
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw new BadRequestException("Empty request body: expected %s", type.getSimpleName());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "Invalid %s: %s", type.getSimpleName(), e.getOriginalMessage());
    } catch (BadRequestException e) {
      throw e;
    } catch (RuntimeException e) {
      // Iceberg's parsers report a malformed update or requirement with unchecked exceptions
      throw new BadRequestException("Invalid %s: %s", type.getSimpleName(), e.getMessage());
    }
  }

  String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
