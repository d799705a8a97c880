/**
 * What a test needs of the machine (a sealed network namespace, JDK 25), checked before it runs: skipped with a
 * printed reason on a developer's machine, failed in CI ({@code CI=true}); and how many such tests ran, counted
 * at the end of every test JVM. Used by the tests of every module; never by the harness's runners.
 */
package io.imdsagent.testapps.requirements;
