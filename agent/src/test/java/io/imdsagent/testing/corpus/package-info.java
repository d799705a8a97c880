/**
 * The SSRF and coverage corpus's machinery: the table's rows ({@link io.imdsagent.testing.corpus.CorpusRow}), the
 * run in a sealed namespace ({@link io.imdsagent.testing.corpus.CorpusRun}, which starts
 * {@link io.imdsagent.testing.corpus.CorpusDriver} and its stubs inside it) and the proof of each outcome from the
 * request logs ({@link io.imdsagent.testing.corpus.CorpusCheck}). Used by {@code SsrfCorpusIT} only.
 */
package io.imdsagent.testing.corpus;
