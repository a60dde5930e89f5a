/** How much a batch does at once. A module object so tests can shrink it (never what it decides). */
export const batchLimits = {
	/**
	 * Bytes of requests sent at once, counted from their exact size before they are sent. A body
	 * with inline files is streamed (a few slices in memory), but a file kept in the item itself
	 * (n8n's default binary mode) is decoded whole while it is sent, and uploads share one uplink
	 * anyway: with big images one or two items upload at once, whatever the Concurrent Requests
	 * setting; URL-only bodies are a few KB and never wait.
	 */
	bodyBudgetBytes: 64 * 1024 * 1024,
	/** Videos streamed into n8n's binary data at once. */
	downloads: 4,
	/** Generated images streamed from their URLs into n8n's binary data at once, for the whole run. */
	imageDownloads: 8,
	/**
	 * Image requests answered with base64 images (Receive Images As: Base64) at once: each answer
	 * holds its images in memory (a 4K PNG is tens of MB as base64) until they are stored.
	 */
	inlineImageAnswers: 4,
	/** Per-task GETs in flight at once, when the list can't be used. */
	gets: 4,
};
