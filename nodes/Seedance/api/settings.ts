/**
 * Pure: what the API layer and the batch engine need to know of an item's options, as plain data
 * (form/readers.ts makes it from the form).
 */
import type { RequestSettings } from '../http/attempt';

export type { RequestSettings };

/**
 * Creates at once when Options → Concurrent Requests is not set: a batch of up to 100 goes out
 * together, as n8n's HTTP Request node sends every item (the rate gate paces them under an RPM limit).
 */
export const DEFAULT_CREATE_CONCURRENCY = 100;

/** Task operations at once (Get, Wait, Cancel): BytePlus allows 20 task reads a second, and Get may download each video. */
export const DEFAULT_TASK_CONCURRENCY = 10;

export interface CommonSettings extends RequestSettings {
	/** Items at once (Concurrent Requests). */
	concurrency: number;
	waitTimeoutMs: number;
	intervalMs?: number;
	binaryPropertyName: string;
}
