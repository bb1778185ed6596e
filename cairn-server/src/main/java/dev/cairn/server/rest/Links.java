package dev.cairn.server.rest;

import java.util.function.Supplier;

/** The API and web addresses of resources, as Buildkite puts them in replies. */
record Links(Supplier<String> base) {
  String baseUrl() {
    return base.get();
  }

  String organization(String org) {
    return baseUrl() + "/v2/organizations/" + org;
  }

  String pipeline(String org, String pipeline) {
    return organization(org) + "/pipelines/" + pipeline;
  }

  String build(String org, String pipeline, long number) {
    return pipeline(org, pipeline) + "/builds/" + number;
  }

  String job(String org, String pipeline, long number, String jobId) {
    return build(org, pipeline, number) + "/jobs/" + jobId;
  }

  String web(String org, String pipeline, long number) {
    return baseUrl() + "/" + org + "/" + pipeline + "/builds/" + number;
  }
}
