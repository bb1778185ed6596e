/** HTTP plumbing shared by the agent API and the REST API: JSON replies and credentials. */
package dev.cairn.server.http;
