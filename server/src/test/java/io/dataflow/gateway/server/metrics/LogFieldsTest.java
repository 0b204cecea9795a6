package io.dataflow.gateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFieldsTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void fieldsAreInTheMdcWhileOpenAndGoneAfter() {
    try (LogFields fields = LogFields.of(LogFields.RUN_ID, "run-1").and(LogFields.DATASET, "analytics.daily_sales")) {
      assertThat(MDC.get("run_id")).isEqualTo("run-1");
      assertThat(MDC.get("dataset")).isEqualTo("analytics.daily_sales");
    }

    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void fieldsAreGoneAfterTheRunThrows() {
    try (LogFields fields = LogFields.of(LogFields.RUN_ID, "run-1")) {
      throw new IllegalStateException("the run failed");
    } catch (IllegalStateException expected) {
      assertThat(MDC.get("run_id")).isNull();
    }
  }

  @Test
  void innerFieldsAreRemovedAndOuterOnesKept() {
    try (LogFields task = LogFields.of(LogFields.TASK_ID, "task-1").and(LogFields.DATASET, "a.b")) {
      try (LogFields run = LogFields.of(LogFields.RUN_ID, "run-1").and(LogFields.DATASET, "c.d")) {
        assertThat(MDC.get("dataset")).isEqualTo("c.d");
        assertThat(MDC.get("task_id")).isEqualTo("task-1");
      }
      assertThat(MDC.get("run_id")).isNull();
      assertThat(MDC.get("dataset")).as("restored to the outer value").isEqualTo("a.b");
      assertThat(MDC.get("task_id")).isEqualTo("task-1");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void fieldsAddedLaterAreRemovedToo() {
    try (LogFields fields = LogFields.of(LogFields.DAG_ID, "ecommerce_daily")) {
      fields.and(LogFields.FALLBACK_RUN_ID, "17");
      assertThat(MDC.get("fallback_run_id")).isEqualTo("17");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
