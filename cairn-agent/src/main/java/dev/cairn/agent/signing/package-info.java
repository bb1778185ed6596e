/**
 * Pipeline signing and job verification (spec §8): JWKS key files, the signed values of a command
 * step, the detached-payload JWS over their JCS form, signing an uploaded pipeline and verifying a
 * job before it runs. Loaded only when signing or verification is configured, so an agent without
 * them pays nothing at start-up.
 */
package dev.cairn.agent.signing;
