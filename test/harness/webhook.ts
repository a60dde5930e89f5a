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
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { core } from './core';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HARNESS_NODE_ID, HarnessNodeTypes, latestVersion } from './node-types';

export interface WebhookCall {
	nodeType: INodeType | IVersionedNodeType;
	nodeTypeName: string;
	/** Default: the type's latest version. */
	typeVersion?: number;
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
	const typeVersion = call.typeVersion ?? latestVersion(call.nodeType);
	const nodeType = NodeHelpers.getVersionedNodeType(call.nodeType, typeVersion);
	const { description } = nodeType;
	const node: INode = {
		// The id and workflow id runNode gives the node: n8n's deduplication scope is per node.
		id: HARNESS_NODE_ID,
		name: description.defaults.name ?? description.displayName,
		type: call.nodeTypeName,
		typeVersion,
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
	const result = await nodeType.webhook!.call(context);
	return { result, sent };
}

/** A turn of the event loop: where n8n's database store awaits a query. */
const query = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * n8n's DataDeduplicationService over a Map, with the CLI's database store's shape (n8n's
 * deduplication-helper.js, mode 'entries'): one row per scope holding every recorded value; each
 * call reads the row, changes its own copy and writes the whole row back, awaiting each query, with
 * no lock. So, as in n8n, two calls at once can both answer a value as new, and the later write
 * drops what the earlier one added; and a value twice in one call is new twice.
 */
class MemoryDeduplicator implements IDataDeduplicator {
	readonly rows = new Map<string, string[]>();
	/** The type of the node each row belongs to (a test of one node reads only its rows). */
	readonly rowNodeTypes = new Map<string, string | undefined>();
	/** Reads that wait for company: see overlapNext(). */
	private gathering?: { want: number; waiting: Array<() => void> };

	/**
	 * The next `calls` calls read the row together: each read waits until that many are waiting, or
	 * `limitMs` (real time) passed, so calls that can overlap really do (n8n's queries take
	 * milliseconds; the stand-in's take a turn of the event loop).
	 */
	overlapNext(calls: number, limitMs = 300): void {
		const gathering = { want: calls, waiting: [] as Array<() => void> };
		this.gathering = gathering;
		setTimeout(() => this.release(gathering), limitMs).unref();
	}

	private release(gathering: { waiting: Array<() => void> }) {
		if (this.gathering === gathering) this.gathering = undefined;
		for (const go of gathering.waiting.splice(0)) go();
	}

	// The harness gives every node under test the same id: its type stands in for what tells two nodes apart.
	private scopeKey(scope: string, data: { node?: INode; workflow: { id: string } }) {
		return scope === 'node' ? `${data.workflow.id}:${data.node?.id}:${data.node?.type}` : data.workflow.id;
	}

	private async read(key: string): Promise<string[] | undefined> {
		await query();
		const gathering = this.gathering;
		if (gathering) {
			await new Promise<void>((resolve) => {
				gathering.waiting.push(resolve);
				if (gathering.waiting.length >= gathering.want) this.release(gathering);
			});
		}
		const row = this.rows.get(key);
		return row ? [...row] : undefined;
	}

	private async write(key: string, row: string[]): Promise<void> {
		await query();
		this.rows.set(key, row);
	}

	async checkProcessedAndRecord(items: unknown[], scope: any, data: any, options: any) {
		const key = this.scopeKey(scope, data);
		this.rowNodeTypes.set(key, data.node?.type);
		const row = (await this.read(key)) ?? [];
		const before = new Set(row);
		const fresh: any[] = [];
		const processed: any[] = [];
		for (const item of items) {
			if (before.has(String(item))) processed.push(item);
			else {
				fresh.push(item);
				row.push(String(item));
			}
		}
		if (options?.maxEntries) row.splice(0, Math.max(0, row.length - options.maxEntries));
		await this.write(key, row);
		return { new: fresh, processed };
	}

	async removeProcessed(items: unknown[], scope: any, data: any) {
		const key = this.scopeKey(scope, data);
		const row = await this.read(key);
		if (!row) return;
		await this.write(key, row.filter((value) => !items.map(String).includes(value)));
	}

	async clearAllProcessedItems(scope: any, data: any) {
		this.rows.delete(this.scopeKey(scope, data));
	}

	async getProcessedDataCount(scope: any, data: any) {
		return this.rows.get(this.scopeKey(scope, data))?.length ?? 0;
	}
}

let deduplicator: MemoryDeduplicator | undefined;

/** Initialises n8n-core's DataDeduplicationService once per jest file; clear() empties its store. */
export async function useMemoryDeduplication(): Promise<{
	clear(): void;
	count(nodeType?: string): number;
	recorded(nodeType?: string): string[];
	overlapNext(calls: number, limitMs?: number): void;
}> {
	if (!deduplicator) {
		deduplicator = new MemoryDeduplicator();
		await core().DataDeduplicationService.init(deduplicator);
	}
	const store = deduplicator;
	/** What is recorded, by every node or by the nodes of one type. */
	const recorded = (nodeType?: string) =>
		[...store.rows].filter(([key]) => nodeType === undefined || store.rowNodeTypes.get(key) === nodeType).flatMap(([, row]) => row);
	return {
		clear: () => {
			store.rows.clear();
			store.rowNodeTypes.clear();
		},
		count: (nodeType) => recorded(nodeType).length,
		recorded,
		overlapNext: (calls, limitMs) => store.overlapNext(calls, limitMs),
	};
}
