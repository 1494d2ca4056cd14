/**
 * The picocli command line: a front end only. Each command parses options (the recipe's flag names
 * included), calls the same core services as the workbench, prints results on stdout and progress on stderr,
 * and maps failures to one line: exit 0 ok, 1 failure, 2 bad usage ({@link dev.nsw.cli.OneLineErrors}).
 */
package dev.nsw.cli;
