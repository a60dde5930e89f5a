/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * A trigger's webhook() through n8n-core's real WebhookContext (what n8n's WebhookService builds
 * for every POST), and n8n's data deduplication service with an in-memory store in place of the
 * CLI's database one. Stand-ins: the express request/response pair (only what webhook() reads
 * and writes), and the store.
 */
import './env';

import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataDeduplicator,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { core } from './core';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';

export interface WebhookCall {
	nodeType: INodeType;
	nodeTypeName: string;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	body: unknown;
	query?: IDataObject;
}

export interface WebhookOutcome {
	/** What webhook() returned to n8n. */
	result: IWebhookResponseData;
	/** What webhook() answered itself through the response object, if anything. */
	sent?: { status: number; body: unknown };
}

export async function callWebhook(call: WebhookCall): Promise<WebhookOutcome> {
	const { WebhookContext } = core();
	const nodeTypes = new HarnessNodeTypes(() => {}).register(call.nodeTypeName, call.nodeType, true);
	const credentialsHelper = new HarnessCredentialsHelper(call.credentialTypes, call.credentials);
	const { description } = NodeHelpers.getVersionedNodeType(call.nodeType, 1);
	const node: INode = {
		id: 'harness-trigger',
		name: description.defaults.name ?? description.displayName,
		type: call.nodeTypeName,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'harness-webhook-id',
		parameters: structuredClone(call.parameters),
		credentials: credentialsHelper.nodeCredentials(),
	};
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Webhook harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = buildAdditionalData({ credentialsHelper, executionId: 'webhook' });
	let sent: WebhookOutcome['sent'];
	const res = {
		statusCode: 200,
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			sent = { status: this.statusCode, body };
			return this;
		},
		send(body: unknown) {
			sent = { status: this.statusCode, body };
			return this;
		},
		end() {
			sent ??= { status: this.statusCode, body: undefined };
			return this;
		},
	};
	additionalData.httpRequest = { body: call.body, query: call.query ?? {}, headers: {}, params: {} } as never;
	additionalData.httpResponse = res as never;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'seedance',
		webhookDescription: description.webhooks![0],
		workflowId: 'harness-workflow',
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	// The node's parameters get their defaults as n8n's Workflow does when it loads them.
	const loaded = workflow.getNode(node.name)!;
	const context = new WebhookContext(workflow, loaded, additionalData, 'webhook', webhookData, [], null);
	const result = await call.nodeType.webhook!.call(context);
	return { result, sent };
}

/** n8n's DataDeduplicationService over a Map (the CLI's store is a database table). */
class MemoryDeduplicator implements IDataDeduplicator {
	readonly seen = new Map<string, Set<string>>();

	private scopeKey(scope: string, data: { node?: INode; workflow: { id: string } }) {
		return scope === 'node' ? `${data.workflow.id}:${data.node?.id}` : data.workflow.id;
	}

	async checkProcessedAndRecord(items: unknown[], scope: any, data: any) {
		const key = this.scopeKey(scope, data);
		const set = this.seen.get(key) ?? new Set<string>();
		this.seen.set(key, set);
		const fresh: any[] = [];
		const processed: any[] = [];
		for (const item of items) {
			if (set.has(String(item))) processed.push(item);
			else {
				set.add(String(item));
				fresh.push(item);
			}
		}
		return { new: fresh, processed };
	}

	async removeProcessed(items: unknown[], scope: any, data: any) {
		for (const item of items) this.seen.get(this.scopeKey(scope, data))?.delete(String(item));
	}

	async clearAllProcessedItems(scope: any, data: any) {
		this.seen.delete(this.scopeKey(scope, data));
	}

	async getProcessedDataCount(scope: any, data: any) {
		return this.seen.get(this.scopeKey(scope, data))?.size ?? 0;
	}
}

let deduplicator: MemoryDeduplicator | undefined;

/** Initialises n8n-core's DataDeduplicationService once per jest file; clear() empties its store. */
export async function useMemoryDeduplication(): Promise<{ clear(): void; count(): number }> {
	if (!deduplicator) {
		deduplicator = new MemoryDeduplicator();
		await core().DataDeduplicationService.init(deduplicator);
	}
	const store = deduplicator;
	return {
		clear: () => store.seen.clear(),
		count: () => [...store.seen.values()].reduce((n, s) => n + s.size, 0),
	};
}
