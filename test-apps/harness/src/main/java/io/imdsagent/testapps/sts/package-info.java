/**
 * A local STS Query API stub (GetCallerIdentity, AssumeRole) that answers the AWS SDKs v1 and v2 and
 * records who called what; started in-process by tests and by the sealed-namespace runner.
 */
package io.imdsagent.testapps.sts;
