package dev.daprcompute.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * What a flight recording written by {@code Summary --jfr DIR} is made of: the allocation samples
 * by the first frame of this project (or of OkHttp, Jackson, gRPC) on their stack, weighted by the
 * bytes they stand for, and the CPU samples by the same frame. The evidence behind the suspects in
 * docs/benchmarks.md.
 *
 * <pre>java -cp benchmarks.jar dev.daprcompute.benchmarks.load.JfrTop DIR/x.jfr [lines] [library]
 * </pre>
 *
 * <p>With {@code library}, only the samples with a frame of the library on their stack: what the
 * library adds to the HTTP client's own work.
 */
public final class JfrTop {
  private JfrTop() {}

  /** Frames worth naming: where the bytes and the time are spent on behalf of a call. */
  private static final String LIBRARY = "dev.daprcompute.";

  private static final List<String> INTERESTING =
      List.of(
          "okhttp3.",
          "okio.",
          "com.fasterxml.jackson.",
          "io.grpc.",
          "com.sun.net.httpserver.",
          "sun.net.httpserver.");

  public static void main(String[] args) throws IOException {
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    boolean libraryOnly = args.length > 2 && args[2].equals("library");
    Map<String, Long> allocation = new HashMap<>();
    Map<String, Long> cpu = new HashMap<>();
    long allocated = 0;
    long samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = event.getLong("weight");
        allocated += weight;
        String site = site(event.getStackTrace());
        if (!libraryOnly || site.startsWith(LIBRARY)) {
          allocation.merge(
              site + "  [" + event.getClass("objectClass").getName() + "]", weight, Long::sum);
        }
      } else if (type.equals("jdk.ExecutionSample")) {
        samples++;
        String site = site(event.getStackTrace());
        if (!libraryOnly || site.startsWith(LIBRARY)) {
          cpu.merge(site, 1L, Long::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "allocation samples: %,d bytes in all%n", allocated);
    print(allocation, allocated, lines);
    System.out.printf(
        Locale.ROOT,
        "%nCPU samples: %,d in all (by the first interesting frame, then the top frame)%n",
        samples);
    print(cpu, samples, lines);
  }

  private static void print(Map<String, Long> counts, long total, int lines) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(lines)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "%5.1f%%  %s%n",
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getKey()));
  }

  /**
   * The first frame of the library (not of this harness), else the first interesting frame, else
   * the top frame; with the top frame after it when that is another.
   */
  private static String site(@Nullable RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    List<RecordedFrame> frames = stack.getFrames();
    String top = name(frames.get(0));
    String chosen = null;
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith(LIBRARY) && !name.startsWith("dev.daprcompute.benchmarks.")) {
        chosen = name;
        break;
      }
      if (chosen == null
          && INTERESTING.stream().anyMatch(name::startsWith)
          && !name.startsWith(LIBRARY)) {
        chosen = name;
      }
    }
    if (chosen == null) {
      return top;
    }
    return chosen.equals(top) ? chosen : chosen + " <- " + top;
  }

  private static String name(RecordedFrame frame) {
    if (frame.getMethod() == null) {
      return "?";
    }
    return frame.getMethod().getType().getName()
        + "."
        + frame.getMethod().getName()
        + ":"
        + frame.getLineNumber();
  }
}
