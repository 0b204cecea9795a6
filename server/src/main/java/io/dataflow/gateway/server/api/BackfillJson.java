package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.server.dataflow.BackfillStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The wire form of backfills and refreshes, requests and answers. */
public final class BackfillJson {

  private BackfillJson() {}

  /**
   * {@code POST /backfills}: recompute a range of a produced dataset's partitions.
   *
   * @param dataset the dataset
   * @param from the first partition; may be left out for an unpartitioned dataset
   * @param to the last partition, not before {@code from}; may be left out for an unpartitioned dataset
   * @param order {@code oldest_first} (the default) or {@code newest_first}
   */
  public record Request(String dataset, Optional<String> from, Optional<String> to, Optional<String> order) {
    public Request {
      dataset = InvalidFieldException.required("dataset", dataset);
      from = from == null ? Optional.empty() : from;
      to = to == null ? Optional.empty() : to;
      order = order == null ? Optional.empty() : order;
      order.ifPresent(BackfillJson::order);
    }
  }

  /**
   * {@code POST /datasets/{id}/refresh}: recompute listed partitions, or a range.
   *
   * @param partitions the partitions to recompute; each contiguous run of them becomes one backfill
   * @param from the first partition of a range, instead of {@code partitions}
   * @param to the last partition of the range
   * @param order {@code oldest_first} (the default) or {@code newest_first}
   */
  public record Refresh(Optional<List<String>> partitions, Optional<String> from, Optional<String> to, Optional<String> order) {
    public Refresh {
      partitions = partitions == null ? Optional.empty() : partitions.map(List::copyOf);
      from = from == null ? Optional.empty() : from;
      to = to == null ? Optional.empty() : to;
      order = order == null ? Optional.empty() : order;
      if (partitions.isPresent() && (from.isPresent() || to.isPresent())) {
        throw new InvalidFieldException("partitions", "Give either partitions or from and to, not both");
      }
      if (partitions.isPresent() && partitions.get().isEmpty()) {
        throw new InvalidFieldException("partitions", "partitions is empty: list at least one partition, or leave it out");
      }
      if (from.isPresent() != to.isPresent()) {
        throw new InvalidFieldException(from.isPresent() ? "to" : "from", "A range needs both from and to");
      }
      order.ifPresent(BackfillJson::order);
    }
  }

  static io.dataflow.gateway.planner.scheduling.Backfill.Order order(String text) {
    for (var order : io.dataflow.gateway.planner.scheduling.Backfill.Order.values()) {
      if (order.name().equalsIgnoreCase(text.strip().replace('-', '_'))) {
        return order;
      }
    }
    throw new InvalidFieldException("order", "order must be oldest_first or newest_first, not '" + text + "'");
  }

  /**
   * A backfill and how far it has come.
   *
   * @param id the backfill
   * @param dataset the dataset
   * @param from the first partition
   * @param to the last partition
   * @param order the order partitions are computed in
   * @param total partitions in the range
   * @param done partitions fresh
   * @param failed partitions failed or blocked
   * @param waiting partitions waiting for input data
   * @param complete whether every partition is done
   * @param startedAt when it was asked for
   * @param partitionsPerMinute partitions done per minute since it started
   * @param estimatedTimeLeft at that pace, until every partition is done (ISO-8601 duration); empty
   *     before the first partition is done or once none is left
   * @param estimatedCompletion the instant that estimate points at
   */
  public record Status(
      String id,
      String dataset,
      String from,
      String to,
      String order,
      int total,
      int done,
      int failed,
      int waiting,
      boolean complete,
      String startedAt,
      double partitionsPerMinute,
      Optional<String> estimatedTimeLeft,
      Optional<String> estimatedCompletion) {
    public Status {
      requireNonNull(id, "id is null");
      requireNonNull(dataset, "dataset is null");
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      requireNonNull(order, "order is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(estimatedTimeLeft, "estimatedTimeLeft is null");
      requireNonNull(estimatedCompletion, "estimatedCompletion is null");
    }

    static Status of(BackfillStatus status, Instant now) {
      var backfill = status.backfill();
      var progress = status.progress();
      return new Status(backfill.id(), backfill.dataset().name(), backfill.from().value(), backfill.to().value(),
          backfill.order().name().toLowerCase(Locale.ROOT), progress.total(), progress.done(), progress.failed(), progress.waiting(),
          progress.isComplete(), status.startedAt().toString(), status.partitionsPerMinute(),
          status.estimatedTimeLeft().map(Object::toString), status.estimatedTimeLeft().map(left -> now.plus(left).toString()));
    }
  }

  /**
   * What a refresh started.
   *
   * @param dataset the dataset
   * @param backfills one backfill per contiguous range of the partitions asked for
   */
  public record Refreshed(String dataset, List<Status> backfills) {
    public Refreshed {
      requireNonNull(dataset, "dataset is null");
      backfills = List.copyOf(backfills);
    }
  }
}
