import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { toNodeError } from '../Seedance/output/nodeError';
import { SeedanceInputError } from '../Seedance/shared/errors';
import { emitTasks } from './emit';
import { pollTasks } from './poll';
import { DEFAULT_MODE, v1_1Properties, type TriggerMode } from './properties';
import { callbackWebhook, webhookMethods } from './webhook';

/**
 * Version 1.1: a Mode. Callbacks (version 1's behaviour), Callbacks and Polling (the default, the
 * recommended setup for batches: the poll catches every task whose callback never arrived), or
 * Polling Only (no webhook is registered: n8n registers none when its method is empty).
 *
 * n8n activates both halves of a node type that has webhooks and a poll: webhook() where the POST
 * arrives, poll() on the leader main every Poll Times. Both only hand tasks over; `execute()`
 * (emit.ts), in the execution, confirms, downloads and asks n8n's deduplication store, which both
 * paths share, so each task+status is emitted once whichever path saw it first.
 *
 * Unlike version 1, webhook() reads nothing from Seedance: in a webhook, reading the credential
 * costs n8n another expression isolate and a database read (about 110 ms of CPU per callback,
 * measured), on the process that must answer a burst of callbacks within the API's 5 s. The
 * execution confirms instead, where the credential comes with the execution's own isolate. So an
 * unknown task id is answered 200 (not 404) and its execution emits nothing.
 */
export class SeedanceTriggerV1_1 implements INodeType {
	description: INodeTypeDescription;

	constructor(base: INodeTypeBaseDescription) {
		this.description = {
			...base,
			version: 1.1,
			subtitle: '={{ "on " + $parameter["statuses"].join(", ") }}',
			defaults: { name: 'Seedance Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'seedanceApi', required: true }],
			polling: true,
			webhooks: [
				{
					name: 'default',
					httpMethod: '={{ $parameter["mode"] === "polling" ? "" : "POST" }}',
					responseMode: 'onReceived',
					path: 'seedance',
				},
			],
			properties: v1_1Properties,
		};
	}

	webhookMethods = webhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = callbackWebhook(this);
		if (read.type === 'answered') return read.answer;
		const { verdict } = read;
		// Confirm on: only the id and the claimed status go on, nothing else of an unverified body.
		const confirm = this.getNodeParameter('confirm', true) as boolean;
		const task = confirm ? { id: verdict.taskId, status: verdict.status } : verdict.task;
		return { workflowData: [[{ json: { task: task as IDataObject, confirmed: false } }]] };
	}

	/** Callbacks mode has nothing to poll: n8n polls every node type that can, so this answers at once. */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const mode = this.getNodeParameter('mode', DEFAULT_MODE) as TriggerMode;
		if (mode === 'callbacks') return null;
		try {
			return await pollTasks(this, mode);
		} catch (error) {
			if (error instanceof SeedanceInputError) throw new NodeOperationError(this.getNode(), error.message, { description: error.description });
			throw toNodeError(this.getNode(), error, 0);
		}
	}

	/** Runs in the execution with the items webhook() or poll() handed over. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await emitTasks(this);
	}
}
