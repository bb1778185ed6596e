/**
 * Buildkite-format pipelines: the model (the {@link dev.cairn.pipeline.Pipeline} record and the
 * sealed {@link dev.cairn.pipeline.Step} types) and the front door {@link
 * dev.cairn.pipeline.PipelineParser}. Pure functions from text to records; every error carries
 * file, line, column and step path. Any Cairn module may use this package; only the records, the
 * exception and {@code PipelineParser} are public. The YAML reading behind them ({@code
 * YamlLoader}, {@code MergeKeys}, the step readers) is package-private and may change freely.
 */
package dev.cairn.pipeline;
