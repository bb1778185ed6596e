/**
 * Planning: turns parsed pipeline steps into jobs with explicit dependencies. Used by the build
 * services when steps are uploaded.
 */
package dev.cairn.core.plan;
