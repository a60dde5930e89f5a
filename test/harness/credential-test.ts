/**
 * What n8n's CLI does when the user presses "Test" on a credential whose type has a
 * `test: { request, rules? }` (packages/cli/src/services/credentials-tester.service.ts): build a
 * throw-away node type whose only property carries `routing.request = test.request`, and run it
 * through n8n-core's real RoutingNode. RoutingNode resolves baseURL/url/qs/headers expressions with
 * `$credentials` and sends the request via httpRequestWithAuthentication, which applies the
 * credential's `authenticate` through our credentials helper. Then the CLI's verdict logic: rules,
 * then any non-2xx status, then the error code, then the error message.
 * RoutingNode and ExecuteContext are both exported by n8n-core, so no hand-rolled request is needed.
 */
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsDecrypted,
	type IDataObject,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { core } from './core';
import { HarnessCredentialsHelper } from './credentials-helper';

/** The CLI's fallback node type for credential tests (its preAuthentication checks for this name). */
const NO_OP_NODE_TYPE = 'n8n-nodes-base.noOp';

let credentialTestCount = 0;

/** lodash-style `get` for a dotted path, as the CLI uses for `responseSuccessBody` rules. */
function getPath(data: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => {
		if (value === null || value === undefined) return undefined;
		return (value as Record<string, unknown>)[key];
	}, data);
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const { ExecuteContext, RoutingNode } = core();
	const test = credentialType.test;
	if (!test) {
		// Function tests (a node's `testedBy`) are not covered: the CLI finds those through the nodes.
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const executionId = `credential-test-${++credentialTestCount}`;
	const credentialsHelper = new HarnessCredentialsHelper([credentialType], { [credentialType.name]: data });
	const additionalData = buildAdditionalData({ credentialsHelper, executionId });

	let credentialsDecrypted: ICredentialsDecrypted;
	try {
		credentialsDecrypted = {
			id: 'harness-credential',
			name: `${credentialType.name} (harness)`,
			type: credentialType.name,
			// The CLI applies defaults and overwrites and resolves expressions before testing.
			data: credentialsHelper.applyDefaultsAndResolve(additionalData, data, credentialType.name, 'internal'),
		};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message.toString() };
	}

	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: NO_OP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const testNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_NODE_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: (_name, version) => NodeHelpers.getVersionedNodeType(testNodeType, version),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		const errorResponse = error.cause?.response;
		if (errorResponse) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && errorResponse.status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (errorResponse.status < 199 || errorResponse.status > 299) {
				return {
					status: 'Error',
					message: errorResponse.statusText || `Received HTTP status code: ${errorResponse.status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body: IDataObject | undefined = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
