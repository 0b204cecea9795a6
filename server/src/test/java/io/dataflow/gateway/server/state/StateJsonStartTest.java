package io.dataflow.gateway.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateJsonStartTest {

  @Test
  void readsEveryStartAsLocalDateTimeWritesIt() {
    for (LocalDateTime start : List.of(LocalDateTime.of(2024, 1, 10, 0, 0), LocalDateTime.of(2024, 2, 29, 5, 0),
        LocalDateTime.of(1999, 12, 31, 23, 0), LocalDateTime.of(2024, 1, 1, 0, 30), LocalDateTime.of(2024, 1, 1, 0, 0, 15))) {
      assertThat(StateJson.start(start.toString())).isEqualTo(start);
    }
  }

  @Test
  void refusesWhatIsNotADateTime() {
    assertThatThrownBy(() -> StateJson.start("2023-02-29T00:00")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> StateJson.start("2024-01-1xT00:00")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> StateJson.start("+024-01-10T00:00")).isInstanceOf(DateTimeParseException.class);
  }
}
