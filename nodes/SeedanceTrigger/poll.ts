/**
 * The trigger's poll (version 1.1, in Callbacks and Polling, and Polling Only): it reads the
 * account's task list, newest first (one call a second, 500 tasks a page), and hands the execution
 * the tasks that ended and that it has not handed over before. The task object does not say where
 * its callbacks went, so the poll cannot tell this pipeline's tasks from any other of the same API
 * key: it sees the whole account (the form says so; a Models filter narrows it).
 *
 * What it has handed over it keeps in the node's static data, which n8n saves when a poll emits
 * and which only the poller writes (webhook() and execute() never touch it: each would write back
 * its own copy). Handing over is not emitting: the execution still confirms, downloads and asks
 * n8n's deduplication store, which is shared with the callbacks, whether the task+status is new.
 * With callbacks on, the poll leaves a task to its callback for a grace period after it ended, so
 * the two deliveries of a task do not meet in two executions at the same moment.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions, WorkflowActivateMode } from 'n8n-workflow';

import { newApiSession, type ApiSession } from '../Seedance/api/session';
import { MAX_LIST_PAGE_SIZE, type SeedanceTask } from '../Seedance/api/taskObject';
import type { RequestSettings } from '../Seedance/http/attempt';
import { clockSeam } from '../Seedance/shared/clock';
import { SeedanceInputError } from '../Seedance/shared/errors';
import { dedupeKey, DEFAULT_STATUSES } from './callback';
import { MAX_LOOK_BACK_HOURS, POLL_DEFAULTS, type TriggerMode } from './properties';
import { isRemembered, seenScope } from './seen';

/** The statuses a poll can see a task end in (queued and running come only as callbacks). */
export const POLLED_STATUSES: readonly string[] = ['succeeded', 'failed', 'expired'];

export const pollLimits = {
	/** The list's largest page; a module object so tests can page through a few tasks. */
	pageSize: MAX_LIST_PAGE_SIZE,
	/** Tasks per poll execution; the rest go to the next poll. */
	perPoll: 100,
	/** Pages of 500 per poll (the list allows one call a second). */
	maxPages: 40,
	/** Handed-over pairs kept; beyond this the oldest go (the deduplication store still knows them). */
	maxHanded: 20_000,
};

/** Each list call: a few retries, and a 429 waited out for up to a minute (the next poll comes anyway). */
const LIST_SETTINGS: RequestSettings = { retries: 3, rateLimitSpanMs: 60_000, requestTimeoutMs: 60_000 };

export interface PollSettings {
	/** The chosen statuses a poll can see. */
	statuses: string[];
	/** In lower case; empty: every model. */
	models: string[];
	lookBackS: number;
	graceS: number;
}

/** What the poll keeps between polls (the node's static data). */
export interface PollRecord extends IDataObject {
	/** Unix seconds: tasks that ended before are not the poll's to hand over. */
	since?: number;
	/** task+status handed over → the task's created_at (Unix seconds), forgotten once out of the window. */
	handed?: IDataObject;
}

function numberSetting(value: unknown, name: string, fallback: number, min: number, max: number): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isFinite(number) || number < min || number > max) {
		throw new SeedanceInputError(`${name} must be a number from ${min} to ${max}, not ${JSON.stringify(value)}`, `Set ${name} in the trigger's form.`);
	}
	return number;
}

/** Pure: the poll's settings from the form's values. */
export function pollSettings(mode: TriggerMode, values: { statuses?: unknown; models?: unknown; lookBackHours?: unknown; graceMinutes?: unknown }): PollSettings {
	const statuses = Array.isArray(values.statuses) ? values.statuses.map(String) : DEFAULT_STATUSES;
	const models = String(values.models ?? '')
		.split(',')
		.map((model) => model.trim().toLowerCase())
		.filter((model) => model !== '');
	const lookBackHours = numberSetting(values.lookBackHours, 'Look Back (Hours)', POLL_DEFAULTS.lookBackHours, 1, MAX_LOOK_BACK_HOURS);
	const graceMinutes = mode === 'callbacksAndPolling' ? numberSetting(values.graceMinutes, 'Grace Period (Minutes)', POLL_DEFAULTS.graceMinutes, 0, 60) : 0;
	return {
		statuses: statuses.filter((status) => POLLED_STATUSES.includes(status)),
		models,
		lookBackS: Math.round(lookBackHours * 3600),
		graceS: Math.round(graceMinutes * 60),
	};
}

/**
 * Where a poller starts when its record has none (the record is saved only when a poll emits):
 * from now when a user has just activated the workflow (tasks that ended before are not this
 * trigger's), else from the window's start (n8n restarted, or the workflow was saved again, before
 * the first poll emitted: what ended meanwhile must not be missed; the deduplication store drops
 * what was emitted already). Within one process, a poller that replaces another keeps its start.
 */
const startedAt = new Map<string, number>();

export function pollStart(record: PollRecord, scope: string, activation: WorkflowActivateMode | string, nowS: number, windowStartS: number): number {
	let since = typeof record.since === 'number' ? record.since : startedAt.get(scope);
	if (since === undefined) since = activation === 'activate' || activation === 'create' ? nowS : windowStartS;
	record.since = since;
	startedAt.set(scope, since);
	return Math.max(since, windowStartS);
}

/** Pure: whether the poll hands `task` over now (not yet checked: whether it did before). */
export function isDue(task: SeedanceTask, settings: PollSettings, nowS: number, startS: number): boolean {
	if (!settings.statuses.includes(task.status)) return false;
	if (settings.models.length > 0 && !settings.models.includes(String(task.model ?? '').toLowerCase())) return false;
	// A relay that drops the times: hand the task over rather than miss it (the store drops repeats).
	const endedS = typeof task.updated_at === 'number' ? task.updated_at : task.created_at;
	if (typeof endedS !== 'number') return true;
	return endedS >= startS && endedS <= nowS - settings.graceS;
}

/** Pure: forgets handed-over pairs whose task was created before the window, and the oldest beyond the cap. */
export function forgetOld(record: PollRecord, windowStartS: number, max = pollLimits.maxHanded): void {
	const handed = record.handed ?? {};
	const kept = Object.entries(handed).filter(([, createdS]) => typeof createdS !== 'number' || createdS >= windowStartS);
	kept.sort(([, a], [, b]) => Number(a ?? 0) - Number(b ?? 0));
	const dropped = new Set(Object.keys(handed));
	for (const [key] of kept.slice(Math.max(0, kept.length - max))) dropped.delete(key);
	for (const key of dropped) delete handed[key];
	record.handed = handed;
}

/**
 * Pure: from the tasks a walk read (newest first, perhaps some twice), the ones to hand over now,
 * oldest end first, at most `limit`; records them as handed over.
 */
export function handOver(
	tasks: SeedanceTask[],
	record: PollRecord,
	settings: PollSettings,
	nowS: number,
	startS: number,
	known: (key: string) => boolean,
	limit = pollLimits.perPoll,
): SeedanceTask[] {
	const handed = (record.handed ??= {});
	const due = new Map<string, SeedanceTask>();
	for (const task of tasks) {
		const key = dedupeKey(task);
		if (due.has(key) || key in handed || known(key) || !isDue(task, settings, nowS, startS)) continue;
		due.set(key, task);
	}
	const ended = (task: SeedanceTask) => (typeof task.updated_at === 'number' ? task.updated_at : (task.created_at ?? 0));
	const picked = [...due.values()].sort((a, b) => ended(a) - ended(b)).slice(0, limit);
	for (const task of picked) handed[dedupeKey(task)] = typeof task.created_at === 'number' ? task.created_at : nowS;
	// Assigned again, so that n8n sees the static data changed (it watches the record, not what is
	// inside a member added to it) and saves it with this poll's emission.
	record.handed = handed;
	return picked;
}

function settingsOf(context: IPollFunctions | IExecuteFunctions, mode: TriggerMode): PollSettings {
	const value = (name: string, fallback: unknown) =>
		'getInputData' in context ? context.getNodeParameter(name, 0, fallback) : context.getNodeParameter(name, fallback);
	return pollSettings(mode, {
		statuses: value('statuses', DEFAULT_STATUSES),
		models: value('models', ''),
		lookBackHours: value('lookBackHours', POLL_DEFAULTS.lookBackHours),
		graceMinutes: value('graceMinutes', POLL_DEFAULTS.graceMinutes),
	});
}

/** For a test run: the newest task of the first page that a poll would hand over, ignoring what was handed over before. */
export async function newestDueTask(context: IExecuteFunctions, session: ApiSession): Promise<SeedanceTask | undefined> {
	const settings = settingsOf(context, 'polling');
	if (settings.statuses.length === 0) return undefined;
	const nowS = Math.floor(session.http.clock.now() / 1000);
	const page = await session.taskList.page({ page_num: 1, page_size: pollLimits.pageSize }, LIST_SETTINGS);
	return page.items.find((task) => isDue(task, settings, nowS, nowS - settings.lookBackS));
}

/** One poll: null when there is nothing to hand over (n8n then starts no execution). */
export async function pollTasks(context: IPollFunctions, mode: TriggerMode): Promise<INodeExecutionData[][] | null> {
	const settings = settingsOf(context, mode);
	if (settings.statuses.length === 0) return null;
	const { clock } = clockSeam;
	const nowS = Math.floor(clock.now() / 1000);
	const windowStartS = nowS - settings.lookBackS;
	const scope = seenScope(context.getWorkflow().id, context.getNode().id);
	const record = context.getWorkflowStaticData('node') as PollRecord;
	const startS = pollStart(record, scope, context.getActivationMode(), nowS, windowStartS);

	// One status chosen: the list can filter by it; several: one walk, filtered here.
	const query: IDataObject = { page_size: pollLimits.pageSize };
	if (settings.statuses.length === 1) query['filter.status'] = settings.statuses[0];
	const read: SeedanceTask[] = [];
	const { taskList } = newApiSession(context, clock);
	await taskList.walk(query, LIST_SETTINGS, pollLimits.maxPages, ({ items }) => {
		read.push(...items);
		const oldest = items[items.length - 1]?.created_at;
		return items.length < pollLimits.pageSize || (typeof oldest === 'number' && oldest < windowStartS);
	});
	forgetOld(record, windowStartS);
	const inWindow = read.filter((task) => typeof task.created_at !== 'number' || task.created_at >= windowStartS);
	const picked = handOver(inWindow, record, settings, nowS, startS, (key) => isRemembered(scope, key));
	if (picked.length === 0) return null;
	return [picked.map((task) => ({ json: { task: task as IDataObject, confirmed: true } }))];
}
