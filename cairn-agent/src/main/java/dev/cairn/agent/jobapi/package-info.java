/**
 * The per-job local API (spec §4.8): HTTP/1.1 over a Unix domain socket, protected by a bearer
 * token, through which {@code buildkite-agent env get/set/unset} and {@code redactor add} change
 * the running job's environment and redactions. The routes, bodies and status codes are the
 * official agent's ({@code /api/current-job/v0/env}, {@code /redactions}), so its own binary works
 * against Cairn too. {@link dev.cairn.agent.jobapi.UnixHttp} holds the small HTTP subset both ends
 * speak; {@link dev.cairn.agent.jobapi.JobApiServer} serves a job and {@link
 * dev.cairn.agent.jobapi.JobApiClient} is what the in-job commands use. Internal to {@code
 * cairn-agent}.
 */
package dev.cairn.agent.jobapi;
