/**
 * Pure: what the API layer and the batch engine need to know of an item's options, as plain data
 * (form/readers.ts makes it from the form). The HTTP layer imports these types, never the form.
 */

/** Items at once when Options → Concurrent Requests is not set. */
export const DEFAULT_CONCURRENCY = 10;

export interface RequestSettings {
	retries: number;
	/** How long 429s are retried. */
	rateLimitSpanMs?: number;
	/** Per request attempt. */
	requestTimeoutMs: number;
}

export interface CommonSettings extends RequestSettings {
	/** Items at once (Concurrent Requests). */
	concurrency: number;
	waitTimeoutMs: number;
	intervalMs?: number;
	binaryPropertyName: string;
}
