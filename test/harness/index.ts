/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Runs a node through n8n's real execution path inside jest, the route n8n's own test harness
 * takes (n8n-io/n8n packages/core/nodes-testing): a Workflow of real node JSON, run data from
 * createRunExecutionData with the start node on the execution stack, and
 * `new WorkflowExecute(additionalData, opts.mode ?? 'manual', runExecutionData).processRunExecutionData(workflow)`.
 *
 * The workflow has two nodes: a test-only source node ('test.items') that emits the given items,
 * with binary data attached through the real prepareBinaryData, connected to the node under test.
 * Stand-ins, and only these: the in-memory node types, the credentials helper, additionalData.
 *
 * Importing this module sets the environment n8n-core needs (./env) before n8n-core loads (lazily).
 * Call shutdownHarness() in afterAll so jest can exit.
 */
// First: sets the environment n8n-core reads (n8n-core itself is only required lazily, in core.ts).
import { harnessUserFolder } from './env';

import { rmSync } from 'node:fs';

import {
	ExecutionCancelledError,
	Expression,
	ExpressionError,
	ManualExecutionCancelledError,
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	NodeSslError,
	TimeoutExecutionCancelledError,
	Workflow,
	WorkflowOperationError,
	createRunExecutionData,
	type ExecutionStatus,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IRunData,
	type IVersionedNodeType,
	type IWorkflowBase,
} from 'n8n-workflow';

import { buildAdditionalData, storedExecutions } from './additional-data';
import { testCredential as runCredentialTest } from './credential-test';
import { container, core, coreLoaded } from './core';
import { HarnessCredentialsHelper } from './credentials-helper';
import {
	HarnessNodeTypes,
	SOURCE_NODE_TYPE,
	createSourceNodeType,
	latestVersion,
	type HarnessInputItem,
} from './node-types';

export { HarnessCredentialsHelper } from './credentials-helper';
export { HarnessNodeTypes, SOURCE_NODE_TYPE, DEFAULT_MIME_TYPE, type HarnessInputItem } from './node-types';
export { INSTANCE_BASE_URL, storedExecutions } from './additional-data';

export interface RunOptions {
	/** The node under test, e.g. `new Seedance()`. */
	nodeType: INodeType | IVersionedNodeType;
	/** Default 'n8n-nodes-seedance.seedance'. */
	nodeTypeName?: string;
	/** Default: the description's (latest) version. */
	typeVersion?: number;
	parameters: INodeParameters;
	/** What the source node emits; default one empty item. Binary data is a Buffer or base64. */
	inputItems?: HarnessInputItem[];
	/** Keyed by credential type name, e.g. { seedanceApi: { apiKey, provider, baseUrl } }. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Instances of the credential classes; their `authenticate` is applied like n8n's CLI does. */
	credentialTypes?: ICredentialType[];
	/** The node setting "On Error: Continue" (onError: 'continueRegularOutput'). */
	continueOnFail?: boolean;
	/**
	 * Where prepareBinaryData keeps bytes: 'default' inline (base64 in the item), 'filesystem' in
	 * files under the harness's temp n8n folder (the item then holds an id). Default 'default'.
	 * Global to n8n-core's BinaryDataService: do not mix modes in concurrent runs.
	 */
	binaryDataMode?: 'default' | 'filesystem';
	/** The execution's id (default: a fresh number per run). */
	executionId?: string;
	/** 'retry' with retryOf: a Retry of execution `retryOf`, as n8n's ExecutionService starts it. */
	mode?: 'manual' | 'retry';
	retryOf?: string;
	/** The workflow's id (default 'harness-workflow'): another id is another workflow. */
	workflowId?: string;
}

export interface RunResult {
	/** The node's main output 0. Binary is readable with getBinaryBuffer. */
	items: INodeExecutionData[];
	/**
	 * The node's execution error, if it recorded one (also with continueOnFail when the node
	 * threw and n8n continued), else the workflow's error. It is the very instance the node threw
	 * when that is what n8n recorded, so class and `cause` survive; otherwise the recorded copy's
	 * fields on the matching n8n error class.
	 */
	error?: Error;
	runData: IRunData;
	/**
	 * The execution's status as n8n records it: 'success', 'error', or 'canceled' after cancel()
	 * (the engine reports that from its cancel handler; the IRun it resolves with afterwards says
	 * 'error' when the node ended by throwing the abort).
	 */
	status: ExecutionStatus;
	/** The whole IRun, for anything else. */
	run?: IRun;
}

const DEFAULT_NODE_TYPE_NAME = 'n8n-nodes-seedance.seedance';
const SOURCE_NODE_NAME = 'Test Items';
const WORKFLOW_ID = 'harness-workflow';

let executionCount = 0;

// ---------------------------------------------------------------------------------------------
// Binary data mode

let binaryModeInitialized: 'default' | 'filesystem' | undefined;

async function useBinaryDataMode(mode: 'default' | 'filesystem'): Promise<void> {
	// Before any init() the service keeps binary data inline; only switch once filesystem is wanted.
	if (binaryModeInitialized === undefined && mode === 'default') return;
	if (binaryModeInitialized === mode) return;
	const { BinaryDataConfig, BinaryDataService } = core();
	const Container = container();
	Container.get(BinaryDataConfig).mode = mode;
	// init() (re)creates the filesystem manager, so ids stored earlier stay readable either way.
	await Container.get(BinaryDataService).init();
	binaryModeInitialized = mode;
}

// ---------------------------------------------------------------------------------------------
// Errors

const ERROR_CLASSES: Record<string, { prototype: Error }> = {
	NodeApiError,
	NodeOperationError,
	NodeSslError,
	ExpressionError,
	WorkflowOperationError,
	ExecutionCancelledError,
	ManualExecutionCancelledError,
	TimeoutExecutionCancelledError,
};

/** The engine stores `{ ...error, message, stack }`; hand back the original when it is that one. */
function recoverError(recorded: unknown, thrown: unknown[]): Error {
	const copy = recorded as IDataObject & { message?: string; name?: string };
	const original = [...thrown]
		.reverse()
		.find(
			(candidate): candidate is Error =>
				candidate instanceof Error &&
				candidate.message === copy.message &&
				(copy.name === undefined || candidate.name === copy.name),
		);
	if (original) return original;
	if (recorded instanceof Error) return recorded;
	const errorClass = (copy.name && ERROR_CLASSES[copy.name]) || Error;
	return Object.assign(Object.create(errorClass.prototype) as Error, copy);
}

// ---------------------------------------------------------------------------------------------
// Runs

interface PreparedRun {
	executionId: string;
	workflow: Workflow;
	nodeName: string;
	thrown: unknown[];
	/** What the engine's workflowExecuteAfter hook reported first (on Stop: the 'canceled' run). */
	reported: IRun[];
	execute(): ReturnType<InstanceType<ReturnType<typeof core>['WorkflowExecute']>['processRunExecutionData']>;
}

function prepareRun(opts: RunOptions): PreparedRun {
	const { WorkflowExecute } = core();
	const nodeTypeName = opts.nodeTypeName ?? DEFAULT_NODE_TYPE_NAME;
	const typeVersion = opts.typeVersion ?? latestVersion(opts.nodeType);
	const { description } = NodeHelpers.getVersionedNodeType(opts.nodeType, typeVersion);
	const nodeName = description.defaults?.name ?? description.displayName;
	if (nodeName === SOURCE_NODE_NAME) throw new Error(`The node under test may not be named "${nodeName}"`);

	const thrown: unknown[] = [];
	const nodeTypes = new HarnessNodeTypes((_type, error) => thrown.push(error))
		.register(SOURCE_NODE_TYPE, createSourceNodeType(opts.inputItems ?? [{ json: {} }]))
		.register(nodeTypeName, opts.nodeType, true);
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes, opts.credentials);

	const sourceNode: INode = {
		id: 'harness-source',
		name: SOURCE_NODE_NAME,
		type: SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeUnderTest: INode = {
		id: 'harness-node',
		name: nodeName,
		type: nodeTypeName,
		typeVersion,
		position: [220, 0],
		parameters: structuredClone(opts.parameters),
		credentials: credentialsHelper.nodeCredentials(),
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const connections = {
		[SOURCE_NODE_NAME]: { main: [[{ node: nodeName, type: 'main' as const, index: 0 }]] },
	};
	const settings = { executionOrder: 'v1' as const };

	const executionId = opts.executionId ?? String(++executionCount);
	const workflowId = opts.workflowId ?? WORKFLOW_ID;
	const now = new Date();
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'Node test harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: [sourceNode, nodeUnderTest],
		connections,
		settings,
	};
	// The Workflow constructor fills in parameter defaults, as n8n does for saved workflows.
	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name,
		nodes: [sourceNode, nodeUnderTest],
		connections,
		settings,
		active: false,
		nodeTypes,
	});
	const additionalData = buildAdditionalData({ credentialsHelper, executionId, workflowData, mode: opts.mode, retryOf: opts.retryOf });
	const reported: IRun[] = [];
	additionalData.hooks?.addHandler('workflowExecuteAfter', (run) => {
		reported.push(run);
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: sourceNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	return {
		executionId,
		workflow,
		nodeName,
		thrown,
		reported,
		execute: () =>
			new WorkflowExecute(additionalData, opts.mode ?? 'manual', runExecutionData).processRunExecutionData(workflow),
	};
}

function toResult(run: IRun, prepared: PreparedRun, cancelled: boolean): RunResult {
	storedExecutions.set(prepared.executionId, run.data);
	const { runData } = run.data.resultData;
	const lastTask = runData[prepared.nodeName]?.at(-1);
	const recorded = lastTask?.error ?? run.data.resultData.error;
	// On Stop the engine's cancel handler reports the run as 'canceled' at once (what n8n records);
	// the run it resolves with later says 'error' when the node threw the abort.
	const cancelledRun = cancelled ? prepared.reported.find((r) => r.status === 'canceled') : undefined;
	return {
		items: lastTask?.data?.main?.[0] ?? [],
		error: recorded ? recoverError(recorded, prepared.thrown) : undefined,
		runData,
		status: cancelledRun?.status ?? run.status,
		run,
	};
}

/**
 * Starts a run; `cancel()` is a user pressing Stop: it cancels the engine's promise, which aborts
 * `this.getExecutionCancelSignal()` inside the node. `result` settles once the engine has wound up.
 */
export function startNode(opts: RunOptions): { result: Promise<RunResult>; cancel(): void } {
	let execution: { cancel(): void } | undefined;
	let cancelRequested = false;

	const result = (async (): Promise<RunResult> => {
		await useBinaryDataMode(opts.binaryDataMode ?? 'default');
		const prepared = prepareRun(opts);
		let running: ReturnType<PreparedRun['execute']>;
		try {
			running = prepared.execute();
		} catch (error) {
			// Thrown before the run starts, e.g. WorkflowHasIssuesError for a missing required parameter.
			return { items: [], error: error as Error, runData: {}, status: 'error' };
		}
		execution = running;
		if (cancelRequested) running.cancel();
		return toResult(await running, prepared, cancelRequested);
	})();

	return {
		result,
		cancel() {
			cancelRequested = true;
			execution?.cancel();
		},
	};
}

export async function runNode(opts: RunOptions): Promise<RunResult> {
	return await startNode(opts).result;
}

// ---------------------------------------------------------------------------------------------
// Binary data, credentials, shutdown

/** The bytes of an item's binary property, stored inline or on the filesystem. */
export async function getBinaryBuffer(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) {
		const available = Object.keys(item.binary ?? {}).join(', ') || 'none';
		throw new Error(`The item has no binary property "${property}" (available: ${available})`);
	}
	const { BinaryDataService } = core();
	return await container().get(BinaryDataService).getAsBuffer(binary);
}

/** What n8n shows after "Test" on a credential with a `test.request` (see credential-test.ts). */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	return await runCredentialTest(credentialType, data);
}

/** Stops what n8n-core leaves running and removes the temp n8n folder. Call in afterAll. */
export async function shutdownHarness(): Promise<void> {
	if (coreLoaded()) {
		await stopCoreLeftovers();
	}
	rmSync(harnessUserFolder, { recursive: true, force: true });
}

/**
 * n8n-core 2.x leaves one thing behind: its SSHClientsManager (built by the execution contexts'
 * helpers) adds a process 'exit' listener and a cleanup interval. 2.x unrefs the interval (1.x did
 * not, and jest never exited), but the listener piles up with every jest file that loads n8n-core
 * afresh. Its onShutdown() removes both; it is not exported, hence the deep import. The expression
 * engine is disposed too (a no-op for the default legacy engine, which the harness never leaves).
 */
async function stopCoreLeftovers(): Promise<void> {
	const { SSHClientsManager } =
		require('n8n-core/dist/execution-engine/ssh-clients-manager') as typeof import('n8n-core/dist/execution-engine/ssh-clients-manager');
	container().get(SSHClientsManager).onShutdown();
	await Expression.disposeExpressionEngine();
}
