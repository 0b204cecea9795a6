package io.dataflow.gateway.server.fallback;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.quartz.CronExpression;

/**
 * Translates Airflow's five-field cron ({@code minute hour day-of-month month day-of-week}, as croniter
 * reads it) into Quartz's syntax ({@code second minute hour day-of-month month day-of-week}).
 *
 * <p>The two dialects differ in three ways that matter: Quartz numbers the days of the week 1 (Sunday)
 * to 7 where cron uses 0 (Sunday) to 6 and also 7 for Sunday; Quartz needs {@code ?} in one of the two
 * day fields; and when both day fields are restricted, cron fires on days that match <em>either</em>,
 * which Quartz cannot say in one expression. Each field is therefore expanded to the exact set of values
 * it matches and written back in Quartz's form, and a cron restricting both day fields becomes two
 * Quartz expressions whose union is the cron's schedule.
 */
final class AirflowCron {

  private static final Map<String, Integer> MONTHS = names("jan", "feb", "mar", "apr", "may", "jun", "jul",
      "aug", "sep", "oct", "nov", "dec");
  private static final Map<String, Integer> DAYS = names("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private AirflowCron() {}

  /**
   * The Quartz expressions whose union fires exactly when the cron does.
   *
   * @throws IllegalArgumentException naming the field that cannot be read or expressed
   */
  static List<String> toQuartz(String cron) {
    String[] fields = cron.strip().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("Invalid cron '" + cron + "': expected 5 fields (minute hour day-of-month"
          + " month day-of-week), found " + fields.length);
    }
    String minute = quartzField(values(cron, "minute", fields[0], 0, 59, Map.of()), 0, 59);
    String hour = quartzField(values(cron, "hour", fields[1], 0, 23, Map.of()), 0, 23);
    String month = quartzField(values(cron, "month", fields[3], 1, 12, MONTHS), 1, 12);
    DayField dayOfMonth = dayOfMonth(cron, fields[2]);
    DayField dayOfWeek = dayOfWeek(cron, fields[4]);
    String prefix = "0 " + minute + " " + hour + " ";
    List<String> expressions = new ArrayList<>();
    if (dayOfMonth.restricted() && dayOfWeek.restricted()) {
      expressions.add(prefix + dayOfMonth.quartz() + " " + month + " ?");
      expressions.add(prefix + "? " + month + " " + dayOfWeek.quartz());
    } else if (dayOfWeek.restricted()) {
      expressions.add(prefix + "? " + month + " " + dayOfWeek.quartz());
    } else {
      expressions.add(prefix + dayOfMonth.quartz() + " " + month + " ?");
    }
    for (String expression : expressions) {
      try {
        CronExpression.validateExpression(expression);
      } catch (ParseException e) {
        throw new IllegalArgumentException("Invalid cron '" + cron + "': its Quartz form '" + expression
            + "' is refused: " + e.getMessage(), e);
      }
    }
    return List.copyOf(expressions);
  }

  private record DayField(String quartz, boolean restricted) {}

  private static DayField dayOfMonth(String cron, String field) {
    if (field.equalsIgnoreCase("L")) {
      return new DayField("L", true);
    }
    TreeSet<Integer> days = values(cron, "day-of-month", field, 1, 31, Map.of());
    return new DayField(quartzField(days, 1, 31), days.size() < 31);
  }

  private static DayField dayOfWeek(String cron, String field) {
    int hash = field.indexOf('#');
    if (hash >= 0) {
      // "the k-th weekday d of the month": Quartz has the same notation, with its own day numbers
      int day = single(cron, "day-of-week", field.substring(0, hash), 0, 7, DAYS) % 7;
      int nth = single(cron, "day-of-week", field.substring(hash + 1), 1, 5, Map.of());
      return new DayField((day + 1) + "#" + nth, true);
    }
    TreeSet<Integer> cronDays = values(cron, "day-of-week", field, 0, 7, DAYS);
    TreeSet<Integer> quartzDays = new TreeSet<>();
    for (int day : cronDays) {
      quartzDays.add(day % 7 + 1); // cron 0 and 7 are Sunday, Quartz's 1
    }
    return new DayField(quartzField(quartzDays, 1, 7), quartzDays.size() < 7);
  }

  private static int single(String cron, String name, String text, int min, int max, Map<String, Integer> names) {
    TreeSet<Integer> values = values(cron, name, text, min, max, names);
    if (values.size() != 1) {
      throw new IllegalArgumentException("Invalid cron '" + cron + "': the " + name + " field '" + text
          + "' must be a single value here");
    }
    return values.first();
  }

  /** Every value a cron field matches: lists, ranges, steps, {@code *} and names. */
  static TreeSet<Integer> values(String cron, String name, String field, int min, int max, Map<String, Integer> names) {
    TreeSet<Integer> values = new TreeSet<>();
    for (String item : field.split(",", -1)) {
      int step = 1;
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(cron, name, item.substring(slash + 1), 1, max - min + 1, Map.of());
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.indexOf('-') > 0) {
        int dash = range.indexOf('-');
        from = number(cron, name, range.substring(0, dash), min, max, names);
        to = number(cron, name, range.substring(dash + 1), min, max, names);
        if (to < from) {
          throw new IllegalArgumentException("Invalid cron '" + cron + "': the " + name + " range '" + range
              + "' ends before it starts");
        }
      } else {
        from = number(cron, name, range, min, max, names);
        to = slash >= 0 ? max : from; // "a/s" runs from a to the end of the field, as croniter reads it
      }
      for (int value = from; value <= to; value += step) {
        values.add(value);
      }
    }
    return values;
  }

  private static int number(String cron, String name, String text, int min, int max, Map<String, Integer> names) {
    Integer named = names.get(text.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("Invalid cron '" + cron + "': " + name + " value " + value
            + " is outside " + min + ".." + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid cron '" + cron + "': cannot read '" + text + "' in the " + name
          + " field; expected numbers, ranges (a-b), steps (*/n), lists (a,b)"
          + (names.isEmpty() ? "" : " or names such as " + names.keySet().iterator().next()));
    }
  }

  /**
   * A set of values in Quartz's form, short enough for the job store: {@code *} for everything,
   * {@code start/step} for an arithmetic run to the end of the field, else ranges and single values.
   */
  static String quartzField(TreeSet<Integer> values, int min, int max) {
    if (values.size() == max - min + 1) {
      return "*";
    }
    List<Integer> sorted = new ArrayList<>(values);
    if (sorted.size() >= 3) {
      int step = sorted.get(1) - sorted.get(0);
      boolean progression = sorted.getLast() + step > max;
      for (int i = 1; progression && i < sorted.size(); i++) {
        progression = sorted.get(i) - sorted.get(i - 1) == step;
      }
      if (progression && step > 1) {
        return sorted.getFirst() + "/" + step;
      }
    }
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      parts.add(j > i ? sorted.get(i) + "-" + sorted.get(j) : String.valueOf(sorted.get(i)));
      i = j + 1;
    }
    return String.join(",", parts);
  }

  private static Map<String, Integer> names(String... names) {
    Map<String, Integer> map = new LinkedHashMap<>();
    int first = names.length == 12 ? 1 : 0;
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], i + first);
    }
    return Collections.unmodifiableMap(map);
  }
}
