/**
 * Test fixtures shared by every module's tests: real Cairn processes (server and agents) started
 * from the test's own class path on free ports of 127.0.0.1, and a small client of the REST API.
 * Used with test scope only.
 */
package dev.cairn.testkit;
