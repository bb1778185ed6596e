/**
 * The in-job subcommands ({@code buildkite-agent meta-data}, {@code artifact}, {@code pipeline
 * upload}, {@code annotate}, {@code oidc}, {@code secret}, {@code step}; spec §4): each reads the
 * job's identity and token from the environment through {@link dev.cairn.agent.command.JobScope},
 * calls the agent API with the job token, and answers with an exit status. {@code env} and {@code
 * redactor} talk to the agent's per-job socket instead ({@link
 * dev.cairn.agent.command.JobApiCommands}), and {@code lock} to lock files shared by the host's
 * agents ({@link dev.cairn.agent.command.LockCommands}). Used by {@code cairn-cli}, whose picocli
 * classes only parse flags and call in here; nothing here prints to the process's own streams
 * except through the {@link dev.cairn.agent.command.CommandIo} it is given.
 */
package dev.cairn.agent.command;
