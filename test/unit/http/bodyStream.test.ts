/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The streamed body through the HTTP clients n8n sends with: axios 1.18 (n8n-core's, as n8n 1.x
 * and 2.x configure it when redirects are off: maxBodyLength -1 in 1.x, Infinity in 2.x, where
 * axios puts Node's stream.pipeline in between) and the newer axios of this repo, against a
 * loopback server. Real n8n 1.x and 2.x send one too (test/e2e/cli-suite.ts, test (b)).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import { jsonPayload, type StreamedJson } from '../../../nodes/Seedance/http/requestBody';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';

type Axios = (config: Record<string, unknown>) => Promise<{ status: number; data: unknown }>;
const clients: Array<[string, Axios]> = [
	['axios 1.18 (n8n-core)', require(require.resolve('axios', { paths: [require.resolve('@n8n/backend-network')] }))],
	['axios (this repo)', require('axios')],
];
const configs: Array<[string, Record<string, unknown>]> = [
	['n8n 1.x settings', { maxBodyLength: -1, maxContentLength: -1, maxRedirects: 0 }],
	['n8n 2.x settings', { maxBodyLength: Infinity, maxContentLength: Infinity, maxRedirects: 0 }],
];

interface Received {
	bytes: Buffer;
	complete: boolean;
	headers: IncomingMessage['headers'];
}

let server: Server;
let url: string;
const received: Received[] = [];
/** Per request: how long the server waits between reads (a slow API makes the client's buffer fill). */
let readDelayMs = 0;

beforeAll(async () => {
	server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		const entry: Received = { bytes: Buffer.alloc(0), complete: false, headers: request.headers };
		received.push(entry);
		request.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			entry.bytes = Buffer.concat(chunks);
			if (readDelayMs) {
				request.pause();
				setTimeout(() => request.resume(), readDelayMs);
			}
		});
		request.on('end', () => {
			entry.complete = true;
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ id: 'cgt-1', length: entry.bytes.length }));
		});
		request.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tasks`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
	readDelayMs = 0;
});

function inlineBody(file: Buffer, read: () => AsyncIterable<Buffer> = () => slices(file, 196_608)) {
	const body = { model: 'm', content: [{ type: 'text', text: 'a 图 prompt' }, { type: 'image_url', image_url: { url: new InlineFile('image/png', file.length, async () => read()) } }] };
	const plain = JSON.stringify({ ...body, content: [body.content[0], { type: 'image_url', image_url: { url: `data:image/png;base64,${file.toString('base64')}` } }] });
	return { payload: jsonPayload(body) as StreamedJson, plain };
}

async function* slices(bytes: Buffer, size: number): AsyncIterable<Buffer> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Sends as http/attempt.ts does, which destroys the stream once the request has settled. */
function send(axios: Axios, config: Record<string, unknown>, payload: StreamedJson, signal?: AbortSignal) {
	const stream = payload.open();
	const sent = axios({
		...config,
		method: 'POST',
		url,
		data: stream,
		signal,
		headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.bytes) },
	});
	const request = sent.finally(() => stream.destroy());
	return { stream, request };
}

const file = Buffer.alloc(5_000_001);
for (let i = 0; i < file.length; i++) file[i] = (i * 31) % 251;

describe.each(clients)('a streamed body through %s', (_, axios) => {
	describe.each(configs)('with %s', (_, config) => {
		it('arrives whole and exact, with its Content-Length, also when the server reads slowly', async () => {
			for (const delay of [0, 2]) {
				readDelayMs = delay;
				const { payload, plain } = inlineBody(file);
				const { request } = send(axios, config, payload);
				const answer = await request;
				expect(answer.status).toBe(200);
				const last = received[received.length - 1];
				expect(last.complete).toBe(true);
				expect(last.headers['content-length']).toBe(String(Buffer.byteLength(plain)));
				expect(last.headers['transfer-encoding']).toBeUndefined();
				expect(last.bytes.toString()).toBe(plain);
			}
		});

		it('a file that changed is cut short: the request fails, the server never gets the whole body', async () => {
			const { payload } = inlineBody(file, () => slices(Buffer.concat([file, Buffer.alloc(10)]), 196_608));
			const { stream, request } = send(axios, config, payload);
			await expect(request).rejects.toBeTruthy();
			expect(stream.failure).toBeInstanceOf(SeedanceInputError);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(received.every((r) => !r.complete)).toBe(true);
		});

		it('Stop mid-body ends the request and stops reading the file', async () => {
			readDelayMs = 5;
			let reading = true;
			let read = 0;
			async function* endless(): AsyncIterable<Buffer> {
				try {
					for (;;) {
						read++;
						yield file.subarray(0, 196_608);
					}
				} finally {
					reading = false;
				}
			}
			const payload = jsonPayload({ url: new InlineFile('image/png', 196_608 * 1000, async () => endless()) }) as StreamedJson;
			const controller = new AbortController();
			const { request } = send(axios, config, payload, controller.signal);
			while (read < 5) await new Promise((resolve) => setTimeout(resolve, 5));
			controller.abort();
			await expect(request).rejects.toBeTruthy();
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(reading).toBe(false);
			expect(read).toBeLessThan(1000);
			expect(received.every((r) => !r.complete)).toBe(true);
		});
	});
});
