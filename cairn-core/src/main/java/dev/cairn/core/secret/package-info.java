/**
 * Secrets: the value type that keeps secret values out of logs and messages. Used by the secret
 * store port, its adapter, the secrets service and the server.
 */
package dev.cairn.core.secret;
