package dev.daprcompute.cli;

/** How a command prints its result. */
enum OutputFormat {
  /** For people: lines and tables. */
  TEXT,
  /** For scripts: one JSON document on stdout; progress and errors go to stderr. */
  JSON
}
