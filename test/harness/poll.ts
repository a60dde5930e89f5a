/**
 * A trigger's poll() through n8n-core's real PollContext, the way n8n's poller runs it: one
 * Workflow per activation, whose static data lives on in memory from poll to poll and is saved
 * only when a poll emits and the data changed (n8n's WorkflowStaticDataService.saveStaticData after
 * __emit); a new activation (a restart, a re-save) starts from what was saved. Stand-ins: the
 * database (the saved copy here) and the schedule (the test calls poll()).
 */
import './env';

import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { core } from './core';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HARNESS_NODE_ID, HarnessNodeTypes, latestVersion } from './node-types';

export interface PollerOptions {
	nodeType: INodeType | IVersionedNodeType;
	nodeTypeName: string;
	/** Default: the type's latest version. */
	typeVersion?: number;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	/** Why n8n activated the workflow: 'activate' when a user just did, 'init' after a restart… */
	activation?: WorkflowActivateMode;
	/** The static data n8n saved last (a new activation starts from it). */
	saved?: IDataObject;
}

export interface Poller {
	/** One tick: what poll() returned (n8n starts an execution with it unless null). */
	poll(): Promise<INodeExecutionData[][] | null>;
	/** The static data as n8n last saved it. */
	saved(): IDataObject;
}

const copy = (data: IDataObject): IDataObject => JSON.parse(JSON.stringify(data));

export function startPoller(options: PollerOptions): Poller {
	const { PollContext } = core();
	const typeVersion = options.typeVersion ?? latestVersion(options.nodeType);
	const nodeType = NodeHelpers.getVersionedNodeType(options.nodeType, typeVersion);
	const nodeTypes = new HarnessNodeTypes(() => {}).register(options.nodeTypeName, options.nodeType, true);
	const credentialsHelper = new HarnessCredentialsHelper(options.credentialTypes, options.credentials);
	const node: INode = {
		id: HARNESS_NODE_ID,
		name: nodeType.description.defaults.name ?? nodeType.description.displayName,
		type: options.nodeTypeName,
		typeVersion,
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		credentials: credentialsHelper.nodeCredentials(),
	};
	let saved = copy(options.saved ?? {});
	// The node's parameters get their defaults as n8n's Workflow does when it loads them.
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Poll harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: { executionOrder: 'v1' },
		staticData: copy(saved),
	});
	const additionalData = buildAdditionalData({ credentialsHelper, executionId: 'poll' });
	const loaded = workflow.getNode(node.name)!;
	const context = new PollContext(workflow, loaded, additionalData, 'trigger', options.activation ?? 'activate');
	return {
		async poll() {
			const result = await nodeType.poll!.call(context);
			if (result !== null && workflow.staticData.__dataChanged === true) {
				saved = copy(workflow.staticData);
				workflow.staticData.__dataChanged = false;
			}
			return result;
		},
		saved: () => copy(saved),
	};
}
