/**
 * Create recovery: when a create's answer is lost, find the task that this item's request made,
 * and only that one. The item sends a random seed (when the user left the seed to the API) and a
 * task is adopted only when it echoes that exact seed, the model and every setting we sent.
 * A candidate that lacks a compared field is ambiguous and never adopted.
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
	/** How far the server's clock may be from ours (widened: a minute off is seen in the wild). */
	clockSkewS: 120,
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

/** What only this item's create sent, to recognise its task by. */
export interface Fingerprint {
	model: string;
	/** Our random seed; undefined when the user fixed it or the model takes none: nothing is unique then. */
	seed?: number;
	/** The echoed settings as sent (seed included when sent). */
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

export function fingerprintOf(sent: CreateTaskBody, seed: number | undefined, sentAtS: number): Fingerprint {
	const fields: Record<string, unknown> = {};
	for (const field of ECHOED_FIELDS) if (sent[field] !== undefined && sent[field] !== -1) fields[field] = sent[field];
	if (seed !== undefined) fields.seed = seed;
	else delete fields.seed; // a fixed seed is shared by every run of the workflow: it proves nothing
	return { model: sent.model, seed, fields, sentAtS };
}

export type Verdict = 'match' | 'ambiguous' | 'other';

function sameModel(taskModel: string, ours: string): boolean {
	return (findModel(taskModel)?.id ?? taskModel) === (findModel(ours)?.id ?? ours);
}

/** Pure: is this task the one our create made? */
export function compareTask(task: SeedanceTask, print: Fingerprint, clockSkewS = recoveryTiming.clockSkewS): Verdict {
	let missing = false;
	if (typeof task.created_at === 'number' && task.created_at < print.sentAtS - clockSkewS) return 'other';
	if (typeof task.created_at !== 'number') missing = true;
	// An endpoint's tasks report the underlying model's name: the endpoint id can't be compared.
	if (!print.model.startsWith('ep-')) {
		if (typeof task.model !== 'string' || task.model === '') missing = true;
		else if (!sameModel(task.model, print.model)) return 'other';
	}
	for (const [field, value] of Object.entries(print.fields)) {
		if (task[field] === undefined || task[field] === null) missing = true;
		else if (task[field] !== value) return 'other';
	}
	return print.seed !== undefined && !missing ? 'match' : 'ambiguous';
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

/** One look: the list, newest first, paged until tasks are older than the window. */
async function lookOnce(session: ApiSession, print: Fingerprint, settings: RequestSettings): Promise<Omit<LookResult, 'lookedMs'>> {
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
export async function lookForTask(session: ApiSession, print: Fingerprint, settings: RequestSettings): Promise<LookResult> {
	const { clock } = session.http;
	const started = clock.now();
	return await session.http.retrying({ retries: 0 }, async () => {
		const look = await lookOnce(session, print, settings);
		const lookedMs = clock.now() - started;
		const settledNow = look.matches.length > 0 || look.ignoredQuery !== undefined;
		if (settledNow || lookedMs >= recoveryTiming.lookSpanMs) return { type: 'done', value: { ...look, lookedMs } };
		return { type: 'again', afterMs: Math.min(recoveryTiming.lookEveryMs, recoveryTiming.lookSpanMs - lookedMs) };
	});
}
