/**
 * Reading the task list: BytePlus allows one list call a second, so every list call of an
 * execution goes through one pacer (the batch wait's rounds, recovery looks, a Retry finding its
 * tasks), and items that walk the list at the same time share one walk.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestSettings } from './settings';
import { pause } from '../shared/async';
import { asTaskList, TASKS_PATH, type SeedanceTask } from './taskObject';
import { cancelSignal, ExecutionCancelledError, seedanceRequest } from './transport';

/** A module object so tests can shrink the gap (virtual time, not thresholds). */
export const listTiming = {
	/** BytePlus allows one list call per second. */
	gapMs: 1_000,
};

export type Paced = <T>(call: () => Promise<T>) => Promise<T>;

const listTurns = new WeakMap<object, { lastEndMs: number; queue: Promise<unknown> }>();

/**
 * Paces list calls: each starts `listTiming.gapMs` after the previous one ended (so the provider sees at
 * most one a second whatever the latency). One pacer per execution, shared by every item's
 * recovery looks and the batch wait: with items in flight together, list calls still go one by one.
 */
export function listPacer(context: IExecuteFunctions, now: () => number = Date.now): Paced {
	let turns = listTurns.get(context);
	if (!turns) {
		turns = { lastEndMs: -Infinity, queue: Promise.resolve() };
		listTurns.set(context, turns);
	}
	const shared = turns;
	return async <T>(call: () => Promise<T>): Promise<T> => {
		const turn = shared.queue.then(async () => {
			const wait = shared.lastEndMs + listTiming.gapMs - now();
			if (wait > 0 && !(await pause(wait, cancelSignal(context)))) throw new ExecutionCancelledError();
			try {
				return await call();
			} finally {
				shared.lastEndMs = now();
			}
		});
		shared.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	};
}

/** A page of the task list as a walk hands it to each reader: answers true when the reader has seen enough. */
export type PageReader = (page: { items: SeedanceTask[]; total: number; pageNum: number }) => boolean;

interface Walk {
	readers: Array<{ read: PageReader; done: boolean; resolve: () => void; reject: (error: unknown) => void }>;
}

/** Walks waiting for their first page's turn, per execution and query: a reader that comes meanwhile joins. */
const waitingWalks = new WeakMap<object, Map<string, Walk>>();

/**
 * Reads the task list newest first, page by page, until `read` has seen enough (or `maxPages`).
 * Every item of a run that looks at the list at the same time shares one walk: readers that ask
 * while a walk waits for its turn at the list pacer join it, and each page goes to every reader
 * still reading. A gateway that drops the answers of a whole burst of creates costs a few list
 * calls, not one walk per item (BytePlus allows one list call a second).
 */
export async function walkTaskList(
	context: IExecuteFunctions,
	query: IDataObject,
	settings: RequestSettings,
	maxPages: number,
	read: PageReader,
): Promise<void> {
	let walks = waitingWalks.get(context);
	if (!walks) {
		walks = new Map();
		waitingWalks.set(context, walks);
	}
	const key = JSON.stringify({ query, maxPages });
	let walk = walks.get(key);
	const joined = !!walk;
	walk ??= { readers: [] };
	const reading = new Promise<void>((resolve, reject) => walk.readers.push({ read, done: false, resolve, reject }));
	if (!joined) {
		walks.set(key, walk);
		void runWalk(context, walks, key, walk, query, settings, maxPages);
	}
	await reading;
}

async function runWalk(
	context: IExecuteFunctions,
	walks: Map<string, Walk>,
	key: string,
	walk: Walk,
	query: IDataObject,
	settings: RequestSettings,
	maxPages: number,
): Promise<void> {
	const paced = listPacer(context);
	const reading = () => walk.readers.filter((reader) => !reader.done);
	const finish = (reader: Walk['readers'][number]) => {
		reader.done = true;
		reader.resolve();
	};
	try {
		for (let pageNum = 1; pageNum <= maxPages && reading().length > 0; pageNum++) {
			const answer = await paced(async () => {
				if (walks.get(key) === walk) walks.delete(key); // its turn came: later readers start a walk of their own
				return await seedanceRequest.call(context, {
					method: 'GET',
					path: TASKS_PATH,
					qs: { ...query, page_num: pageNum },
					kind: 'read',
					retries: settings.retries,
					rateLimitSpanMs: settings.rateLimitSpanMs,
					timeoutMs: settings.requestTimeoutMs,
				});
			});
			const page = { ...asTaskList(answer), pageNum };
			for (const reader of reading()) if (reader.read(page)) finish(reader);
		}
		for (const reader of reading()) finish(reader); // the pages ran out
	} catch (error) {
		if (walks.get(key) === walk) walks.delete(key);
		for (const reader of reading()) {
			reader.done = true;
			reader.reject(error);
		}
	}
}
