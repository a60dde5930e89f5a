/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Proves the harness: a tiny node that POSTs each item (with its credential's generic
 * authenticate) to a node:http server on 127.0.0.1, run through n8n's real WorkflowExecute.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeApiError,
	NodeConnectionTypes,
	sleep,
	type IAuthenticateGeneric,
	type ICredentialTestRequest,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getBinaryBuffer, runNode, shutdownHarness, startNode, testCredential } from '../harness';

// ---------------------------------------------------------------------------------------------
// A credential type and a node type, for this test only

const GOOD_KEY = 'good-key-123';

class TestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API';

	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/me', method: 'GET' },
	};
}

/** Lets the test know when the node has started sleeping, so it can press Stop then. */
const sleepProbe = { started: () => {}, finished: false };

class Poster implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Poster',
		name: 'poster',
		group: ['transform'],
		version: [1, 2],
		description: 'Posts each item',
		defaults: { name: 'Poster' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Post', value: 'post' },
					{ name: 'Read Binary', value: 'binary' },
					{ name: 'Sleep', value: 'sleep' },
				],
				default: 'post',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/items' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const output: INodeExecutionData[] = [];

		for (let i = 0; i < items.length; i++) {
			try {
				if (operation === 'sleep') {
					sleepProbe.started();
					await sleep(60_000, this.getExecutionCancelSignal());
					sleepProbe.finished = true;
					output.push({ json: { slept: true }, pairedItem: { item: i } });
				} else if (operation === 'binary') {
					const bytes = await this.helpers.getBinaryDataBuffer(i, 'data');
					output.push({
						json: { size: bytes.length, base64: bytes.toString('base64'), version: this.getNode().typeVersion },
						binary: items[i].binary,
						pairedItem: { item: i },
					});
				} else {
					const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('testApi', i);
					const path = this.getNodeParameter('path', i) as string;
					const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
						method: 'POST',
						url: `${baseUrl}${path}`,
						body: items[i].json,
						json: true,
					})) as IDataObject;
					output.push({ json: response, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				 
				throw error;
			}
		}
		return [output];
	}
}

// ---------------------------------------------------------------------------------------------
// The server on 127.0.0.1

interface Recorded {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: unknown;
}

let server: Server;
let baseUrl: string;
const requests: Recorded[] = [];

function reply(res: ServerResponse, status: number, body: unknown, statusMessage?: string) {
	res.writeHead(status, statusMessage ?? '', { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const body: unknown = raw ? JSON.parse(raw) : undefined;
			requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });

			if (req.headers.authorization !== `Bearer ${GOOD_KEY}`) {
				return reply(res, 401, { error: { message: 'Invalid API key' } }, 'Unauthorized');
			}
			if (req.url === '/me') return reply(res, 200, { user: 'tester' });
			if ((body as IDataObject | undefined)?.reject) {
				return reply(res, 422, { error: { message: 'Rejected item' } }, 'Unprocessable Entity');
			}
			return reply(res, 200, { received: body, count: requests.length });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
	requests.length = 0;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await shutdownHarness();
});

const base = () => ({
	nodeType: new Poster(),
	nodeTypeName: 'n8n-nodes-test.poster',
	credentialTypes: [new TestApi()],
	credentials: { testApi: { apiKey: GOOD_KEY, baseUrl } },
});

// ---------------------------------------------------------------------------------------------

describe('node test harness (n8n-core WorkflowExecute)', () => {
	it('posts each item with the authenticate header and keeps pairedItem', async () => {
		const result = await runNode({
			...base(),
			parameters: { operation: 'post' },
			inputItems: [{ json: { name: 'first' } }, { json: { name: 'second', n: 2 } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(requests).toHaveLength(2);
		expect(requests.map((r) => [r.method, r.path])).toEqual([
			['POST', '/items'],
			['POST', '/items'],
		]);
		for (const request of requests) {
			expect(request.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
			expect(request.headers['content-type']).toMatch(/application\/json/);
		}
		expect(requests.map((r) => r.body)).toEqual([{ name: 'first' }, { name: 'second', n: 2 }]);

		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.received).toEqual({ name: 'first' });
		expect(result.items[1].json.received).toEqual({ name: 'second', n: 2 });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.runData.Poster[0].executionStatus).toBe('success');
	});

	it('turns a 401 into the NodeApiError n8n records, with its class and httpCode', async () => {
		const result = await runNode({
			...base(),
			credentials: { testApi: { apiKey: 'wrong-key', baseUrl } },
			parameters: { operation: 'post' },
			inputItems: [{ json: { name: 'first' } }],
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('401');
		// n8n-core retries once after a 401 (its "token expired" path: re-run preAuthentication and
		// authenticate, resend), as it does in n8n itself.
		expect(requests).toHaveLength(2);
		for (const request of requests) expect(request.headers.authorization).toBe('Bearer wrong-key');
		expect(result.runData.Poster[0].error?.message).toBe(result.error?.message);
	});

	it('with continueOnFail gives an error item and still runs the other items', async () => {
		const result = await runNode({
			...base(),
			continueOnFail: true,
			parameters: { operation: 'post' },
			inputItems: [{ json: { name: 'a' } }, { json: { name: 'b', reject: true } }, { json: { name: 'c' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(requests.map((r) => (r.body as IDataObject).name)).toEqual(['a', 'b', 'c']);
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.received).toEqual({ name: 'a' });
		expect(typeof result.items[1].json.error).toBe('string');
		// NodeApiError's message for a 4xx, as n8n shows it.
		expect(result.items[1].json.error).toMatch(/invalid|could not be processed/);
		expect(result.items[2].json.received).toEqual({ name: 'c' });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it.each(['default', 'filesystem'] as const)(
		'hands binary input to the node as real bytes (%s mode)',
		async (binaryDataMode) => {
			const bytes = Buffer.from([0, 1, 2, 3, 254, 255, 0x89, 0x50, 0x4e, 0x47]);
			const result = await runNode({
				...base(),
				binaryDataMode,
				// Default: the description's latest version (2); filesystem mode asks for 1.
				...(binaryDataMode === 'filesystem' ? { typeVersion: 1 } : {}),
				parameters: { operation: 'binary' },
				inputItems: [
					{ json: { n: 1 }, binary: { data: { data: bytes, mimeType: 'image/png', fileName: 'a.png' } } },
					{ json: { n: 2 }, binary: { data: { data: bytes.toString('base64'), fileName: 'b.bin' } } },
				],
			});

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
			const version = binaryDataMode === 'filesystem' ? 1 : 2;
			for (const item of result.items) {
				expect(item.json).toEqual({ size: bytes.length, base64: bytes.toString('base64'), version });
				expect(await getBinaryBuffer(item)).toEqual(bytes);
			}
			expect(result.items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'a.png' });
			expect(result.items[1].binary?.data).toMatchObject({
				mimeType: 'application/octet-stream',
				fileName: 'b.bin',
			});
			if (binaryDataMode === 'filesystem') {
				expect(result.items[0].binary?.data.id).toEqual(expect.stringMatching(/^filesystem/));
			} else {
				expect(result.items[0].binary?.data.id).toBeUndefined();
				expect(result.items[0].binary?.data.data).toBe(bytes.toString('base64'));
			}
		},
	);

	it('cancel() aborts the cancel signal inside the node and ends the run', async () => {
		sleepProbe.finished = false;
		const sleeping = new Promise<void>((resolve) => {
			sleepProbe.started = resolve;
		});
		const run = startNode({ ...base(), parameters: { operation: 'sleep' } });
		await sleeping;
		run.cancel();
		const result = await run.result;

		expect(sleepProbe.finished).toBe(false);
		expect(result.items).toEqual([]);
		expect(result.status).toBe('canceled');
		// The sleep rejected with the signal's abort reason. (Under jest the DOMException comes from
		// another realm, so n8n's ensureError wraps it: the AbortError is then the cause.)
		const error = result.error as Error & { cause?: Error };
		expect([error.name, error.cause?.name]).toContain('AbortError');
		expect(result.runData.Poster[0].executionStatus).toBe('error');
	});

	describe('testCredential (the CLI credential test through RoutingNode)', () => {
		it('is OK with the right key, sent with the authenticate header', async () => {
			const outcome = await testCredential(new TestApi(), { apiKey: GOOD_KEY, baseUrl });
			expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(requests).toHaveLength(1);
			expect(requests[0]).toMatchObject({ method: 'GET', path: '/me' });
			expect(requests[0].headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
		});

		it('is an Error with a wrong key, with the message n8n would show', async () => {
			const outcome = await testCredential(new TestApi(), { apiKey: 'wrong-key', baseUrl });
			expect(outcome).toEqual({ status: 'Error', message: 'Unauthorized' });
		});

		it('applies test.rules', async () => {
			const credential = new TestApi();
			credential.test = {
				...credential.test,
				rules: [{ type: 'responseCode', properties: { value: 401, message: 'The API key is not valid' } }],
			};
			const outcome = await testCredential(credential, { apiKey: 'wrong-key', baseUrl });
			expect(outcome).toEqual({ status: 'Error', message: 'The API key is not valid' });
		});
	});
});
