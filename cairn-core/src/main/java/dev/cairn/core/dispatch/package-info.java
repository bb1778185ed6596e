/**
 * Dispatch: which agent may run which job, and the hand-over of a runnable job to exactly one
 * agent, with long-poll wake-ups. Used by the server's ping handler.
 */
package dev.cairn.core.dispatch;
