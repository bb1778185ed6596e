/**
 * The OIDC issuer: the server's ES256 signing key (made once, kept in the data directory), signing
 * of job identity tokens, and the public key set and discovery document under {@code /.well-known}.
 * Used by the agent API and the wiring.
 */
package dev.cairn.server.oidc;
