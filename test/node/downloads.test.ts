/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * A download is a video, or the item fails naming the task and what came back: through n8n's real
 * execution path (Get, Wait, Generate and the Trigger share the download) against the simulator,
 * whose video URL answers an HTML page, a JSON error, nothing, or text labelled video/mp4.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { SeedanceApi } from '../../credentials/SeedanceApi.credentials';
import { SeedanceTrigger } from '../../nodes/SeedanceTrigger/SeedanceTrigger.node';
import { getBinaryBuffer, runNode, shutdownHarness } from '../harness';
import { useMemoryDeduplication } from '../harness/webhook';
import { credentialsFor, expectNothingLost, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });
afterAll(async () => await shutdownHarness());

const FAST = { retries: 2, pollInterval: 0.02 };
const SAMPLE_MP4 = readFileSync(join(__dirname, '../simulator/fixtures/sample.mp4'));
const NOT_A_VIDEO =
	'Nothing was stored. The video URL answered with something else (an error or sign-in page, a proxy, an expired or forged link). Run "Get Task" with Download Video on again; if it keeps happening, open the task\'s videoUrl in a browser.';

async function createdTaskId(): Promise<string> {
	const result = await env.run({ resource: 'video', operation: 'generateFromText', model: model('doubao-seedance-1-0-pro-250528'), prompt: 'A paper boat', options: FAST });
	return String(result.items[0].json.id);
}

const cases: Array<[string, Record<string, unknown>, (id: string) => string]> = [
	['an HTML page with 200', { body: 'html' }, (id) => `The video of task ${id} was not downloaded: its URL answered HTTP 200 with text/html, not a video ("<!DOCTYPE html> <html><head><title>Sign in</title></head><body><form action="/login">Sign in to continue</form></body…")`],
	['a JSON error with 200', { body: 'json' }, (id) => `The video of task ${id} was not downloaded: its URL answered HTTP 200 with application/json, not a video ("{"error":{"code":"AccessDenied","message":"The signature of this URL is not valid"}}")`],
	['an empty body (0 bytes)', { body: 'empty' }, (id) => `The video of task ${id} was not downloaded: its URL answered HTTP 200 with an empty body (0 bytes)`],
	['text labelled video/mp4', { body: 'text' }, (id) => `The video of task ${id} was not downloaded: its URL answered HTTP 200 with video/mp4, but the file does not start like an MP4 or MOV file ("this is not a video at all, only some text that says so")`],
];

describe('Get Task with Download Video: what is not a video is not stored', () => {
	it.each(cases)('%s: the item fails naming the task and what came back, no binary', async (_name, fault, message) => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'not-video', ...fault } as any);
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true, options: FAST }, { continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ error: message(id), description: NOT_A_VIDEO, taskId: id });
		expect(result.items[0].binary).toBeUndefined();
		// Not retried: the URL answered, and what it answered is not going to change.
		expect(env.sim.requests.filter((r) => r.route === 'file')).toHaveLength(1);
	});

	it('a real video still arrives whole, streamed, as before', async () => {
		const id = await createdTaskId();
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true, options: FAST });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${id}.mp4` });
		expect((await getBinaryBuffer(result.items[0], 'data')).equals(SAMPLE_MP4)).toBe(true);
	});

	it("in n8n's filesystem mode too (the stream goes to a file): refused before anything is written", async () => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'not-video', body: 'html' });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true, options: FAST }, { continueOnFail: true, binaryDataMode: 'filesystem' });
		expect(result.items[0].json.error).toBe(cases[0][2](id));
		const ok = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true, options: FAST }, { binaryDataMode: 'filesystem' });
		expect((await getBinaryBuffer(ok.items[0], 'data')).equals(SAMPLE_MP4)).toBe(true);
	});
});

describe('Generate and Wait share it', () => {
	it('Generate with Wait and Download over 2 items: the item whose video is a page fails, naming its task; the other gets its video', async () => {
		env.sim.fault({ route: 'file', kind: 'not-video', body: 'html' });
		const result = await env.run(
			{ resource: 'video', operation: 'generateFromText', model: model('doubao-seedance-1-0-pro-250528'), prompt: '={{ $json.p }}', waitForCompletion: true, downloadVideo: true, options: { ...FAST, concurrency: 1 } },
			{ continueOnFail: true, inputItems: [{ json: { p: 'one' } }, { json: { p: 'two' } }] },
		);
		expectNothingLost(result, env.sim, 2);
		const failed = result.items.filter((i) => i.json.error);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].json.error)).toMatch(/^The video of task cgt-\S+ was not downloaded: its URL answered HTTP 200 with text\/html, not a video/);
		expect(result.items.filter((i) => i.binary?.data)).toHaveLength(1);
	});

	it('Wait for Completion without Continue On Fail: the run stops with that error', async () => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'not-video', body: 'empty' });
		const result = await env.run({ resource: 'task', operation: 'wait', taskId: id, downloadVideo: true, options: FAST });
		expect(result.error?.message).toBe(cases[2][2](id));
	});
});

describe('the Trigger with Confirm off: a forged callback cannot make n8n store a page as a video', () => {
	let dedupe: Awaited<ReturnType<typeof useMemoryDeduplication>>;
	beforeAll(async () => {
		dedupe = await useMemoryDeduplication();
	});
	afterEach(() => dedupe.clear());

	const trigger = (items: Array<{ json: object }>) =>
		runNode({
			nodeType: new SeedanceTrigger(),
			nodeTypeName: 'n8n-nodes-seedance.seedanceTrigger',
			parameters: { confirm: false, downloadVideo: true },
			credentials: credentialsFor(env.sim.arkUrl),
			credentialTypes: [new SeedanceApi()],
			inputItems: items as any,
		});

	it('a video URL that answers an HTML page fails the run, naming the task', async () => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'not-video', body: 'html' });
		const result = await trigger([{ json: { task: { id, status: 'succeeded', content: { video_url: `${env.sim.origin}/files/${id}.mp4` } }, confirmed: false } }]);
		expect(result.error?.message).toBe(cases[0][2](id));
		expect(result.items).toEqual([]);
	});

	it('a video URL that redirects into the local machine (another origin) is not followed', async () => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'redirect', status: 302, toOtherOrigin: true });
		const result = await trigger([{ json: { task: { id, status: 'succeeded', content: { video_url: `${env.sim.origin}/files/${id}.mp4` } }, confirmed: false } }]);
		expect(result.error?.message).toBe(`The video of task ${id} was not downloaded: its URL redirected to ${env.sim.otherOrigin}/files/${id}.mp4, a loopback address`);
		expect(env.sim.requests.filter((r) => String(r.headers.host).startsWith('localhost'))).toEqual([]);
	});
});
