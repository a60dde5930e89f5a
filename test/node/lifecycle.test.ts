/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** Issue 3: every generation mode and a task's whole life, through n8n's real execution path. */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getBinaryBuffer, shutdownHarness } from '../harness';
import { makePng } from '../helpers/png';
import { createRequests, jsonOf, model, useSimulator } from './setup';

// Two GETs in the queue, one running: enough to see every state, and a queued task to cancel.
const env = useSimulator({ queuedPolls: 2, runningPolls: 1 });
afterAll(async () => await shutdownHarness());

const FAST_WAIT = { pollInterval: 0.02, waitTimeout: 1 };
const SAMPLE_MP4 = readFileSync(join(__dirname, '../simulator/fixtures/sample.mp4'));

function textParams(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'video',
		operation: 'generateFromText',
		model: model('doubao-seedance-1-0-pro-250528'),
		prompt: 'A paper boat drifts down a rainy street',
		...overrides,
	};
}

async function createTaskDirectly(prompt = 'x'): Promise<string> {
	const result = await env.run(textParams({ prompt }));
	return String(result.items[0].json.id);
}

describe('generation modes', () => {
	it('Generate from Text sends only the text, with options', async () => {
		const result = await env.run(textParams({ options: { resolution: '1080p', ratio: 'adaptive', cameraFixed: true, seed: 11 } }));
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: 'doubao-seedance-1-0-pro-250528',
			content: [{ type: 'text', text: 'A paper boat drifts down a rainy street' }],
			resolution: '1080p',
			ratio: 'adaptive',
			camera_fixed: true,
			seed: 11,
		});
	});

	it('Generate from First Frame sends a first_frame image from a binary field', async () => {
		const png = makePng(500, 500);
		const result = await env.run(
			{
				resource: 'video',
				operation: 'generateFromFirstFrame',
				model: model('doubao-seedance-1-0-lite-i2v-250428'),
				prompt: 'she turns and smiles',
				firstFrameSource: 'binary',
				firstFrameBinaryProperty: 'data',
			},
			{ inputItems: [{ json: {}, binary: { data: { data: png, mimeType: 'image/png', fileName: 'f.png' } } }] },
		);
		expect(result.error).toBeUndefined();
		expect((createRequests(env.sim)[0].body as any).content[1]).toEqual({
			type: 'image_url',
			image_url: { url: `data:image/png;base64,${png.toString('base64')}` },
			role: 'first_frame',
		});
	});

	it('Generate from First and Last Frame sends both roles', async () => {
		const result = await env.run({
			resource: 'video',
			operation: 'generateFromFirstLastFrame',
			model: model('doubao-seedance-1-5-pro-251215'),
			prompt: 'day turns to night',
			firstFrameSource: 'url',
			firstFrameUrl: 'https://img.example/day.png',
			lastFrameSource: 'url',
			lastFrameUrl: 'https://img.example/night.png',
			options: { generateAudio: false, duration: -1 },
		});
		expect(result.error).toBeUndefined();
		const body = createRequests(env.sim)[0].body as any;
		expect(body.content.slice(1).map((c: any) => [c.role, c.image_url.url])).toEqual([
			['first_frame', 'https://img.example/day.png'],
			['last_frame', 'https://img.example/night.png'],
		]);
		expect(body).toMatchObject({ generate_audio: false, duration: -1 });
	});

	it("refuses a known model in a mode it can't do, saying which models can", async () => {
		const result = await env.run(textParams({ model: model('doubao-seedance-1-0-lite-i2v-250428'), operation: 'generateFromFirstLastFrame', firstFrameUrl: 'https://a/1.png', lastFrameUrl: 'https://a/2.png' }));
		expect(result.error).toBeUndefined(); // lite i2v can do first+last frame
		const refused = await env.run({ ...textParams({ model: model('doubao-seedance-1-0-pro-fast-251015') }), operation: 'generateFromFirstLastFrame', firstFrameUrl: 'https://a/1.png', lastFrameUrl: 'https://a/2.png' });
		expect(refused.error?.message).toMatch(/can't "Generate from First and Last Frame"/);
		expect((refused.error as NodeOperationError).description).toContain('doubao-seedance-1-5-pro-251215');
	});

	it('sends output parameters as prompt commands when asked', async () => {
		await env.run(textParams({ options: { sendParametersAs: 'prompt', resolution: '720p', duration: 6, watermark: true } }));
		expect((createRequests(env.sim)[0].body as any).content[0].text).toMatch(
			/^A paper boat drifts down a rainy street --rs 720p --dur 6 --wm true --seed \d+$/,
		);
	});
});

describe('wait for completion and download', () => {
	it('generates, waits and downloads the MP4 as binary data', async () => {
		const result = await env.run(textParams({ waitForCompletion: true, downloadVideo: true, options: FAST_WAIT }));
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ id: expect.stringMatching(/^cgt-/), status: 'succeeded', model: 'doubao-seedance-1-0-pro-250528', videoUrl: expect.stringContaining('/files/') });
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.id}.mp4` });
		expect((await getBinaryBuffer(item, 'data')).equals(SAMPLE_MP4)).toBe(true);
		// The video is fetched without the API key: storage must never see it.
		const download = env.sim.requests.find((r) => r.path.startsWith('/files/'));
		expect(download?.auth).toBe('missing');
	});

	it('gives the raw API object when Simplify is off', async () => {
		const result = await env.run(textParams({ waitForCompletion: true, simplify: false, options: FAST_WAIT }));
		expect(result.items[0].json).toMatchObject({ status: 'succeeded', content: { video_url: expect.any(String) }, usage: expect.any(Object) });
	});

	it('a failed task becomes an error with its code, message and id; Continue On Fail keeps the id', async () => {
		const result = await env.run(textParams({ prompt: '[sim:fail] a storm', waitForCompletion: true, options: FAST_WAIT }), { continueOnFail: true });
		const [item] = result.items;
		expect(item.json.error).toMatch(/^Task cgt-\S+ failed: The generated video was blocked by the content safety check/);
		expect(item.json).toMatchObject({ code: 'OutputVideoSensitiveContentDetected', taskId: expect.stringMatching(/^cgt-/) });
	});

	it('an expired task says so, with its id', async () => {
		const result = await env.run(textParams({ prompt: '[sim:expire] a storm', waitForCompletion: true, options: FAST_WAIT }));
		expect(result.error?.message).toMatch(/^Task cgt-\S+ expired before it ran/);
	});

	it('stops waiting at once when the execution is stopped', async () => {
		const id = await createTaskDirectly();
		env.sim.setStatus(id, 'running');
		env.clock.hold(); // time stands still: the run is stopped in its first wait
		const run = env.start({ resource: 'task', operation: 'wait', taskId: id, options: { pollInterval: 30, waitTimeout: 60 } });
		// Let the first poll happen, then press Stop.
		while (!env.sim.requests.some((r) => r.method === 'GET' && r.path.endsWith(id))) await new Promise((r) => setTimeout(r, 10));
		run.cancel();
		const result = await run.result;
		expect(result.items).toHaveLength(0);
		expect(env.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(id))).toHaveLength(1);
	});
});

describe('task operations', () => {
	it('Get Task gives the simplified task, and can download the video', async () => {
		const id = await createTaskDirectly();
		env.sim.setStatus(id, 'succeeded');
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true });
		expect(result.items[0].json).toMatchObject({ id, status: 'succeeded', videoUrl: expect.any(String), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
		expect(result.items[0].binary?.data?.mimeType).toBe('video/mp4');
	});

	it('an expired video URL gets an error that says videos live 24 hours', async () => {
		const id = await createTaskDirectly();
		env.sim.setStatus(id, 'succeeded');
		env.sim.expireVideo(id);
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true });
		expect(result.error?.message).toMatch(new RegExp(`video of task ${id} can no longer be downloaded \\(HTTP 403\\): its URL has expired`));
		expect((result.error as NodeApiError).description).toMatch(/24 hours/);
	});

	it('Get Task on an unknown id says the task was not found', async () => {
		const result = await env.run({ resource: 'task', operation: 'get', taskId: 'cgt-20990101000000-nope1' });
		expect(result.error?.message).toBe('Task cgt-20990101000000-nope1 was not found');
	});

	it('Get Task refuses a pasted URL instead of an id', async () => {
		const result = await env.run({ resource: 'task', operation: 'get', taskId: 'https://x/tasks/cgt-1' });
		expect(result.error?.message).toMatch(/is not a task ID/);
	});

	it('Get Many filters, limits and paginates with Return All', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(await createTaskDirectly(`clip ${i}`));
		env.sim.setStatus(ids[0], 'succeeded');
		env.sim.setStatus(ids[1], 'succeeded');

		const limited = await env.run({ resource: 'task', operation: 'getMany', limit: 3 });
		expect(limited.items).toHaveLength(3);

		const filtered = await env.run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { status: 'succeeded' } });
		expect(jsonOf(filtered).map((t) => t.id).sort()).toEqual([ids[0], ids[1]].sort());

		const byIds = await env.run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { taskIds: `${ids[2]}, ${ids[4]}` } });
		expect(jsonOf(byIds).map((t) => t.id).sort()).toEqual([ids[2], ids[4]].sort());
		const listCall = env.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/tasks')).pop();
		expect(listCall?.query['filter.task_ids']).toEqual([ids[2], ids[4]]);
	});

	it('Get Many with Return All walks every page', async () => {
		for (let i = 0; i < 105; i++) await createTaskDirectly(`clip ${i}`);
		const all = await env.run({ resource: 'task', operation: 'getMany', returnAll: true });
		expect(all.items).toHaveLength(105);
		expect(new Set(jsonOf(all).map((t) => t.id)).size).toBe(105);
		expect(env.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/tasks')).map((r) => r.query.page_num)).toEqual(['1', '2']);
	}, 60_000);

	it('Cancel or Delete follows the per-status rules', async () => {
		const queued = await createTaskDirectly();
		const cancelled = await env.run({ resource: 'task', operation: 'cancel', taskId: queued });
		expect(cancelled.items[0].json).toEqual({ id: queued, action: 'cancelled', previousStatus: 'queued', status: 'cancelled' });
		expect(env.sim.tasks.get(queued)?.status).toBe('cancelled');

		const again = await env.run({ resource: 'task', operation: 'cancel', taskId: queued });
		expect(again.items[0].json).toMatchObject({ action: 'none', status: 'cancelled' });

		const running = await createTaskDirectly();
		env.sim.setStatus(running, 'running');
		const refused = await env.run({ resource: 'task', operation: 'cancel', taskId: running });
		expect(refused.error?.message).toBe(`Task ${running} is running and can't be cancelled`);

		const done = await createTaskDirectly();
		env.sim.setStatus(done, 'succeeded');
		const deleted = await env.run({ resource: 'task', operation: 'cancel', taskId: done });
		expect(deleted.items[0].json).toMatchObject({ id: done, action: 'deleted', previousStatus: 'succeeded' });
		expect(env.sim.tasks.has(done)).toBe(false);
	});

	it('Wait for Completion picks up an existing task', async () => {
		const id = await createTaskDirectly();
		const result = await env.run({ resource: 'task', operation: 'wait', taskId: id, options: FAST_WAIT });
		expect(result.items[0].json).toMatchObject({ id, status: 'succeeded' });
	});
});
