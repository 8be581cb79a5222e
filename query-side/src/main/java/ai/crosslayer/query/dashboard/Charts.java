package ai.crosslayer.query.dashboard;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Bar charts drawn on the server as SVG geometry (rendered by the {@code chart} fragment): no script, no
 * chart library, readable without colour (each bar has a title, each chart a table of its figures).
 */
final class Charts {

    static final int WIDTH = 640;
    static final int HEIGHT = 200;
    private static final int LEFT = 36;
    private static final int BOTTOM = 24;
    /** Colours with at least 3:1 contrast against white (WCAG non-text contrast). */
    private static final String[] PALETTE = {"#1f5fa8", "#b3401b", "#2a7a3b", "#7a3b8f", "#8a6d00", "#0e6e73", "#5b5b5b"};
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private Charts() {
    }

    record Bar(int x, int y, int width, int height, String fill, String title) {
    }

    record Label(int x, int y, String text) {
    }

    record Series(String name, String fill) {
    }

    /** A chart: its bars, axis labels, legend, and the largest value (the top of the y axis). */
    record Chart(String title, int width, int height, List<Bar> bars, List<Label> labels, List<Series> legend, long max) {
    }

    static LocalDate monday(LocalDate day) {
        return day.with(DayOfWeek.MONDAY);
    }

    /**
     * Stacked bars, one per column (a day or a week), stacked by series. {@code values} maps each column to each
     * series' value; every column of {@code columns} gets a slot, even when empty.
     */
    static Chart stacked(String title, List<LocalDate> columns, Map<LocalDate, Map<String, Long>> values, int labelEvery) {
        TreeSet<String> names = new TreeSet<>();
        values.values().forEach(v -> names.addAll(v.keySet()));
        Map<String, String> fills = new LinkedHashMap<>();
        for (String name : names) {
            fills.put(name, PALETTE[fills.size() % PALETTE.length]);
        }
        long max = Math.max(1, values.values().stream()
                .mapToLong(v -> v.values().stream().mapToLong(Long::longValue).sum()).max().orElse(0));
        int plotHeight = HEIGHT - BOTTOM - 8;
        double slot = (WIDTH - LEFT) / (double) Math.max(1, columns.size());
        int barWidth = Math.max(2, (int) (slot * 0.7));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            LocalDate column = columns.get(i);
            int x = LEFT + (int) (i * slot + (slot - barWidth) / 2);
            int top = HEIGHT - BOTTOM;
            for (var entry : values.getOrDefault(column, Map.of()).entrySet()) {
                int height = (int) Math.round(entry.getValue() * (double) plotHeight / max);
                top -= height;
                bars.add(new Bar(x, top, barWidth, height, fills.get(entry.getKey()),
                        column + ": " + entry.getValue() + " " + entry.getKey()));
            }
            if (i % labelEvery == 0) {
                labels.add(new Label(x, HEIGHT - 8, LABEL.format(column)));
            }
        }
        List<Series> legend = fills.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList();
        return new Chart(title, WIDTH, HEIGHT, bars, labels, legend, max);
    }
}
