/**
 * The clients of the SSRF and coverage corpus ({@code SsrfCorpusIT}): {@link io.imdsagent.testapps.ssrf.CorpusRows}
 * is the row loop every app runs; each module's main class registers its clients by the names the corpus table uses.
 * Run only by the corpus, inside its sealed namespace.
 */
package io.imdsagent.testapps.ssrf;
