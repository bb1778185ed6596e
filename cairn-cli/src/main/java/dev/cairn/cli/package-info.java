/**
 * The single {@code cairn} command: one class per subcommand, flags parsed by picocli into the
 * configuration records of the server and agent. The only place with {@code main} and process exit
 * codes.
 */
package dev.cairn.cli;
