/** Pure: the task object as the API documents it, checked on the way in. */
import { SeedanceApiFailure } from '../shared/errors';
import { isObject } from '../shared/values';

export const TASKS_PATH = '/contents/generations/tasks';

/** The list endpoint's largest page (`page_size` 1–500). */
export const MAX_LIST_PAGE_SIZE = 500;

/** Task ids as the API makes them (`cgt-…`): letters, digits, dot, dash, underscore; nothing a URL path could bend. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isTaskId(value: unknown): boolean {
	return typeof value === 'string' && TASK_ID.test(value);
}

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** A task in one of these has ended and will not change again. */
export const ENDED_STATUSES: readonly string[] = ['succeeded', 'failed', 'cancelled', 'expired'];

export interface SeedanceTask {
	id: string;
	status: string;
	model?: string;
	error?: { code?: string; message?: string } | null;
	created_at?: number;
	updated_at?: number;
	content?: { video_url?: string; last_frame_url?: string };
	seed?: number;
	resolution?: string;
	ratio?: string;
	duration?: number;
	frames?: number;
	framespersecond?: number;
	service_tier?: string;
	usage?: { completion_tokens?: number; total_tokens?: number };
	[field: string]: unknown;
}

/** A task object, or a clear error: never a silent empty item. */
export function asTask(body: unknown, taskId?: string): SeedanceTask {
	const where = taskId ? ` for task ${taskId}` : '';
	if (!isObject(body) || typeof body.id !== 'string' || body.id === '') {
		throw new SeedanceApiFailure(
			`Seedance's answer${where} is not a task (it has no "id")`,
			'The API (or a proxy in front of it) answered with something unexpected. Check the Base URL in the credential and try again.',
			{ taskId },
		);
	}
	if (typeof body.status !== 'string' || body.status === '') {
		throw new SeedanceApiFailure(
			`Seedance's answer for task ${body.id} has no status`,
			'The task exists but its state could not be read. Run "Get Task" again in a moment.',
			{ taskId: body.id },
		);
	}
	// Statuses are compared in lower case: a relay that says "SUCCEEDED" means the same.
	return { ...body, status: body.status.toLowerCase() } as SeedanceTask;
}

export function asTaskList(body: unknown): { items: SeedanceTask[]; total: number } {
	if (!isObject(body) || !Array.isArray(body.items)) {
		throw new SeedanceApiFailure(
			"Seedance's task list answer has no \"items\"",
			'The API (or a proxy in front of it) answered with something unexpected. Check the Base URL in the credential.',
			{},
		);
	}
	const items = body.items.map((item) => asTask(item));
	const total = typeof body.total === 'number' ? body.total : items.length;
	return { items, total };
}

