/**
 * Orchestration: the services that create builds and move jobs through their lives, each change
 * judged by the decider and stored through the ports. Used by the server.
 */
package dev.cairn.core.orchestrate;
