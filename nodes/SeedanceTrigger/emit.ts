/**
 * The trigger's execution, for every version and both paths (a callback's webhook, the poll): the
 * items handed over are confirmed with Seedance where they need it, filtered, built (the video
 * downloaded) and only then recorded in n8n's deduplication store, which answers which are new. A
 * task+status is recorded once its item exists, so an execution that fails (a download, Seedance
 * unreachable) or dies records nothing: its Retry, a repeated callback or the next poll still
 * emits the task.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { costOfTask, type Pricing } from '../Seedance/api/pricing';
import { newApiSession } from '../Seedance/api/session';
import { getTask } from '../Seedance/api/tasks';
import { asTask, type SeedanceTask } from '../Seedance/api/taskObject';
import { forEachBounded } from '../Seedance/batch/pool';
import { readCommonOptions } from '../Seedance/form/readers';
import type { RequestSettings } from '../Seedance/http/attempt';
import type { SeedanceConnection } from '../Seedance/http/connection';
import { toNodeError } from '../Seedance/output/nodeError';
import { videoBinary } from '../Seedance/output/taskItem';
import { taskJson } from '../Seedance/output/taskView';
import { settled } from '../Seedance/shared/async';
import { clockSeam } from '../Seedance/shared/clock';
import { SeedanceApiFailure, SeedanceInputError } from '../Seedance/shared/errors';
import { dedupeKey, DEFAULT_STATUSES } from './callback';
import { newestDueTask } from './poll';
import { inTurn, isRemembered, MAX_REMEMBERED, remember, seenScope } from './seen';

/** Reads and downloads under way at once when many tasks arrive in one execution (a poll). */
const AT_ONCE = 4;

/** How the pairs are kept in n8n's store: as entries (hashed), the newest MAX_REMEMBERED. */
const STORE_OPTIONS = { mode: 'entries' as const, maxEntries: MAX_REMEMBERED };

/** What webhook() and poll() hand to the execution: the task, and whether it came from Seedance itself. */
export interface HandedOver {
	task?: unknown;
	/** True when the task object was read from Seedance with the credential (not taken from a POST). */
	confirmed?: boolean;
}

export function isUnknownTask(error: unknown): boolean {
	return error instanceof SeedanceApiFailure && error.info.httpCode === 404;
}

/** The first failure of `count` jobs run AT_ONCE at a time; once one fails, no new one starts. */
async function allOrFirstError(count: number, job: (index: number) => Promise<void>): Promise<void> {
	let failure: { index: number; error: unknown } | undefined;
	await forEachBounded(
		count,
		AT_ONCE,
		async (index) => {
			const outcome = await settled(job(index));
			if (!outcome.ok && (failure === undefined || index < failure.index)) failure = { index, error: outcome.error };
		},
		() => failure !== undefined,
	);
	if (failure) throw failure.error;
}

/**
 * A test run in the editor with nothing handed over (Polling Only registers no test URL to wait
 * on): the newest task the poll would hand over, to show what the workflow gets. Recorded nowhere.
 */
function isTestRun(context: IExecuteFunctions, items: INodeExecutionData[]): boolean {
	return context.getMode() === 'manual' && context.getNode().typeVersion >= 1.1 && items.every((item) => (item.json as HandedOver).task === undefined);
}

interface Wanted {
	task: SeedanceTask;
	itemIndex: number;
}

/** What Seedance says about each item's task: read again unless it came from Seedance (a forged or deleted one: nothing). */
async function confirmAll(context: IExecuteFunctions, http: SeedanceConnection, settings: RequestSettings, items: INodeExecutionData[], confirm: boolean): Promise<Array<SeedanceTask | undefined>> {
	const node = context.getNode();
	const tasks: Array<SeedanceTask | undefined> = new Array(items.length);
	await allOrFirstError(items.length, async (itemIndex) => {
		const { task: sent, confirmed } = items[itemIndex].json as HandedOver;
		try {
			const task = asTask(sent);
			if (!confirm || confirmed === true) {
				tasks[itemIndex] = task;
				return;
			}
			const read = await settled(getTask(http, task.id, settings));
			if (!read.ok && isUnknownTask(read.error)) return;
			if (!read.ok) throw read.error;
			tasks[itemIndex] = read.value;
		} catch (error) {
			throw toNodeError(node, error, itemIndex);
		}
	});
	return tasks;
}

/**
 * A video is worth not fetching twice: asks the store which pairs are new before downloading, and
 * answers those. n8n's store cannot be read without writing, so the new ones are recorded and taken
 * out again at once (in one turn): a failed download or a dead process leaves them unseen. Another
 * process's delivery of the same pair in those milliseconds is dropped; this execution emits it.
 */
async function newInStore(context: IExecuteFunctions, scope: string, keys: string[]): Promise<Set<string>> {
	const fresh = await inTurn(scope, async () => {
		const answer = await context.helpers.checkProcessedAndRecord(keys, 'node', STORE_OPTIONS);
		if (answer.new.length > 0) await context.helpers.removeProcessed(answer.new, 'node', STORE_OPTIONS);
		return new Set(answer.new.map(String));
	});
	remember(scope, keys.filter((key) => !fresh.has(key)));
	return fresh;
}

export async function emitTasks(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = context.getNode();
	const session = newApiSession(context, clockSeam.clock);
	const { http } = session;
	const testRun = isTestRun(context, context.getInputData());
	let items = context.getInputData();
	if (testRun) {
		const newest = await settled(newestDueTask(context, session));
		if (!newest.ok) throw toNodeError(node, newest.error, 0);
		items = newest.value ? [{ json: { task: newest.value as IDataObject, confirmed: true } }] : [];
	}
	const statuses = context.getNodeParameter('statuses', 0, DEFAULT_STATUSES) as string[];
	const simplify = context.getNodeParameter('simplify', 0, true) as boolean;
	const download = context.getNodeParameter('downloadVideo', 0, false) as boolean;
	const settings = readCommonOptions({ binaryPropertyName: context.getNodeParameter('binaryPropertyName', 0, 'data') });
	const scope = seenScope(context.getWorkflow().id, node.id);
	const tasks = await confirmAll(context, http, settings, items, context.getNodeParameter('confirm', 0, true) as boolean);

	// One item per task+status, the first that carries it; none the store (as this process knows) holds.
	const wanted = new Map<string, Wanted>();
	tasks.forEach((task, itemIndex) => {
		if (!task || !statuses.includes(task.status)) return;
		const key = dedupeKey(task);
		if (!wanted.has(key) && (testRun || !isRemembered(scope, key))) wanted.set(key, { task, itemIndex });
	});
	if (download && !testRun && wanted.size > 0) {
		const fresh = await newInStore(context, scope, [...wanted.keys()]);
		for (const key of [...wanted.keys()]) if (!fresh.has(key)) wanted.delete(key);
	}
	if (wanted.size === 0) return [[]];

	// A finished task is never held back for its cost: without the prices, the cost says so.
	const pricing: Pricing = await session.pricing().catch((error: Error) => ({
		ok: false as const,
		refusal: new SeedanceInputError(`the credential could not be read (${error.message})`, ''),
	}));
	const built = [...wanted].map(([key, { task, itemIndex }]) => ({
		key,
		item: { json: taskJson(task, simplify, costOfTask(pricing, task)), pairedItem: { item: itemIndex } } as INodeExecutionData,
		task,
		itemIndex,
	}));
	if (download) {
		await allOrFirstError(built.length, async (index) => {
			const { task, item, itemIndex } = built[index];
			const url = task.content?.video_url;
			if (task.status !== 'succeeded' || typeof url !== 'string' || url === '') return;
			try {
				item.binary = { [settings.binaryPropertyName]: await videoBinary(context, http, task, url, settings) };
			} catch (error) {
				throw toNodeError(node, error, itemIndex);
			}
		});
	}
	if (testRun) return [built.map(({ item }) => item)];

	// Every item is built: now record, and emit what no earlier execution did.
	const keys = built.map(({ key }) => key);
	const answer = await inTurn(scope, async () => await context.helpers.checkProcessedAndRecord(keys, 'node', STORE_OPTIONS));
	remember(scope, keys);
	const fresh = new Set(answer.new.map(String));
	return [built.filter(({ key }) => fresh.has(key)).map(({ item }) => item)];
}
