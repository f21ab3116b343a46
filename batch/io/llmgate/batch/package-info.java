/**
 * Batch inference (OpenAI Files and Batches API) as Camel split/aggregate routes: issue 23. The request log's
 * retention job, which used to sit here, is in {@code io.llmgate.model.logs} with the log it prunes.
 */
package io.llmgate.batch;
