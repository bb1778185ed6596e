package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.pipeline.BuildContext;
import dev.cairn.pipeline.Expansion;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineExpander;
import dev.cairn.pipeline.PipelineLimits;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.pipeline.PipelineProblem;
import dev.cairn.pipeline.PlannedDependency;
import dev.cairn.pipeline.PlannedJob;
import dev.cairn.pipeline.SoftFail;
import dev.cairn.pipeline.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pipeline expand FILE}: interpolates a pipeline against this process's environment
 * (as the agent does at upload), plans it for the build described by the options, and prints the
 * jobs as JSON. Problems go to standard error as {@code file:line:column: message}, exit 2.
 */
@Command(
    name = "expand",
    mixinStandardHelpOptions = true,
    description = {
      "Show the jobs a pipeline file creates for a build, as JSON on standard output.",
      "The file is interpolated against this process's environment first, as the agent does at"
          + " upload, unless --no-interpolation is given.",
      "",
      "Output: {\"jobs\": [JOB...], \"excluded\": [STEP...]}",
      "  JOB = {\"id\", \"step_key\" (or null), \"type\" (command|wait|block|input|trigger),",
      "         \"label\", \"command\", \"depends_on\" (ids of jobs waited for),",
      "         \"soft_fail\" (true, false or [{\"exit_status\": N or \"*\"}]),",
      "         \"agents\" {tag: value}, \"env\" {name: value} (pipeline env, then step env),",
      "         \"parallel_job\", \"parallel_job_count\" (numbers, or null without parallelism),",
      "         \"matrix\" {dimension: value} (\"\" names an anonymous dimension)}",
      "  STEP = the key, else the label, else the step path of a step excluded by if or branches.",
      "Job ids are job-1, job-2, ... and only mean something within one output.",
      "Exits 0 on success, 2 when the file has problems (printed on standard error as",
      "FILE:LINE:COLUMN: STEP-PATH: MESSAGE)."
    })
final class PipelineExpandCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file.")
  Path file;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "Build branch (default ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--default-branch",
      defaultValue = "main",
      description = "The pipeline's default branch (default ${DEFAULT-VALUE}).")
  String defaultBranch;

  @Option(names = "--tag", description = "Build tag.")
  Optional<String> tag;

  @Option(names = "--pull-request", paramLabel = "N", description = "Pull request number.")
  Optional<String> pullRequest;

  @Option(
      names = "--build-number",
      paramLabel = "N",
      defaultValue = "1",
      description = "Build number (default ${DEFAULT-VALUE}).")
  long buildNumber;

  @Option(
      names = "--source",
      defaultValue = "ui",
      description =
          "Build source: ui, api, webhook, trigger_job or schedule (default ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--no-interpolation", description = "Do not expand $VARIABLES.")
  boolean noInterpolation;

  /** The environment interpolated against; the process environment unless a test sets another. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Pipeline pipeline =
          noInterpolation
              ? PipelineParser.parse(file.toString(), text)
              : PipelineParser.parse(file.toString(), text, environment);
      BuildContext context =
          BuildContext.forBranch(branch)
              .withDefaultBranch(defaultBranch)
              .withTag(tag)
              .withPullRequest(pullRequest)
              .withBuildNumber(buildNumber)
              .withSource(source)
              .withEnv(pipeline.env());
      Expansion expansion =
          new PipelineExpander(PipelineLimits.DEFAULTS)
              .expand(pipeline, context, new Sequence("job")::next);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(json(expansion)));
      out.flush();
      return 0;
    } catch (PipelineException e) {
      e.problems().stream().map(PipelineProblem::toString).forEach(err::println);
    } catch (IOException e) {
      err.println(file + ":1:1: cannot read the file: " + e.getMessage());
    }
    err.flush();
    return 2;
  }

  static Map<String, Object> json(Expansion expansion) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("jobs", expansion.jobs().stream().map(PipelineExpandCommand::job).toList());
    root.put("excluded", expansion.excluded().stream().map(PipelineExpandCommand::name).toList());
    return root;
  }

  private static Map<String, Object> job(PlannedJob job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id());
    json.put("step_key", job.stepKey().orElse(null));
    json.put("type", job.type().word());
    json.put("label", job.label());
    json.put("command", job.command());
    json.put("depends_on", job.dependsOn().stream().map(PlannedDependency::jobId).toList());
    json.put("soft_fail", softFail(job.softFail()));
    json.put("agents", job.agents());
    json.put("env", job.env());
    json.put("parallel_job", job.parallelJob().orElse(null));
    json.put("parallel_job_count", job.parallelJobCount().orElse(null));
    json.put("matrix", job.matrix());
    return json;
  }

  private static Object softFail(SoftFail softFail) {
    if (softFail.anyStatus()) {
      return true;
    }
    if (softFail.exitStatuses().isEmpty()) {
      return false;
    }
    return softFail.exitStatuses().stream().map(s -> Map.of("exit_status", s)).toList();
  }

  private static String name(Step step) {
    return step.key().or(step::label).orElse(step.location().path());
  }
}
