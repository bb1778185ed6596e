/** Organizations and the pipelines they own. Used by services and by the store adapters. */
package dev.cairn.core.org;
