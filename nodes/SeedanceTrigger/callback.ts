/**
 * Pure: what a POST to the trigger's URL is. A callback carries no signature, so the request alone
 * proves nothing: these checks only turn away what is plainly not a callback; the node confirms
 * the rest by reading the task with the credential.
 */
import { isTaskId, TASK_STATUSES, type SeedanceTask } from '../Seedance/api/taskObject';
import { isObject } from '../Seedance/shared/values';

export const DEFAULT_STATUSES = ['succeeded', 'failed'];

export type CallbackVerdict =
	| { type: 'reject'; httpCode: 400 | 403; message: string }
	| { type: 'ignore'; taskId: string; status: string }
	| { type: 'accept'; taskId: string; status: string; task: SeedanceTask };

/** Compares without stopping at the first difference, so timing tells nothing about the token. */
export function tokenMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string') return false;
	let diff = expected.length ^ given.length;
	for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(given.length, 1));
	return diff === 0;
}

export function readCallback(
	body: unknown,
	query: Record<string, unknown>,
	settings: { token: string; statuses: string[] },
): CallbackVerdict {
	if (settings.token !== '' && !tokenMatches(settings.token, query.token)) {
		return { type: 'reject', httpCode: 403, message: 'Wrong or missing token' };
	}
	if (!isObject(body) || typeof body.id !== 'string' || !isTaskId(body.id)) {
		return { type: 'reject', httpCode: 400, message: 'Not a Seedance task: no valid "id"' };
	}
	const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
	if (!(TASK_STATUSES as readonly string[]).includes(status)) {
		return { type: 'reject', httpCode: 400, message: 'Not a Seedance task: no known "status"' };
	}
	if (!settings.statuses.includes(status)) return { type: 'ignore', taskId: body.id, status };
	return { type: 'accept', taskId: body.id, status, task: { ...body, id: body.id, status } as SeedanceTask };
}

/** One emission per task and status: the API retries succeeded/failed callbacks up to three times. */
export function dedupeKey(task: Pick<SeedanceTask, 'id' | 'status'>): string {
	return `${task.id}:${task.status}`;
}
