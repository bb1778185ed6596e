/**
 * The REST API under {@code /v2}, in the JSON shapes of Buildkite's REST API v2 so existing clients
 * and scripts work: organizations, pipelines, builds, job logs. Handlers translate HTTP to calls on
 * {@code cairn-core} and nothing else.
 */
package dev.cairn.server.rest;
