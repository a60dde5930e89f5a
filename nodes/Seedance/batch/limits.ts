/** How much a batch does at once. A module object so tests can shrink it (never what it decides). */
export const batchLimits = {
	/**
	 * Bytes of requests (with their inline files as base64) held at once, counted before they are
	 * written. One request may be up to 64 MB (the API's cap), so with big images one or two items
	 * are in memory, whatever the Concurrent Requests setting; URL-only bodies are a few KB and
	 * never wait.
	 */
	bodyBudgetBytes: 64 * 1024 * 1024,
	/** Videos streamed into n8n's binary data at once. */
	downloads: 4,
	/** Per-task GETs in flight at once, when the list can't be used. */
	gets: 4,
};
