package dev.daprcompute.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code install}: puts {@code dapr-compute} on the PATH, so the docs' {@code dapr-compute ...}
 * works from anywhere.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    header = "Puts the dapr-compute command on your PATH.",
    description = {
      "Makes 'dapr-compute' a command of your shell: run from a clone as './dapr-compute install', it"
          + " links DIR/dapr-compute to the clone's ./dapr-compute script, which rebuilds the CLI when the sources"
          + " change. Run as 'java -jar dapr-compute.jar install', it writes a small script that runs that jar.",
      "Says so when DIR is not on your PATH, and how to add it."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {
      Failures.EXIT_OK,
      "2:bad usage, or DIR/dapr-compute exists or cannot be written"
    })
final class InstallCommand extends BaseCommand {
  /** Set by the {@code dapr-compute} script to its own path, so the link points at it. */
  static final String LAUNCHER = "DAPR_COMPUTE_LAUNCHER";

  static final String COMMAND = "dapr-compute";

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "the directory on your PATH to put the command in (default: ~/.local/bin)")
  @Nullable Path dir;

  @Option(
      names = {"-f", "--force"},
      description = "replace DIR/dapr-compute when it is something else")
  boolean force;

  @Override
  int run(Console console) {
    Path target = (dir != null ? dir : defaultDir()).toAbsolutePath().normalize();
    Path command = target.resolve(COMMAND);
    String launcher = environment().apply(LAUNCHER);
    try {
      Files.createDirectories(target);
      String how;
      if (launcher != null && !launcher.isBlank()) {
        how = link(command, Path.of(launcher).toAbsolutePath().normalize());
      } else {
        how = writeScript(command, jar());
      }
      boolean onPath = isOnPath(target);
      if (console.isJson()) {
        Map<String, Object> json = Console.object();
        json.put("command", command.toString());
        json.put("runs", how);
        json.put("onPath", onPath);
        console.json(json);
      } else {
        console.println("installed " + command + " (runs " + how + ")");
        if (onPath) {
          console.println("run 'dapr-compute version' to check it");
        }
      }
      if (!onPath) {
        console.note(
            "dapr-compute install: "
                + target
                + " is not on your PATH. Add it, then open a new shell:");
        console.note(
            "  echo 'export PATH=\""
                + target
                + ":$PATH\"' >> ~/.profile   # or ~/.bashrc, ~/.zshrc");
      }
      return Failures.OK;
    } catch (IOException e) {
      throw CliException.usage(
          "cannot install "
              + command
              + ": "
              + Failures.message(e)
              + "; choose a directory you can write with --dir");
    }
  }

  private Path defaultDir() {
    String home = environment().apply("HOME");
    if (home == null || home.isBlank()) {
      throw CliException.usage(
          "HOME is not set, so there is no ~/.local/bin: pass --dir DIR, a directory on your PATH");
    }
    return Path.of(home, ".local", "bin");
  }

  /** A symbolic link to the clone's script: it rebuilds the jar when the sources change. */
  private String link(Path command, Path script) throws IOException {
    if (!Files.isRegularFile(script)) {
      throw CliException.usage(
          LAUNCHER
              + " is "
              + script
              + ", which is not a file: run './dapr-compute install'"
              + " from the clone");
    }
    if (Files.isSymbolicLink(command) && Files.readSymbolicLink(command).equals(script)) {
      return script.toString();
    }
    replaceable(command);
    Files.createSymbolicLink(command, script);
    return script.toString();
  }

  /** A script that runs the jar this command runs from. */
  private String writeScript(Path command, Path jar) throws IOException {
    String text =
        "#!/bin/sh\n"
            + "# Written by 'dapr-compute install': runs "
            + jar
            + "\n"
            + "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -jar "
            + quote(jar.toString())
            + " \"$@\"\n";
    if (Files.isRegularFile(command, LinkOption.NOFOLLOW_LINKS)
        && Files.readString(command, StandardCharsets.UTF_8).equals(text)) {
      return "java -jar " + jar;
    }
    replaceable(command);
    Files.writeString(command, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException notPosix) {
      command.toFile().setExecutable(true, false);
    }
    return "java -jar " + jar;
  }

  private void replaceable(Path command) throws IOException {
    if (Files.exists(command, LinkOption.NOFOLLOW_LINKS)) {
      if (!force) {
        throw CliException.usage(
            command
                + " already exists and is not this dapr-compute: pass --force to replace"
                + " it, or choose another --dir");
      }
      Files.delete(command);
    }
  }

  private static Path jar() {
    CodeSource source = DaprCompute.class.getProtectionDomain().getCodeSource();
    try {
      Path location = source == null ? null : Path.of(source.getLocation().toURI());
      if (location != null
          && Files.isRegularFile(location)
          && location.toString().endsWith(".jar")) {
        return location.toAbsolutePath();
      }
    } catch (URISyntaxException | IllegalArgumentException ignored) {
      // not a file location: fall through to the usage error
    }
    throw CliException.usage(
        "install needs the dapr-compute script or jar: run './dapr-compute install' in the"
            + " clone, or 'java -jar dapr-compute.jar install'");
  }

  private boolean isOnPath(Path target) {
    String path = Objects.requireNonNullElse(environment().apply("PATH"), "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(p -> !p.isBlank())
        .anyMatch(p -> Path.of(p).toAbsolutePath().normalize().equals(target));
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
