import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { newApiSession } from '../Seedance/api/session';
import { getTask } from '../Seedance/api/tasks';
import { settled } from '../Seedance/shared/async';
import { clockSeam } from '../Seedance/shared/clock';
import { DEFAULT_STATUSES } from './callback';
import { emitTasks, isUnknownTask } from './emit';
import { v1Properties } from './properties';
import { answered, callbackWebhook, webhookMethods } from './webhook';

/**
 * How long version 1's webhook spends confirming before it answers: the API retries a
 * succeeded/failed callback that has no 2xx within 5 s, so the answer must leave well before that.
 */
export const triggerTiming = { confirmBudgetMs: 3_000 };

/**
 * Version 1: callbacks only. `webhook()` runs where the POST arrives (the main process, or the
 * webhook processor in queue mode), turns away what is not a callback of ours and confirms the
 * task with Seedance within the API's 5 s (an unknown task gets its 404 here); `execute()` runs in
 * the execution (a worker in queue mode) with what `webhook()` emitted (emit.ts).
 */
export class SeedanceTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(base: INodeTypeBaseDescription) {
		this.description = {
			...base,
			version: 1,
			description: 'Starts the workflow when Seedance calls back with a finished video task (no polling)',
			subtitle: '={{ "on " + $parameter["statuses"].join(", ") }}',
			defaults: { name: 'Seedance Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'seedanceApi', required: true }],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'seedance' }],
			properties: v1Properties,
		};
	}

	webhookMethods = webhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = callbackWebhook(this);
		if (read.type === 'answered') return read.answer;
		const { verdict } = read;
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
			return answered(this, 404, { error: `Unknown task ${verdict.taskId}` });
		}
		if (first?.ok === true) {
			const statuses = this.getNodeParameter('statuses', DEFAULT_STATUSES) as string[];
			if (!statuses.includes(first.value.status)) return answered(this, 200, { received: true, emitted: false });
			return { workflowData: [[{ json: { task: first.value as IDataObject, confirmed: true } }]] };
		}
		return { workflowData: [[{ json: { task: { id: verdict.taskId, status: verdict.status }, confirmed: false } }]] };
	}

	/** Runs in the execution with the items webhook() emitted (n8n runs execute() before webhook pass-through). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await emitTasks(this);
	}
}
