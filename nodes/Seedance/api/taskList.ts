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

interface Reader {
	read: PageReader;
	resolve: () => void;
	reject: (error: unknown) => void;
}

interface Walk {
	query: IDataObject;
	/** The first reader's (Retries, Request Timeout): every reader's calls are reads. */
	settings: RequestSettings;
	maxPages: number;
	readers: Reader[];
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
	if (!walks) waitingWalks.set(context, (walks = new Map()));
	const key = JSON.stringify({ query, maxPages });
	const waiting = walks.get(key);
	const walk = waiting ?? { query, settings, maxPages, readers: [] };
	const reading = new Promise<void>((resolve, reject) => walk.readers.push({ read, resolve, reject }));
	if (!waiting) {
		walks.set(key, walk);
		void runWalk(context, walks, key, walk);
	}
	await reading;
}

async function runWalk(context: IExecuteFunctions, walks: Map<string, Walk>, key: string, walk: Walk): Promise<void> {
	const paced = listPacer(context);
	// Its turn came (or never will): later readers start a walk of their own.
	const close = () => {
		if (walks.get(key) === walk) walks.delete(key);
	};
	// Until the first page's turn this is the array readers join; after it, those still reading.
	let reading = walk.readers;
	try {
		for (let pageNum = 1; pageNum <= walk.maxPages && reading.length > 0; pageNum++) {
			const answer = await paced(async () => {
				close();
				return await seedanceRequest.call(context, {
					method: 'GET',
					path: TASKS_PATH,
					qs: { ...walk.query, page_num: pageNum },
					kind: 'read',
					retries: walk.settings.retries,
					rateLimitSpanMs: walk.settings.rateLimitSpanMs,
					timeoutMs: walk.settings.requestTimeoutMs,
				});
			});
			const page = { ...asTaskList(answer), pageNum };
			reading = reading.filter((reader) => {
				if (!reader.read(page)) return true;
				reader.resolve();
				return false;
			});
		}
		for (const reader of reading) reader.resolve(); // the pages ran out
	} catch (error) {
		close();
		for (const reader of reading) reader.reject(error);
	}
}
