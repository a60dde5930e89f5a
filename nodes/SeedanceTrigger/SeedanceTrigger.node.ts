import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { costOfTask, type Pricing } from '../Seedance/api/pricing';
import { newApiSession } from '../Seedance/api/session';
import { getTask } from '../Seedance/api/tasks';
import { asTask, TASK_STATUSES, type SeedanceTask } from '../Seedance/api/taskObject';
import { readCommonOptions } from '../Seedance/form/readers';
import { toNodeError } from '../Seedance/output/nodeError';
import { videoBinary } from '../Seedance/output/taskItem';
import { taskJson } from '../Seedance/output/taskView';
import { settled } from '../Seedance/shared/async';
import { clockSeam } from '../Seedance/shared/clock';
import { SeedanceApiFailure, SeedanceInputError } from '../Seedance/shared/errors';
import { dedupeKey, DEFAULT_STATUSES, readCallback } from './callback';

/**
 * How long the webhook spends confirming before it answers: the API retries a succeeded/failed
 * callback that has no 2xx within 5 s, so the answer must leave well before that.
 */
export const triggerTiming = { confirmBudgetMs: 3_000 };

/** Remembered task+status pairs (n8n keeps them in its database, across restarts and workers). */
const DEDUPE_MAX_ENTRIES = 10_000;

function isUnknownTask(error: unknown): boolean {
	const code = error instanceof SeedanceApiFailure ? error.info.httpCode : undefined;
	return code === 404;
}

/**
 * Two halves, both n8n's own paths: `webhook()` runs where the POST arrives (the main process, or
 * the webhook processor in queue mode) and only turns away what is not a callback of ours, within
 * the API's 5 s; `execute()` runs in the execution (a worker in queue mode) with the items
 * `webhook()` emitted: it confirms what the webhook could not in time, filters, drops duplicates
 * (n8n's deduplication store, which survives restarts; webhook-time static data does not: n8n
 * reloads it from the database for every request and execution) and downloads.
 */
export class SeedanceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Seedance Trigger',
		name: 'seedanceTrigger',
		icon: { light: 'file:seedance.svg', dark: 'file:seedance.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "on " + $parameter["statuses"].join(", ") }}',
		description: 'Starts the workflow when Seedance calls back with a finished video task (no polling)',
		defaults: { name: 'Seedance Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seedanceApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'seedance' }],
		properties: [
			{
				displayName:
					'Copy this node\'s Production URL (above) into the Seedance node\'s Options → Callback URL, and activate this workflow. With a Token set, add <code>?token=</code> and the token to the URL.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: TASK_STATUSES.filter((s) => s !== 'cancelled').map((s) => ({
					name: s.charAt(0).toUpperCase() + s.slice(1),
					value: s,
				})),
				default: ['succeeded', 'failed'],
				description: 'Which task statuses start the workflow; other callbacks are answered and dropped',
			},
			{
				displayName: 'Confirm With Seedance',
				name: 'confirm',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each task from Seedance with the credential before emitting it. Callbacks are unsigned: off, a forged POST could put any video URL into the workflow.',
			},
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'If set, only POSTs whose URL carries ?token= followed by this token are taken; others get HTTP 403',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return the main fields with stable names instead of the raw task object',
			},
			{
				displayName: 'Download Video',
				name: 'downloadVideo',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the video of a succeeded task as binary data',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { downloadVideo: [true] } },
				hint: 'The name of the output binary field to put the video in',
			},
		],
	};

	/**
	 * Nothing to register: Seedance has no webhook subscription API; the URL travels with each
	 * create request (callback_url). n8n still calls these on activation, so they answer plainly.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const statuses = this.getNodeParameter('statuses', DEFAULT_STATUSES) as string[];
		const verdict = readCallback(this.getBodyData(), this.getQueryData() as Record<string, unknown>, {
			token: String(this.getNodeParameter('token', '')),
			statuses,
		});
		if (verdict.type === 'reject') {
			res.status(verdict.httpCode).json({ error: verdict.message });
			return { noWebhookResponse: true };
		}
		if (verdict.type === 'ignore') {
			res.status(200).json({ received: true, emitted: false });
			return { noWebhookResponse: true };
		}
		if (!(this.getNodeParameter('confirm', true) as boolean)) {
			return { workflowData: [[{ json: { task: verdict.task as IDataObject, confirmed: false } }]] };
		}
		// Confirm now when the API answers in time (an unknown task then gets its 404 here); a slow
		// answer is left to execute(), which confirms again before anything is emitted.
		const { clock } = clockSeam;
		const { http } = newApiSession(this, clock);
		const reading = settled(
			getTask(http, verdict.taskId, { retries: 0, rateLimitSpanMs: 0, requestTimeoutMs: triggerTiming.confirmBudgetMs }),
		);
		const first = await Promise.race([reading, clock.sleep(triggerTiming.confirmBudgetMs).then(() => undefined)]);
		if (first?.ok === false && isUnknownTask(first.error)) {
			res.status(404).json({ error: `Unknown task ${verdict.taskId}` });
			return { noWebhookResponse: true };
		}
		if (first?.ok === true) {
			if (!statuses.includes(first.value.status)) {
				res.status(200).json({ received: true, emitted: false });
				return { noWebhookResponse: true };
			}
			return { workflowData: [[{ json: { task: first.value as IDataObject, confirmed: true } }]] };
		}
		return { workflowData: [[{ json: { task: { id: verdict.taskId, status: verdict.status }, confirmed: false } }]] };
	}

	/** Runs in the execution with the items webhook() emitted (n8n runs execute() before webhook pass-through). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const session = newApiSession(this, clockSeam.clock);
		const { http } = session;
		const statuses = this.getNodeParameter('statuses', 0, DEFAULT_STATUSES) as string[];
		const confirm = this.getNodeParameter('confirm', 0, true) as boolean;
		const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
		const download = this.getNodeParameter('downloadVideo', 0, false) as boolean;
		const settings = readCommonOptions({ binaryPropertyName: this.getNodeParameter('binaryPropertyName', 0, 'data') });
		const found: Array<{ task: SeedanceTask; itemIndex: number }> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const { task: sent, confirmed } = items[itemIndex].json as { task?: unknown; confirmed?: boolean };
			let task: SeedanceTask;
			try {
				task = asTask(sent);
				if (confirm && confirmed !== true) {
					const read = await settled(getTask(http, task.id, settings));
					if (!read.ok && isUnknownTask(read.error)) continue; // forged or deleted: nothing to emit
					if (!read.ok) throw read.error;
					task = read.value;
				}
			} catch (error) {
				throw toNodeError(node, error, itemIndex);
			}
			if (statuses.includes(task.status)) found.push({ task, itemIndex });
		}
		if (found.length === 0) return [[]];
		const keys = found.map(({ task }) => dedupeKey(task));
		const fresh = new Set(
			(await this.helpers.checkProcessedAndRecord(keys, 'node', { mode: 'entries', maxEntries: DEDUPE_MAX_ENTRIES })).new.map(String),
		);
		// A finished task is never held back for its cost: without the prices, the cost says so.
		const pricing: Pricing = await session.pricing().catch((error: Error) => ({
			ok: false as const,
			refusal: new SeedanceInputError(`the credential could not be read (${error.message})`, ''),
		}));
		const out: INodeExecutionData[] = [];
		for (const { task, itemIndex } of found) {
			const key = dedupeKey(task);
			if (!fresh.delete(key)) continue; // seen before, here or in an earlier execution
			const item: INodeExecutionData = { json: taskJson(task, simplify, costOfTask(pricing, task)), pairedItem: { item: itemIndex } };
			const url = task.content?.video_url;
			if (download && task.status === 'succeeded' && typeof url === 'string' && url !== '') {
				try {
					item.binary = { [settings.binaryPropertyName]: await videoBinary(this, http, task, url, settings) };
				} catch (error) {
					throw toNodeError(node, error, itemIndex);
				}
			}
			out.push(item);
		}
		return [out];
	}
}
