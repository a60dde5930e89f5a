/**
 * Pure: the rules of waiting for a task: the poll schedule, what each ending means, the timeout's
 * error. The loop that polls is batch/pollRounds.ts (one task or many).
 */
import { describeApiError, SeedanceTaskError } from '../shared/errors';
import type { SeedanceTask } from './taskObject';

export const DEFAULT_WAIT_MINUTES = 10;

/**
 * Video takes minutes: poll every 5 s in the first minute, 10 s up to 5 min, 20 s up to 20 min,
 * then every 30 s. Short tasks are picked up quickly; long ones don't burn requests.
 */
export function pollDelayMs(elapsedMs: number): number {
	if (elapsedMs < 60_000) return 5_000;
	if (elapsedMs < 5 * 60_000) return 10_000;
	if (elapsedMs < 20 * 60_000) return 20_000;
	return 30_000;
}

function formatMinutes(ms: number): string {
	const minutes = ms / 60_000;
	return Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(ms / 1000)} s`;
}

/** The task once it has succeeded; a SeedanceTaskError for every other ending, naming the task. */
export function succeededOrThrow(task: SeedanceTask, consoleName?: string): SeedanceTask {
	switch (task.status) {
		case 'succeeded':
			return task;
		case 'failed': {
			const info = { code: task.error?.code, message: task.error?.message };
			const text = describeApiError(info, consoleName);
			const known = info.code !== undefined && text.message !== 'Seedance answered with an error';
			throw new SeedanceTaskError(
				`Task ${task.id} failed: ${known ? text.message : (info.message ?? 'no reason given')}`,
				text.description,
				task.id,
				info,
			);
		}
		case 'cancelled':
			throw new SeedanceTaskError(
				`Task ${task.id} was cancelled`,
				'Someone cancelled it before it ran (cancelled tasks disappear after 24 h). Generate again if you still need the video.',
				task.id,
			);
		case 'expired':
			throw new SeedanceTaskError(
				`Task ${task.id} expired before it ran`,
				'It waited in the queue longer than its Task Expiry (default 48 h, often with the Flex tier). Generate again, with the Default tier or a longer Task Expiry.',
				task.id,
			);
		default:
			return task;
	}
}

/** The error of a wait that ran out: the task goes on, and the user learns how to pick it up. */
export function timeoutError(taskId: string, status: string | undefined, timeoutMs: number): SeedanceTaskError {
	return new SeedanceTaskError(
		`Task ${taskId} is still ${status ?? 'running'} after ${formatMinutes(timeoutMs)}`,
		`It goes on at Seedance and is not lost. Pick it up later with the Task → "Wait for Completion" operation and task ID ${taskId}, or raise Options → Wait Timeout.`,
		taskId,
	);
}
