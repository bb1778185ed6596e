/**
 * Buildkite-format pipelines: the model (the {@link dev.cairn.pipeline.Pipeline} record and the
 * sealed {@link dev.cairn.pipeline.Step} types with their attribute records) and two front doors.
 * {@link dev.cairn.pipeline.PipelineParser} reads text into a pipeline, interpolating {@code $VAR}s
 * only when given an environment (as the agent does at upload; the server never does) and
 * type-checking every {@code if}. {@link dev.cairn.pipeline.PipelineExpander} turns a pipeline and
 * a {@link dev.cairn.pipeline.BuildContext} into {@link dev.cairn.pipeline.PlannedJob}s with
 * dependencies resolved to job ids. Pure functions; every error carries file, line, column and step
 * path. {@link dev.cairn.pipeline.IfChanged} applies {@code if_changed} where the agent does, at
 * upload. Any Cairn module may use this package; only the records, enums, the exception, the two
 * front doors and {@code IfChanged} are public. The YAML reading, interpolation, condition language
 * and expansion engine behind them ({@code YamlLoader}, {@code TreeInterpolation}, {@code
 * ConditionParser}, {@code ExpansionRun}, ...) are package-private and may change freely.
 */
package dev.cairn.pipeline;
