package io.dataflow.gateway.server.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a Prometheus scrape with {@link GatewayMetrics#scrape()}. */
final class PrometheusServlet extends HttpServlet {

  @Serial private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServlet.class);

  private final transient GatewayMetrics metrics;

  PrometheusServlet(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String body;
    try {
      body = metrics.scrape();
    } catch (RuntimeException e) {
      // a scrape that fails as a whole shows as the target being down, which is what it is
      LOG.warn("Cannot collect the metrics", e);
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Cannot collect the metrics: " + e.getMessage());
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(PrometheusText.CONTENT_TYPE);
    response.setHeader("Cache-Control", "no-cache");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
