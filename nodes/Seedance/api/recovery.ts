/**
 * Create recovery: when a create's answer is lost, find the task that this item's request made,
 * and only that one. The item sends a seed of its own (when the user left the seed to the API) and
 * a task is adopted only when it echoes that exact seed, the model and every setting we sent. A
 * final from a 2.5 draft sends no seed (the draft fixed it): it is recognised by the draft it names
 * and by being made after it was sent. A candidate that lacks a compared field is ambiguous and
 * never adopted.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RequestSettings } from '../http/attempt';
import { findModel } from '../request/models';
import type { CreateTaskBody } from '../request/body';
import type { SeedanceTask } from './taskObject';
import type { ApiSession } from './session';

/** How recovery looks. A module object so tests can shrink the minute (virtual time, not thresholds). */
export const recoveryTiming = {
	/** Look again over this long before concluding that no task exists. */
	lookSpanMs: 60_000,
	lookEveryMs: 5_000,
	/**
	 * How far the server's clock may be from ours. It never rules out a task that echoes our seed
	 * (that one is ours whatever its created_at says); it bounds how far back the list is read and
	 * which other candidates are reported. A minute off is seen in the wild; tests use three.
	 */
	clockSkewS: 300,
	pageSize: 100,
	maxPages: 20,
};

/** Every Seedance version accepts 0…2^31-1 (2.x: -1…2^31-1), the range the API draws from itself. */
const SEED_RANGE = 2 ** 31;

export function randomSeed(random: () => number = Math.random): number {
	return Math.floor(random() * SEED_RANGE);
}

/** Settings the task object echoes: a sent one that differs rules a task out, a missing one makes it ambiguous. */
const ECHOED_FIELDS = [
	'seed',
	'resolution',
	'ratio',
	'duration',
	'frames',
	'service_tier',
	'execution_expires_after',
	'generate_audio',
	'draft',
] as const;

/**
 * Values that ask the model to choose (`ratio: adaptive`, `duration: -1`, `seed: -1`): the task
 * echoes what it chose, so they say nothing about which task is ours.
 */
function letsModelChoose(field: string, value: unknown): boolean {
	return value === -1 || (field === 'ratio' && value === 'adaptive');
}

/** What only this item's create sent, to recognise its task by. */
export interface Fingerprint {
	model: string;
	/** Our recovery seed; undefined when the user fixed it, the model takes none, or a final from a draft. */
	seed?: number;
	/** A final from a 2.5 draft: the draft it names (the task echoes it as `draft_task_id`). */
	draftTaskId?: string;
	/** The echoed settings as sent, without our recovery seed (a seed the user fixed is a setting like any other). */
	fields: Record<string, unknown>;
	/** When the create was sent, in server seconds (our clock). */
	sentAtS: number;
}

/**
 * The body as sent: a user's fixed seed is kept; otherwise (unset or -1) a random seed replaces the
 * API's own random choice, with the same distribution. In "prompt commands" mode it goes into the
 * prompt as `--seed N`, like the other settings there. The pure builder stays untouched.
 */
export function withRecoverySeed(
	body: CreateTaskBody,
	seed: number | undefined,
	asCommands: boolean,
): { body: CreateTaskBody; seed?: number } {
	if (seed === undefined) return { body };
	if (!asCommands) {
		if (body.seed !== undefined && body.seed !== -1) return { body };
		return { body: { ...body, seed }, seed };
	}
	const content = [...body.content];
	const textIndex = content.findIndex((item) => item.type === 'text');
	const text = textIndex === -1 ? '' : (content[textIndex] as { text: string }).text;
	const fixed = /(^|\s)--seed\s+(\d+)(?=\s|$)/.exec(text);
	if (fixed) return { body };
	const withSeed = /(^|\s)--seed\s+-1(?=\s|$)/.test(text)
		? text.replace(/(^|\s)--seed\s+-1(?=\s|$)/, `$1--seed ${seed}`)
		: [text, `--seed ${seed}`].filter((part) => part !== '').join(' ');
	if (textIndex === -1) content.unshift({ type: 'text', text: withSeed });
	else content[textIndex] = { type: 'text', text: withSeed };
	return { body: { ...body, content }, seed };
}

/** The draft a "final from a draft" body names, if it is one. */
export function draftTaskOf(body: CreateTaskBody): string | undefined {
	const item = body.content.find((entry) => entry.type === 'draft_task');
	return item?.type === 'draft_task' ? item.draft_task.id : undefined;
}

export function fingerprintOf(sent: CreateTaskBody, seed: number | undefined, sentAtS: number): Fingerprint {
	const fields: Record<string, unknown> = {};
	for (const field of ECHOED_FIELDS) {
		const value = sent[field];
		if (value !== undefined && !letsModelChoose(field, value)) fields[field] = value;
	}
	if (seed !== undefined) delete fields.seed; // ours: the identity below, not a setting
	return { model: sent.model, seed, draftTaskId: draftTaskOf(sent), fields, sentAtS };
}

export type Verdict = 'match' | 'ambiguous' | 'other';

function sameModel(taskModel: string, ours: string): boolean {
	return (findModel(taskModel)?.id ?? taskModel) === (findModel(ours)?.id ?? ours);
}

const absent = (value: unknown) => value === undefined || value === null;

/** Pure: does the task echo the model and every setting sent? `unknown` when it lacks one of them. */
export function sameRequest(task: SeedanceTask, print: Fingerprint): 'same' | 'unknown' | 'different' {
	let unknown = false;
	// An endpoint's tasks report the underlying model's name: the endpoint id can't be compared.
	if (!print.model.startsWith('ep-')) {
		if (typeof task.model !== 'string' || task.model === '') unknown = true;
		else if (!sameModel(task.model, print.model)) return 'different';
	}
	for (const [field, value] of Object.entries(print.fields)) {
		if (absent(task[field])) unknown = true;
		else if (task[field] !== value) return 'different';
	}
	return unknown ? 'unknown' : 'same';
}

/** Created no earlier than the create was sent, give or take the clocks; unknown without created_at. */
function madeSince(task: SeedanceTask, print: Fingerprint, windowS: number): 'yes' | 'unknown' | 'no' {
	if (typeof task.created_at !== 'number') return 'unknown';
	return task.created_at >= print.sentAtS - windowS ? 'yes' : 'no';
}

/** Whether the task is the one this item's create made, whatever its settings say. */
function identity(task: SeedanceTask, print: Fingerprint, windowS: number): 'ours' | 'unknown' | 'other' {
	if (print.seed !== undefined) {
		if (absent(task.seed)) return 'unknown';
		return task.seed === print.seed ? 'ours' : 'other';
	}
	if (print.draftTaskId !== undefined) {
		if (absent(task.draft_task_id)) return 'unknown';
		if (task.draft_task_id !== print.draftTaskId) return 'other';
		// Finals of one draft share everything: only one made since the create was sent can be ours.
		const since = madeSince(task, print, windowS);
		return since === 'yes' ? 'ours' : since === 'no' ? 'other' : 'unknown';
	}
	return 'unknown'; // a seed the user fixed, or none: nothing is unique
}

/**
 * Pure: is this task the one our create made? A task that echoes our seed, the model and every
 * setting is ours whatever the clocks say. Candidates that can't be told apart (a field missing, a
 * fixed seed) are ambiguous when they were made around the create, and never adopted.
 */
export function compareTask(task: SeedanceTask, print: Fingerprint, windowS = recoveryTiming.clockSkewS): Verdict {
	const request = sameRequest(task, print);
	if (request === 'different') return 'other';
	const ours = identity(task, print, windowS);
	if (ours === 'other') return 'other';
	if (ours === 'ours') return request === 'same' ? 'match' : 'ambiguous';
	return madeSince(task, print, windowS) === 'no' ? 'other' : 'ambiguous';
}

export interface LookResult {
	matches: SeedanceTask[];
	ambiguous: SeedanceTask[];
	/** Whether the list reached tasks older than the window (or its end), with the filters honoured. */
	complete: boolean;
	/** Set when a relay ignored the query string (paging or filters). */
	ignoredQuery?: string;
	/** How long the looks went on. */
	lookedMs: number;
}

/** Tasks already known to be other items' of this run: never this item's, never reported as maybe its. */
export type Claimed = (taskId: string) => boolean;

/** One look: the list, newest first, paged until tasks are older than the window. */
async function lookOnce(
	session: ApiSession,
	print: Fingerprint,
	settings: RequestSettings,
	claimed: Claimed,
): Promise<Omit<LookResult, 'lookedMs'>> {
	const { pageSize, maxPages, clockSkewS } = recoveryTiming;
	const qs: IDataObject = { page_size: pageSize };
	// Ark accepts filter.model only with an endpoint id; for a model name the check is ours.
	if (print.model.startsWith('ep-')) qs['filter.model'] = print.model;
	if (typeof print.fields.service_tier === 'string') qs['filter.service_tier'] = print.fields.service_tier;
	const matches: SeedanceTask[] = [];
	const ambiguous: SeedanceTask[] = [];
	const seen = new Set<string>();
	let ending: Pick<LookResult, 'complete' | 'ignoredQuery'> = { complete: false };
	await session.taskList.walk(qs, settings, maxPages, ({ items, total, pageNum }) => {
		// A short page while `total` says more exist: the page size was not honoured.
		const shortPage = items.length < pageSize && total > (pageNum - 1) * pageSize + items.length;
		const ignored =
			items.length > pageSize || shortPage
				? 'page_size'
				: pageNum > 1 && items.length > 0 && seen.has(items[0].id)
					? 'page_num'
					: typeof qs['filter.service_tier'] === 'string' &&
						  items.some((t) => t.service_tier !== undefined && t.service_tier !== qs['filter.service_tier'])
						? 'filter.service_tier'
						: undefined;
		for (const task of items) {
			if (seen.has(task.id)) continue;
			seen.add(task.id);
			if (claimed(task.id)) continue;
			const verdict = compareTask(task, print, clockSkewS);
			if (verdict === 'match') matches.push(task);
			if (verdict === 'ambiguous') ambiguous.push(task);
		}
		if (ignored) {
			ending = { complete: false, ignoredQuery: ignored };
			return true;
		}
		const oldest = items[items.length - 1]?.created_at;
		const pastWindow = typeof oldest === 'number' && oldest < print.sentAtS - clockSkewS;
		if (items.length < pageSize || pastWindow) {
			ending = { complete: true };
			return true;
		}
		return false;
	});
	return { matches, ambiguous, ...ending };
}

/**
 * Looks for the task, again and again over `lookSpanMs` (a create the upstream commits after a
 * gateway gave up appears late), until exactly one task matches. Throws when the list can't be read.
 */
export async function lookForTask(
	session: ApiSession,
	print: Fingerprint,
	settings: RequestSettings,
	claimed: Claimed = () => false,
): Promise<LookResult> {
	const { clock } = session.http;
	const started = clock.now();
	return await session.http.retrying({ retries: 0 }, async () => {
		const look = await lookOnce(session, print, settings, claimed);
		const lookedMs = clock.now() - started;
		const settledNow = look.matches.length > 0 || look.ignoredQuery !== undefined;
		if (settledNow || lookedMs >= recoveryTiming.lookSpanMs) return { type: 'done', value: { ...look, lookedMs } };
		return { type: 'again', afterMs: Math.min(recoveryTiming.lookEveryMs, recoveryTiming.lookSpanMs - lookedMs) };
	});
}
