/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The Seedance API simulator against seedance-api.md: auth, the seed request, validation, the state
 * machine, list, delete, faults, rate limits, the video host, counters and the CLI.
 */
import { spawn } from 'child_process';
import * as http from 'http';
import { httpCall, type CallOptions } from '../helpers/httpCall';
import * as path from 'path';
import { sampleImageDataUrl, startSimulator, TRIGGERS } from '../simulator';
import type { SeedanceTask, Simulator } from '../simulator';
import { makeWav } from '../helpers/audio';

const KEY = 'sk-test';
const TASKS = '/contents/generations/tasks';
const LITE_I2V = 'doubao-seedance-1-0-lite-i2v-250428';
const PRO = 'doubao-seedance-1-0-pro-250528';
const PRO_FAST = 'doubao-seedance-1-0-pro-fast-251015';
const PRO_15 = 'doubao-seedance-1-5-pro-251215';
const LITE_T2V = 'doubao-seedance-1-0-lite-t2v-250428';
const IMG = 'https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_1.png';

const call = (method: string, url: string, opts?: CallOptions) => httpCall(KEY, method, url, opts);

const seedBody = () => ({
	model: LITE_I2V,
	content: [
		{
			type: 'text',
			text: '[Figure 1] A boy wearing glasses and a blue T-shirt and [Figure 2] a corgi dog are sitting on the lawn in [Figure 3], in a 3D cartoon style.',
		},
		...[1, 2, 3].map((n) => ({
			type: 'image_url',
			image_url: { url: `https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_${n}.png` },
			role: 'reference_image',
		})),
	],
});

const t2v = (text: string, model = PRO, extra: Record<string, unknown> = {}) => ({
	model,
	content: [{ type: 'text', text }],
	...extra,
});

let sim: Simulator;
const others: Simulator[] = [];

async function extraSim(opts: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
	const s = await startSimulator({ apiKeys: [KEY], ...opts });
	others.push(s);
	return s;
}

const create = async (body: unknown, base = sim.arkUrl) => call('POST', base + TASKS, { body });
const get = async (id: string, base = sim.arkUrl) => call('GET', `${base}${TASKS}/${id}`);
async function createId(body: unknown, base = sim.arkUrl): Promise<string> {
	const r = await create(body, base);
	expect(r.status).toBe(200);
	return r.json.id as string;
}
async function pollToEnd(id: string, base = sim.arkUrl): Promise<SeedanceTask[]> {
	const seen: SeedanceTask[] = [];
	for (let i = 0; i < 10; i++) {
		const r = await get(id, base);
		seen.push(r.json);
		if (!['queued', 'running'].includes(r.json.status)) break;
	}
	return seen;
}

beforeAll(async () => {
	sim = await startSimulator({ port: 0, apiKeys: [KEY, 'sk-other'] });
});
beforeEach(() => sim.reset());
afterAll(async () => {
	await sim.close();
	await Promise.all(others.map(async (s) => await s.close()));
});

describe('basics', () => {
	test('urls', () => {
		expect(sim.origin).toBe(`http://127.0.0.1:${sim.port}`);
		expect(sim.arkUrl).toBe(`${sim.origin}/api/v3`);
		expect(sim.chainhubUrl).toBe(`${sim.origin}/volc/v1`);
	});

	test('missing or wrong key → 401 AuthenticationError in the documented shape, key never echoed', async () => {
		for (const key of [null, 'sk-wrong', '']) {
			const r = await call('GET', `${sim.arkUrl}${TASKS}`, { key });
			expect(r.status).toBe(401);
			expect(r.json.error).toEqual({
				code: 'AuthenticationError',
				message: expect.stringMatching(/^The API key in the request is missing or invalid\. Request id: \w+$/),
				param: '',
				type: 'Unauthorized',
			});
			expect(r.text).not.toContain('sk-wrong');
		}
		const r = await call('POST', sim.chainhubUrl + TASKS, { key: 'sk-wrong', body: seedBody() });
		expect(r.status).toBe(401);
		expect(sim.stats.created).toBe(0);
		expect(sim.stats.authFailures).toBe(4);
		expect(sim.requests.map((q) => q.auth)).toEqual(['missing', 'invalid', 'invalid', 'invalid']);
		expect(JSON.stringify(sim.requests)).not.toContain('sk-wrong');
		// Only exactly `Bearer <key>` is accepted.
		for (const authorization of [`bearer ${KEY}`, `Bearer  ${KEY}`, KEY, `Basic ${KEY}`]) {
			expect((await call('GET', `${sim.arkUrl}${TASKS}`, { key: null, headers: { Authorization: authorization } })).status).toBe(401);
		}
		sim.reset();
		// Every configured key works.
		expect((await call('GET', `${sim.arkUrl}${TASKS}`, { key: 'sk-other' })).status).toBe(200);
		expect(sim.requests[0].headers.authorization).toBe('[redacted]');
	});

	test('the seed request: ChainHub answers {id, status: submitted}, Ark answers {id}', async () => {
		const ch = await create(seedBody(), sim.chainhubUrl);
		expect(ch.status).toBe(200);
		expect(ch.headers['content-type']).toMatch(/^application\/json/);
		expect(Object.keys(ch.json).sort()).toEqual(['id', 'status']);
		expect(ch.json.status).toBe('submitted');
		expect(ch.json.id).toMatch(/^cgt-\d{14}-[a-z0-9]{5}$/);

		const ark = await create(seedBody(), sim.arkUrl);
		expect(ark.json).toEqual({ id: expect.stringMatching(/^cgt-\d{14}-[a-z0-9]{5}$/) });
		expect(ark.json.id).not.toBe(ch.json.id);
		expect(sim.stats.created).toBe(2);

		const task = sim.tasks.get(ark.json.id)!;
		expect(task).toMatchObject({ model: LITE_I2V, status: 'queued', resolution: '720p', ratio: '16:9', duration: 5, framespersecond: 24 });
		expect(sim.taskInfo(ark.json.id)).toMatchObject({ mode: 'reference', outcome: 'succeeded' });
		expect(sim.requests[0]).toMatchObject({ method: 'POST', path: '/volc/v1/contents/generations/tasks', route: 'create' });
		expect(sim.requests[0].body).toEqual(seedBody());
	});

	test('unknown paths → 404; the root describes the simulator', async () => {
		expect((await call('GET', `${sim.arkUrl}/nope`)).json.error.code).toBe('NotFound');
		expect((await call('GET', `${sim.origin}/elsewhere`)).status).toBe(404);
		expect((await call('GET', `${sim.origin}/`, { key: null })).json).toEqual({
			name: 'seedance-simulator',
			arkUrl: sim.arkUrl,
			chainhubUrl: sim.chainhubUrl,
		});
	});
});

describe('create validation', () => {
	const img = (url: string, role?: string) => ({ type: 'image_url', image_url: { url }, ...(role ? { role } : {}) });
	const text = { type: 'text', text: 'a cat' };
	const tinyPng =
		'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

	const cases: Array<[string, unknown, number, string, string, RegExp?]> = [
		['not JSON', '{"model":', 400, 'InvalidParameter', ''],
		['body is an array', [], 400, 'InvalidParameter', ''],
		['no model', { content: [text] }, 400, 'MissingParameter', 'model'],
		['model not a string', { model: 5, content: [text] }, 400, 'InvalidParameter', 'model'],
		['unknown model (missing-…)', { model: 'missing-model', content: [text] }, 404, 'InvalidEndpointOrModel.NotFound', 'model'],
		['no content', { model: PRO }, 400, 'MissingParameter', 'content'],
		['content not an array', { model: PRO, content: 'a cat' }, 400, 'InvalidParameter', 'content'],
		['empty content', { model: PRO, content: [] }, 400, 'InvalidParameter', 'content'],
		['unknown item type', { model: PRO, content: [{ type: 'video_url' }] }, 400, 'InvalidParameter', 'content'],
		['text not a string', { model: PRO, content: [{ type: 'text', text: 1 }] }, 400, 'InvalidParameter', 'content'],
		['two text items', { model: PRO, content: [text, text] }, 400, 'InvalidParameter', 'content'],
		['empty prompt without images', { model: PRO, content: [{ type: 'text', text: ' ' }] }, 400, 'InvalidParameter', 'content'],
		['image_url without url', { model: PRO, content: [{ type: 'image_url', image_url: {} }] }, 400, 'InvalidParameter', 'content'],
		['ftp image url', { model: PRO, content: [img('ftp://x/a.png')] }, 400, 'InvalidParameter', 'content'],
		['data URL in upper case', { model: PRO, content: [img('data:image/PNG;base64,AAAA')] }, 400, 'InvalidParameter', 'content'],
		['data URL of another type', { model: PRO, content: [img('data:image/svg+xml;base64,AAAA')] }, 400, 'InvalidParameter', 'content'],
		['data URL not base64', { model: PRO, content: [img('data:image/png;base64,@@@')] }, 400, 'InvalidParameter', 'content'],
		['image smaller than 300 px', { model: PRO, content: [img(tinyPng)] }, 400, 'InvalidParameter', 'content', /1x1/],
		['unknown role', { model: PRO, content: [img(IMG, 'middle_frame')] }, 400, 'InvalidParameter', 'content'],
		['two images without roles', { model: PRO, content: [img(IMG), img(IMG)] }, 400, 'InvalidParameter', 'content', /role must be specified for image contents/],
		['last_frame alone', { model: PRO, content: [img(IMG, 'last_frame')] }, 400, 'InvalidParameter', 'content'],
		['two first frames', { model: PRO, content: [img(IMG, 'first_frame'), img(IMG, 'first_frame')] }, 400, 'InvalidParameter', 'content'],
		['modes mixed', { model: LITE_I2V, content: [img(IMG, 'first_frame'), img(IMG, 'reference_image')] }, 400, 'InvalidParameter', 'content', /never mix/],
		['5 reference images', { model: LITE_I2V, content: [1, 2, 3, 4, 5].map(() => img(IMG, 'reference_image')) }, 400, 'InvalidParameter', 'content'],
		['reference images on 1.0 pro', { model: PRO, content: [text, img(IMG, 'reference_image')] }, 400, 'InvalidParameter', 'content', /does not support reference images/],
		['first+last on pro-fast', { model: PRO_FAST, content: [img(IMG, 'first_frame'), img(IMG, 'last_frame')] }, 400, 'InvalidParameter', 'content'],
		['image on lite-t2v', { model: LITE_T2V, content: [text, img(IMG)] }, 400, 'InvalidParameter', 'content'],
		['resolution 4k', { ...t2v('x'), resolution: '4k' }, 400, 'InvalidParameter', 'resolution'],
		['1080p in reference mode', { ...seedBody(), resolution: '1080p' }, 400, 'InvalidParameter', 'resolution'],
		['ratio 2:1', { ...t2v('x'), ratio: '2:1' }, 400, 'InvalidParameter', 'ratio'],
		['adaptive in reference mode', { ...seedBody(), ratio: 'adaptive' }, 400, 'InvalidParameter', 'ratio'],
		['camera_fixed in reference mode', { ...seedBody(), camera_fixed: false }, 400, 'InvalidParameter', 'camera_fixed'],
		['duration 1 on 1.0', { ...t2v('x'), duration: 1 }, 400, 'InvalidParameter', 'duration'],
		['duration 13 on 1.0', { ...t2v('x'), duration: 13 }, 400, 'InvalidParameter', 'duration'],
		['duration -1 on 1.0', { ...t2v('x'), duration: -1 }, 400, 'InvalidParameter', 'duration'],
		['duration 3 on 1.5 pro', { ...t2v('x', PRO_15), duration: 3 }, 400, 'InvalidParameter', 'duration'],
		['duration as a string', { ...t2v('x'), duration: '5' }, 400, 'InvalidParameter', 'duration'],
		['frames 30', { ...t2v('x'), frames: 30 }, 400, 'InvalidParameter', 'frames'],
		['frames 293', { ...t2v('x'), frames: 293 }, 400, 'InvalidParameter', 'frames'],
		['frames on 1.5 pro', { ...t2v('x', PRO_15), frames: 29 }, 400, 'InvalidParameter', 'frames'],
		['seed 2^32', { ...t2v('x'), seed: 2 ** 32 }, 400, 'InvalidParameter', 'seed'],
		['seed -2', { ...t2v('x'), seed: -2 }, 400, 'InvalidParameter', 'seed'],
		['watermark "yes"', { ...t2v('x'), watermark: 'yes' }, 400, 'InvalidParameter', 'watermark'],
		['return_last_frame 1', { ...t2v('x'), return_last_frame: 1 }, 400, 'InvalidParameter', 'return_last_frame'],
		['service_tier fast', { ...t2v('x'), service_tier: 'fast' }, 400, 'InvalidParameter', 'service_tier'],
		['execution_expires_after 3599', { ...t2v('x'), execution_expires_after: 3599 }, 400, 'InvalidParameter', 'execution_expires_after'],
		['execution_expires_after 259201', { ...t2v('x'), execution_expires_after: 259201 }, 400, 'InvalidParameter', 'execution_expires_after'],
		['callback_url not http', { ...t2v('x'), callback_url: 'ftp://x' }, 400, 'InvalidParameter', 'callback_url'],
		['generate_audio on 1.0 pro', { ...t2v('x'), generate_audio: true }, 400, 'InvalidParameter', 'generate_audio'],
		['draft on 1.0 pro', { ...t2v('x'), draft: true }, 400, 'InvalidParameter', 'draft'],
		['unsafe prompt', t2v(`a ${TRIGGERS.unsafeText} cat`), 400, 'InputTextSensitiveContentDetected', ''],
		['real person in an image', { model: PRO, content: [img('https://x.test/sim-privacy/face.jpg')] }, 400, 'InputImageSensitiveContentDetected.PrivacyInformation', ''],
	];

	// Every row gets all six columns: jest would take a missing last argument for a `done` callback.
	const rows = cases.map(([n, b, s, c, p, m]) => [n, b, s, c, p, m ?? null] as const);
	test.each(rows)('%s', async (_name, body, status, code, param, message) => {
		const r = await create(body);
		expect(r.status).toBe(status);
		expect(r.json.error).toEqual({
			code,
			message: expect.stringMatching(/ Request id: \w+$/),
			param,
			type: status === 404 ? 'NotFound' : 'BadRequest',
		});
		if (message) expect(r.json.error.message).toMatch(message);
		if (code === 'InvalidParameter' && param) expect(r.json.error.message).toContain(`The parameter \`${param}\` specified in the request is not valid`);
		expect(sim.stats).toMatchObject({ createAttempts: 1, created: 0, validationErrors: 1 });
		expect(sim.tasks.size).toBe(0);
	});

	test('accepted inputs: data URL within limits, first+last, 4 references, endpoint ids, 1.5 pro options', async () => {
		const ok: unknown[] = [
			{ model: PRO, content: [img(sampleImageDataUrl())] },
			{ model: PRO, content: [text, img(IMG, 'first_frame'), img(IMG, 'last_frame')] },
			{ model: LITE_I2V, content: [1, 2, 3, 4].map(() => img(IMG, 'reference_image')) },
			{ model: LITE_I2V, content: [img(IMG)] },
			{ model: 'ep-20250101-abcde', content: [text, img(IMG, 'reference_image')], generate_audio: false, duration: -1 },
			{ model: 'seedance-1-0-lite-i2v-250428', content: [img(IMG, 'reference_image')] },
			{ ...t2v('x', PRO_15), duration: -1, generate_audio: false, draft: true },
			{ ...t2v('x', PRO_15), duration: 12 },
			{ ...t2v('x'), frames: 29, seed: 2 ** 32 - 1, execution_expires_after: 3600, service_tier: 'flex', watermark: true, camera_fixed: true, callback_url: 'https://example.com/cb' },
			{ ...t2v('x'), frames: 289, seed: -1, unknown_field: 1 },
		];
		for (const body of ok) {
			const r = await create(body);
			expect([r.status, r.text]).toEqual([200, expect.any(String)]);
		}
		expect(sim.stats.created).toBe(ok.length);
	});

	test('defaults per mode and model', async () => {
		const task = async (body: unknown) => sim.tasks.get(await createId(body))!;
		expect(await task(t2v('x', PRO))).toMatchObject({ resolution: '1080p', ratio: '16:9', duration: 5, service_tier: 'default', execution_expires_after: 172800, return_last_frame: false, error: null });
		expect(await task(t2v('x', PRO_FAST))).toMatchObject({ resolution: '1080p' });
		expect(await task(t2v('x', LITE_T2V))).toMatchObject({ resolution: '720p', ratio: '16:9' });
		expect(await task({ model: PRO, content: [img(IMG)] })).toMatchObject({ ratio: 'adaptive' });
		expect(await task({ model: PRO, content: [img(IMG, 'first_frame'), img(IMG, 'last_frame')] })).toMatchObject({ ratio: 'adaptive' });
		expect(await task(seedBody())).toMatchObject({ resolution: '720p', ratio: '16:9' });
		expect(await task(t2v('x', 'ep-20250101-abcde'))).toMatchObject({ resolution: '720p' });

		const t15 = await task(t2v('x', PRO_15));
		expect(t15.generate_audio).toBe(true);
		expect(t15).not.toHaveProperty('draft');
		const t10 = await task(t2v('x', PRO));
		expect(t10).not.toHaveProperty('generate_audio');
		expect(t10.seed).toEqual(expect.any(Number));
		expect(t10.seed).toBeGreaterThanOrEqual(0);
		const frames = await task({ ...t2v('x'), frames: 49 });
		expect(frames.frames).toBe(49);
		expect(frames).not.toHaveProperty('duration');
		expect((await task({ ...t2v('x', PRO_15), draft: true, generate_audio: false }))).toMatchObject({ draft: true, generate_audio: false });
	});

	test('prompt commands: good values apply, bad ones fall back silently, top-level fields win', async () => {
		const task = async (body: unknown) => sim.tasks.get(await createId(body))!;
		const good = await task(t2v('a cat --rs 480p --dur 8 --rt 9:16 --seed 7 --cf true --wm true --fps 24'));
		expect(good).toMatchObject({ resolution: '480p', duration: 8, ratio: '9:16', seed: 7, framespersecond: 24 });
		expect(sim.taskInfo(good.id)).toMatchObject({ camera_fixed: true, watermark: true });

		const long = await task(t2v('a cat --resolution 720p --duration 3 --ratio 1:1 --camerafixed false --watermark false --framespersecond 24'));
		expect(long).toMatchObject({ resolution: '720p', duration: 3, ratio: '1:1' });

		const bad = await task(t2v('a cat --rs 4k --dur 99 --rt 2:1 --seed x --fps 30 --cf maybe'));
		expect(bad).toMatchObject({ resolution: '1080p', duration: 5, ratio: '16:9', framespersecond: 24 });
		expect(sim.taskInfo(bad.id)!.commands).toEqual({});

		// Reference mode: unsupported command values fall back instead of failing.
		const ref = seedBody();
		ref.content[0] = { type: 'text', text: '[Figure 1] --rs 1080p --rt adaptive --cf true' };
		expect(await task(ref)).toMatchObject({ resolution: '720p', ratio: '16:9' });

		expect(await task({ ...t2v('x --rs 480p --dur 8'), resolution: '720p' })).toMatchObject({ resolution: '720p', duration: 8 });
	});
});

describe('state machine', () => {
	test('polls mode: queued → running → succeeded, one GET each; content and usage only on success', async () => {
		const id = await createId({ ...t2v('x', LITE_T2V), return_last_frame: true });
		const seen = await pollToEnd(id);
		expect(seen.map((t) => t.status)).toEqual(['queued', 'running', 'succeeded']);
		for (const t of seen.slice(0, 2)) {
			expect(t).not.toHaveProperty('content');
			expect(t).not.toHaveProperty('usage');
			expect(t.error).toBeNull();
		}
		const done = seen[2];
		expect(done.content).toEqual({ video_url: `${sim.origin}/files/${id}.mp4`, last_frame_url: `${sim.origin}/files/${id}.png` });
		expect(done.usage).toEqual({ completion_tokens: expect.any(Number), total_tokens: done.usage!.completion_tokens });
		expect(done.usage!.completion_tokens).toBeGreaterThan(0);
		expect(done.updated_at).toBeGreaterThanOrEqual(done.created_at);
		expect(Number.isInteger(done.created_at) && done.created_at < 1e11).toBe(true);
		// Terminal stays terminal.
		expect((await get(id)).json.status).toBe('succeeded');
		expect(sim.taskInfo(id)!.polls).toBe(4);

		// Without return_last_frame there is no last_frame_url.
		const plain = await pollToEnd(await createId(t2v('x')));
		expect(Object.keys(plain[2].content!)).toEqual(['video_url']);
	});

	test('only GETs of that task move it; list and other tasks do not', async () => {
		const a = await createId(t2v('a'));
		const b = await createId(t2v('b'));
		await call('GET', sim.arkUrl + TASKS);
		await get(a);
		expect(sim.tasks.get(a)!.status).toBe('running');
		expect(sim.tasks.get(b)!.status).toBe('queued');
	});

	test('queuedPolls / runningPolls are honoured', async () => {
		const s = await extraSim({ queuedPolls: 2, runningPolls: 3 });
		const id = await createId(t2v('x'), s.chainhubUrl);
		const seen = await pollToEnd(id, s.chainhubUrl);
		expect(seen.map((t) => t.status)).toEqual(['queued', 'queued', 'running', 'running', 'running', 'succeeded']);

		const fast = await extraSim({ queuedPolls: 0, runningPolls: 0 });
		const id2 = await createId(t2v('x'), fast.arkUrl);
		expect((await get(id2, fast.arkUrl)).json.status).toBe('succeeded');
	});

	test('[sim:fail] ends failed with OutputVideoSensitiveContentDetected; [sim:expire] ends expired', async () => {
		const failed = await pollToEnd(await createId(t2v(`x ${TRIGGERS.fail}`)));
		expect(failed.map((t) => t.status)).toEqual(['queued', 'running', 'failed']);
		expect(failed[2].error).toEqual({ code: 'OutputVideoSensitiveContentDetected', message: expect.any(String) });
		expect(failed[2]).not.toHaveProperty('content');
		expect(failed[2]).not.toHaveProperty('usage');

		const expired = await pollToEnd(await createId(t2v(`x ${TRIGGERS.expire}`)));
		expect(expired.map((t) => t.status)).toEqual(['queued', 'running', 'expired']);
		expect(expired[2]).not.toHaveProperty('content');
	});

	test('setStatus forces a status and pins the task', async () => {
		const id = await createId(t2v('x'));
		const forced = sim.setStatus(id, 'failed', { error: { code: 'InternalServiceError', message: 'boom' } });
		expect(forced.error).toEqual({ code: 'InternalServiceError', message: 'boom' });
		expect((await get(id)).json).toMatchObject({ status: 'failed', error: { code: 'InternalServiceError', message: 'boom' } });

		const id2 = await createId(t2v('x'));
		sim.setStatus(id2, 'running');
		for (let i = 0; i < 4; i++) expect((await get(id2)).json.status).toBe('running');
		sim.setStatus(id2, 'succeeded');
		expect((await get(id2)).json.content.video_url).toBe(`${sim.origin}/files/${id2}.mp4`);

		expect(() => sim.setStatus('cgt-20250101000000-zzzzz', 'failed')).toThrow();
		expect(() => sim.setStatus(id2, 'done' as any)).toThrow();
	});

	test('time mode: status follows the clock', async () => {
		const s = await extraSim({ progress: 'time', queuedMs: 100, runningMs: 100 });
		const id = await createId(t2v('x'), s.arkUrl);
		expect((await get(id, s.arkUrl)).json.status).toBe('queued');
		await new Promise((r) => setTimeout(r, 140));
		expect((await get(id, s.arkUrl)).json.status).toBe('running');
		await new Promise((r) => setTimeout(r, 110));
		const done = (await get(id, s.arkUrl)).json;
		expect(done.status).toBe('succeeded');
		expect(done.content.video_url).toBe(`${s.origin}/files/${id}.mp4`);
	});

	test('callbacks: POSTed to a loopback receiver on each change; succeeded retried on non-2xx', async () => {
		const got: Array<{ status: string; auth?: string }> = [];
		let fails = 2;
		const receiver = http.createServer((req, res) => {
			let b = '';
			req.on('data', (c) => (b += c));
			req.on('end', () => {
				const task = JSON.parse(b);
				got.push({ status: task.status, auth: req.headers.authorization });
				const refuse = task.status === 'succeeded' && fails-- > 0;
				res.writeHead(refuse ? 500 : 200).end();
			});
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
		try {
			const port = (receiver.address() as any).port;
			const id = await createId({ ...t2v('x'), callback_url: `http://127.0.0.1:${port}/hook` });
			await pollToEnd(id);
			const deadline = Date.now() + 2000;
			while (got.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
			expect(got.map((g) => g.status)).toEqual(['queued', 'running', 'succeeded', 'succeeded', 'succeeded']);
			expect(got.every((g) => g.auth === undefined)).toBe(true);
			expect(sim.callbacks.filter((c) => c.status === 'succeeded').map((c) => c.outcome)).toEqual(['http-error', 'http-error', 'ok']);

			// A non-loopback URL is accepted but never called.
			await createId({ ...t2v('x'), callback_url: 'https://example.com/hook' });
			expect(sim.callbacks.at(-1)).toMatchObject({ outcome: 'skipped', url: 'https://example.com/hook' });
		} finally {
			await new Promise((r) => receiver.close(r));
		}
	});

	test('callbacks stopped: changes meanwhile are dropped, never sent nor retried; resumed, the next change is sent', async () => {
		const got: string[] = [];
		const receiver = http.createServer((req, res) => {
			let b = '';
			req.on('data', (c) => (b += c));
			req.on('end', () => {
				got.push(JSON.parse(b).status);
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
		try {
			const port = (receiver.address() as any).port;
			const id = await createId({ ...t2v('x'), callback_url: `http://127.0.0.1:${port}/hook` });
			sim.stopCallbacks();
			sim.setStatus(id, 'running');
			sim.resumeCallbacks();
			sim.setStatus(id, 'succeeded');
			const deadline = Date.now() + 2000;
			while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
			await new Promise((r) => setTimeout(r, 50));
			expect(got).toEqual(['queued', 'succeeded']);
			expect(sim.callbacks.map((c) => [c.status, c.outcome])).toEqual([
				['queued', 'ok'],
				['running', 'dropped'],
				['succeeded', 'ok'],
			]);
		} finally {
			await new Promise((r) => receiver.close(r));
		}
	});
});

describe('list', () => {
	test('filters, pagination, newest first, total counts all matches', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(await createId(t2v(`n${i}`, i % 2 ? PRO : LITE_T2V, i === 4 ? { service_tier: 'flex' } : {})));
		await get(ids[0]); // running
		const list = async (qs: string) => call('GET', `${sim.chainhubUrl}${TASKS}${qs}`);

		const all = await list('');
		expect(all.json.total).toBe(5);
		expect(all.json.items.map((t: SeedanceTask) => t.id)).toEqual([...ids].reverse());
		expect(all.json.items[4].status).toBe('running');

		const page = await list('?page_num=2&page_size=2');
		expect(page.json).toEqual({ items: [expect.objectContaining({ id: ids[2] }), expect.objectContaining({ id: ids[1] })], total: 5 });
		expect((await list('?page_num=4&page_size=2')).json).toEqual({ items: [], total: 5 });

		expect((await list('?filter.status=running')).json.items.map((t: SeedanceTask) => t.id)).toEqual([ids[0]]);
		expect((await list('?filter.status=queued')).json.total).toBe(4);
		expect((await list(`?filter.model=${PRO}`)).json.items.map((t: SeedanceTask) => t.id)).toEqual([ids[3], ids[1]]);
		expect((await list('?filter.service_tier=flex')).json.items.map((t: SeedanceTask) => t.id)).toEqual([ids[4]]);

		const rep = await list(`?filter.task_ids=${ids[0]}&filter.task_ids=${ids[2]}&filter.task_ids=cgt-20250101000000-aaaaa`);
		expect(rep.json.items.map((t: SeedanceTask) => t.id)).toEqual([ids[2], ids[0]]);
		expect(rep.json.total).toBe(2);
		expect(sim.requests.at(-1)!.query['filter.task_ids']).toEqual([ids[0], ids[2], 'cgt-20250101000000-aaaaa']);

		const combined = await list(`?filter.task_ids=${ids[0]}&filter.task_ids=${ids[1]}&filter.status=queued&page_size=1`);
		expect(combined.json).toEqual({ items: [expect.objectContaining({ id: ids[1] })], total: 1 });
	});

	test.each([
		['page_num=0', 'page_num'],
		['page_num=501', 'page_num'],
		['page_size=0', 'page_size'],
		['page_size=501', 'page_size'],
		['page_size=abc', 'page_size'],
		['page_size=1.5', 'page_size'],
		['filter.status=done', 'filter.status'],
		['filter.service_tier=fast', 'filter.service_tier'],
	])('bad query %s → 400 InvalidParameter', async (qs, param) => {
		const r = await call('GET', `${sim.arkUrl}${TASKS}?${qs}`);
		expect(r.status).toBe(400);
		expect(r.json.error).toMatchObject({ code: 'InvalidParameter', param, type: 'BadRequest' });
	});

	test('page bounds 1 and 500 are accepted', async () => {
		expect((await call('GET', `${sim.arkUrl}${TASKS}?page_num=500&page_size=1`)).status).toBe(200);
		expect((await call('GET', `${sim.arkUrl}${TASKS}?page_num=1&page_size=500`)).status).toBe(200);
	});
});

describe('delete', () => {
	const del = async (id: string) => call('DELETE', `${sim.arkUrl}${TASKS}/${id}`);

	test('queued → cancelled (200 {}), then refused', async () => {
		const id = await createId(t2v('x'));
		const r = await del(id);
		expect([r.status, r.text]).toEqual([200, '{}']);
		expect((await get(id)).json.status).toBe('cancelled');
		expect((await get(id)).json.status).toBe('cancelled');
		const again = await del(id);
		expect(again.status).toBe(400);
		expect(again.json.error).toMatchObject({ code: 'InvalidParameter', param: 'id', message: expect.stringMatching(/cancelled/) });
		expect(sim.stats.cancelled).toBe(1);
	});

	test('running → refused, the task goes on', async () => {
		const id = await createId(t2v('x'));
		await get(id);
		const r = await del(id);
		expect(r.status).toBe(400);
		expect(r.json.error).toMatchObject({ code: 'InvalidParameter', param: 'id', message: expect.stringMatching(/running task can't be cancelled/) });
		expect((await get(id)).json.status).toBe('running');
	});

	test.each([['succeeded', ''], ['failed', TRIGGERS.fail], ['expired', TRIGGERS.expire]])(
		'%s → record deleted, then 404',
		async (status, trigger) => {
			const id = await createId(t2v(`x ${trigger}`));
			expect((await pollToEnd(id)).at(-1)!.status).toBe(status);
			const r = await del(id);
			expect([r.status, r.json]).toEqual([200, {}]);
			expect(sim.tasks.has(id)).toBe(false);
			const gone = await get(id);
			expect(gone.status).toBe(404);
			expect(gone.json.error).toMatchObject({ code: 'ResourceNotFound', message: expect.stringContaining(`The specified task ${id} is not found`) });
			expect(sim.stats.deleted).toBe(1);
		},
	);

	test('unknown id → 404 ResourceNotFound on get and delete', async () => {
		for (const r of [await get('cgt-20250101000000-nopee'), await del('cgt-20250101000000-nopee')]) {
			expect(r.status).toBe(404);
			expect(r.json.error).toEqual({
				code: 'ResourceNotFound',
				message: expect.stringMatching(/^The specified task cgt-20250101000000-nopee is not found\. Request id: \w+$/),
				param: 'id',
				type: 'NotFound',
			});
		}
	});
});

describe('faults', () => {
	test('status: error body, nothing created, one request only', async () => {
		for (const status of [500, 502, 503]) sim.fault({ kind: 'status', status, route: 'create' });
		const codes = [];
		for (let i = 0; i < 3; i++) {
			const r = await create(t2v('x'));
			codes.push([r.status, r.json.error.code]);
		}
		expect(codes).toEqual([[500, 'InternalServiceError'], [502, 'BadGateway'], [503, 'ServiceUnavailable']]);
		expect(sim.stats).toMatchObject({ createAttempts: 3, created: 0, faultsFired: 3 });
		expect((await create(t2v('x'))).status).toBe(200);
		expect(sim.stats.created).toBe(1);
	});

	test('status with a code, a route, times and retryAfter', async () => {
		sim.fault({ kind: 'status', status: 429, code: 'ServerOverloaded', route: 'get', times: 2, retryAfter: 3 });
		const id = await createId(t2v('x'));
		const r1 = await get(id);
		expect([r1.status, r1.json.error.code, r1.json.error.type, r1.headers['retry-after']]).toEqual([429, 'ServerOverloaded', 'TooManyRequests', '3']);
		expect((await get(id)).status).toBe(429);
		expect((await get(id)).json.status).toBe('queued'); // faulted GETs did not advance it
	});

	test('status-after-create: task created, then 500', async () => {
		sim.fault({ kind: 'status-after-create', status: 500 });
		const r = await create(t2v('x'));
		expect(r.status).toBe(500);
		expect(r.json.error.code).toBe('InternalServiceError');
		expect(sim.stats.created).toBe(1);
		expect(sim.tasks.size).toBe(1);
	});

	test('reset-before: connection dropped, nothing created', async () => {
		sim.fault({ kind: 'reset-before' });
		await expect(create(t2v('x'))).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sim.stats).toMatchObject({ createAttempts: 1, created: 0 });
		expect(sim.requests).toHaveLength(1);
	});

	test('reset-after-create: connection dropped, task created', async () => {
		sim.fault({ kind: 'reset-after-create' });
		await expect(create(t2v('x'))).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sim.stats).toMatchObject({ createAttempts: 1, created: 1 });
	});

	test('slow: answers after delayMs; a create gives up on the client side still creates the task', async () => {
		sim.fault({ kind: 'slow', delayMs: 150, route: 'create' });
		const t0 = Date.now();
		const r = await create(t2v('x'));
		expect(r.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

		sim.fault({ kind: 'slow', delayMs: 150, route: 'create' });
		await expect(call('POST', sim.arkUrl + TASKS, { body: t2v('y'), timeoutMs: 30 })).rejects.toThrow('client timeout');
		expect(sim.stats.created).toBe(1);
		await new Promise((res) => setTimeout(res, 200));
		expect(sim.stats.created).toBe(2);
	});

	test('slow: reset() drops a request still waiting, so nothing leaks into the next test', async () => {
		sim.fault({ kind: 'slow', delayMs: 200, route: 'create' });
		const pending = create(t2v('x')).then(
			() => 'answered',
			() => 'dropped',
		);
		while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
		sim.reset();
		expect(await pending).toBe('dropped');
		await new Promise((r) => setTimeout(r, 250));
		expect(sim.stats.created).toBe(0);
		expect(sim.tasks.size).toBe(0);
	});

	test('malformed-json: 200 with a truncated body (the create did happen)', async () => {
		sim.fault({ kind: 'malformed-json' });
		const r = await create(t2v('x'));
		expect(r.status).toBe(200);
		expect(r.text).toBe('{"id": "cgt-');
		expect(r.json).toBeUndefined();
		expect(sim.stats.created).toBe(1);
	});

	test('html: nginx error page, nothing created', async () => {
		sim.fault({ kind: 'html', status: 502 });
		const r = await create(t2v('x'));
		expect(r.status).toBe(502);
		expect(r.headers['content-type']).toMatch(/^text\/html/);
		expect(r.text).toContain('<center><h1>502 Bad Gateway</h1></center>');
		expect(r.text).toContain('nginx');
		expect(sim.stats.created).toBe(0);
	});

	test('error-200: 200 with an error body, nothing created', async () => {
		sim.fault({ kind: 'error-200', code: 'InternalServiceError' });
		const r = await create(t2v('x'));
		expect(r.status).toBe(200);
		expect(r.json.error).toMatchObject({ code: 'InternalServiceError', message: expect.any(String), param: '' });
		expect(sim.stats.created).toBe(0);
	});

	test('no-status: the task answer lacks status (and the task still advances)', async () => {
		const id = await createId(t2v('x'));
		sim.fault({ kind: 'no-status' });
		const r = await get(id);
		expect(r.status).toBe(200);
		expect(r.json.id).toBe(id);
		expect(r.json).not.toHaveProperty('status');
		expect((await get(id)).json.status).toBe('running');
	});

	test('route any, order and clearFaults', async () => {
		sim.fault({ kind: 'status', status: 500, route: 'any', times: 2 });
		expect((await call('GET', sim.arkUrl + TASKS)).status).toBe(500);
		expect((await create(t2v('x'))).status).toBe(500);
		expect((await create(t2v('x'))).status).toBe(200);
		sim.fault({ kind: 'status', status: 503, route: 'list', times: Infinity });
		sim.clearFaults();
		expect((await call('GET', sim.arkUrl + TASKS)).status).toBe(200);
		expect(() => sim.fault({ kind: 'no-status', route: 'create' })).toThrow();
		expect(() => sim.fault({ kind: 'bogus' } as any)).toThrow();
	});

	test('rpm with Retry-After: over the limit → 429, nothing created; window slides', async () => {
		sim.fault({ kind: 'rpm', limit: 2, windowMs: 300, retryAfter: 1 });
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await create(t2v(`x${i}`)));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 429]);
		expect(answers[2].json.error).toMatchObject({ code: 'ModelAccountRpmRateLimitExceeded', type: 'TooManyRequests' });
		expect(answers[2].headers['retry-after']).toBe('1');
		expect(sim.stats).toMatchObject({ createAttempts: 4, created: 2, rateLimited: 2 });
		expect(sim.tasks.size).toBe(2);
		// Gets are not limited.
		expect((await get(answers[0].json.id)).status).toBe(200);
		await new Promise((r) => setTimeout(r, 320));
		expect((await create(t2v('later'))).status).toBe(200);
		expect(sim.stats.created).toBe(3);
	});

	test('rpm without Retry-After and with another code; stays on until cleared', async () => {
		sim.fault({ kind: 'rpm', limit: 0, windowMs: 1000, code: 'RateLimitExceeded.EndpointRPMExceeded' });
		for (let i = 0; i < 3; i++) {
			const r = await create(t2v('x'));
			expect(r.status).toBe(429);
			expect(r.headers).not.toHaveProperty('retry-after');
			expect(r.json.error.code).toBe('RateLimitExceeded.EndpointRPMExceeded');
		}
		sim.clearFaults();
		expect((await create(t2v('x'))).status).toBe(200);
		expect(sim.stats).toMatchObject({ createAttempts: 4, created: 1, rateLimited: 3 });
	});
});

describe('video files', () => {
	test('the mp4 is served, real and whole; range requests work; no auth needed', async () => {
		const id = await createId({ ...t2v('x'), return_last_frame: true });
		const done = (await pollToEnd(id)).at(-1)!;
		const r = await call('GET', done.content!.video_url, { key: null });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('video/mp4');
		expect(Number(r.headers['content-length'])).toBe(r.raw.length);
		expect(r.raw.length).toBeGreaterThan(1000);
		expect(r.raw.length).toBeLessThan(100 * 1024);
		expect(r.raw.toString('ascii', 4, 8)).toBe('ftyp');
		expect(r.raw.includes(Buffer.from('moov'))).toBe(true);

		const part = await call('GET', done.content!.video_url, { key: null, headers: { Range: 'bytes=0-7' } });
		expect(part.status).toBe(206);
		expect(part.headers['content-range']).toBe(`bytes 0-7/${r.raw.length}`);
		expect(part.raw.equals(r.raw.subarray(0, 8))).toBe(true);

		const png = await call('GET', done.content!.last_frame_url!, { key: null });
		expect(png.status).toBe(200);
		expect(png.headers['content-type']).toBe('image/png');
		expect(png.raw.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
		expect(sim.stats.fileDownloads).toBe(3);
	});

	test('expired video → 403 AccessDenied XML; unknown or unfinished → 404 NoSuchKey', async () => {
		const id = await createId(t2v('x'));
		expect((await call('GET', `${sim.origin}/files/${id}.mp4`)).status).toBe(404); // not generated yet
		await pollToEnd(id);
		sim.expireVideo(id);
		const r = await call('GET', `${sim.origin}/files/${id}.mp4`, { key: null });
		expect(r.status).toBe(403);
		expect(r.headers['content-type']).toBe('application/xml');
		expect(r.text).toMatch(/<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
		expect((await call('GET', `${sim.origin}/files/${id}.png`)).status).toBe(404); // no last frame asked
		expect((await call('GET', `${sim.origin}/files/cgt-20250101000000-nopee.mp4`)).text).toContain('<Code>NoSuchKey</Code>');
		expect(() => sim.expireVideo('cgt-20250101000000-nopee')).toThrow();
	});

	test('not-video: the video URL answers 200 with a page, a JSON error, nothing, or text labelled video/mp4', async () => {
		const id = await createId(t2v('x'));
		const url = (await pollToEnd(id)).at(-1)!.content!.video_url;
		const seen = [];
		for (const body of ['html', 'json', 'empty', 'text'] as const) {
			sim.fault({ kind: 'not-video', body });
			const r = await call('GET', url, { key: null });
			seen.push([r.status, r.headers['content-type'], r.raw.length > 0, r.raw.toString('latin1', 4, 8) === 'ftyp']);
		}
		expect(seen).toEqual([
			[200, 'text/html; charset=utf-8', true, false],
			[200, 'application/json', true, false],
			[200, 'video/mp4', false, false],
			[200, 'video/mp4', true, false],
		]);
		sim.fault({ kind: 'not-video', body: 'html', contentType: 'video/mp4' });
		expect((await call('GET', url, { key: null })).headers['content-type']).toBe('video/mp4');
		expect((await call('GET', url, { key: null })).raw.toString('latin1', 4, 8)).toBe('ftyp');
	});

	test('redirect toOtherOrigin: the same path on localhost, which reaches this server as another origin', async () => {
		const id = await createId(t2v('x'));
		const url = (await pollToEnd(id)).at(-1)!.content!.video_url;
		sim.fault({ route: 'file', kind: 'redirect', status: 302, toOtherOrigin: true });
		const r = await call('GET', url, { key: null });
		expect([r.status, r.headers.location]).toEqual([302, `${sim.otherOrigin}/files/${id}.mp4`]);
		expect(sim.otherOrigin).toBe(`http://localhost:${new URL(sim.origin).port}`);
		const there = await call('GET', r.headers.location!, { key: null });
		expect(there.status).toBe(200);
		expect(sim.requests.at(-1)!.headers.host).toBe(`localhost:${new URL(sim.origin).port}`);
	});

	test('a deleted record keeps its video until it expires', async () => {
		const id = await createId(t2v('x'));
		const url = (await pollToEnd(id)).at(-1)!.content!.video_url;
		await call('DELETE', `${sim.arkUrl}${TASKS}/${id}`);
		expect((await call('GET', url)).status).toBe(200);
	});
});

describe('counters and reset', () => {
	test('stats count what happened', async () => {
		const id = await createId(t2v('x'));
		await create({ model: PRO });
		await call('GET', `${sim.arkUrl}${TASKS}`);
		await get(id);
		await call('DELETE', `${sim.arkUrl}${TASKS}/${id}`, { key: 'nope' });
		expect(sim.stats).toMatchObject({ requests: 5, createAttempts: 2, created: 1, validationErrors: 1, lists: 1, gets: 1, deletes: 0, authFailures: 1 });
		expect(sim.requests.map((r) => r.route)).toEqual(['create', 'create', 'list', 'get', 'delete']);
		expect(sim.requests[2].query).toEqual({});
		sim.reset();
		expect(sim.stats.requests).toBe(0);
		expect(sim.requests).toHaveLength(0);
		expect(sim.tasks.size).toBe(0);
	});
});

describe('cli', () => {
	test('prints its urls, logs one line per request without the key, exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../simulator/cli.js'), '--port', '0', '--api-key', 'sk-cli-secret'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stderr.on('data', (c) => (err += c));
		const line = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', (c) => {
				out += c;
				if (out.includes('\n')) resolve(out.split('\n')[0]);
			});
			child.on('exit', () => reject(new Error(`cli exited: ${err}`)));
		});
		const urls = JSON.parse(line);
		expect(urls).toEqual({ origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), arkUrl: `${urls.origin}/api/v3`, chainhubUrl: `${urls.origin}/volc/v1` });
		const r = await call('POST', urls.chainhubUrl + TASKS, { key: 'sk-cli-secret', body: seedBody() });
		expect(r.json.status).toBe('submitted');
		await new Promise((res) => setTimeout(res, 50));
		const code = await new Promise<number | null>((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
		expect(err).toMatch(/POST \/volc\/v1\/contents\/generations\/tasks 200/);
		expect(err + out).not.toContain('sk-cli-secret');
	});
});

describe('Seedance 2.x rules (seedance-api-2x.md)', () => {
	const V20 = 'dreamina-seedance-2-0-260128';
	const FAST = 'doubao-seedance-2-0-fast-260128';
	const V25 = 'doubao-seedance-2-5-260628';
	const text = (t = 'a cat') => ({ type: 'text', text: t });
	const ref = (url = IMG) => ({ type: 'image_url', image_url: { url }, role: 'reference_image' });
	const frame = (role: string) => ({ type: 'image_url', image_url: { url: IMG }, role });
	const video = (url = 'https://v.test/a.mp4', role: string | undefined = 'reference_video') => ({ type: 'video_url', video_url: { url }, ...(role ? { role } : {}) });
	const audio = (url = 'https://a.test/a.mp3') => ({ type: 'audio_url', audio_url: { url }, role: 'reference_audio' });
	const wav = (seconds: number) => `data:audio/wav;base64,${makeWav(seconds).toString('base64')}`;
	const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
	const draft = { type: 'draft_task', draft_task: { id: 'cgt-20260901-abcde' } };

	const cases: Array<[string, unknown, string, string, RegExp]> = [
		['10 reference images on 2.0', { model: V20, content: [text(), ...many(10, () => ref())] }, 'InvalidParameter', 'content', /at most 9 reference_image/],
		['4 reference videos on 2.0', { model: V20, content: [text(), ...many(4, () => video())] }, 'InvalidParameter', 'content', /at most 3 reference_video/],
		['4 reference audio clips on 2.0', { model: V20, content: [text(), ref(), ...many(4, () => audio())] }, 'InvalidParameter', 'content', /at most 3 reference_audio/],
		['31 reference images on 2.5', { model: V25, content: [text(), ...many(31, () => ref())] }, 'InvalidParameter', 'content', /at most 30 reference_image/],
		['audio alone on 2.0', { model: V20, content: [text(), audio()] }, 'InvalidParameter', 'content', /requires at least one reference_image or reference_video/],
		['base64 video', { model: V20, content: [text(), video('data:video/mp4;base64,AAAA')] }, 'InvalidParameter', 'content', /base64 video is not supported/],
		['video without its role', { model: V20, content: [text(), video(undefined, '')] }, 'InvalidParameter', 'content', /role must be reference_video/],
		['audio of another format', { model: V20, content: [text(), ref(), audio('data:audio/ogg;base64,AAAA')] }, 'InvalidParameter', 'content', /use wav or mp3/],
		['a 16 s audio clip on 2.0', { model: V20, content: [text(), ref(), audio(wav(16))] }, 'InvalidParameter', 'content', /2 to 15 seconds/],
		['18 s of audio on 2.0', { model: V20, content: [text(), ref(), ...many(3, () => audio(wav(6)))] }, 'InvalidParameter', 'content', /at most 15 seconds in total/],
		['frames mixed with references', { model: V20, content: [text(), frame('first_frame'), video()] }, 'InvalidParameter', 'content', /never mix/],
		['video on 1.0 Lite', { model: LITE_I2V, content: [text(), ref(), video()] }, 'InvalidParameter', 'content', /does not support video_url/],
		['4k on 2.0 Fast', { model: FAST, content: [text()], resolution: '4k' }, 'InvalidParameter', 'resolution', /480p, 720p/],
		['1080p on 1.5 pro in 4k form', { model: PRO_15, content: [text()], resolution: '4k' }, 'InvalidParameter', 'resolution', /480p, 720p, 1080p/],
		['frames on 2.0', { model: V20, content: [text()], frames: 121 }, 'InvalidParameter', 'frames', /use duration/],
		['camera_fixed on 2.0', { model: V20, content: [text()], camera_fixed: true }, 'InvalidParameter', 'camera_fixed', /not supported/],
		['duration 16 on 2.0', { model: V20, content: [text()], duration: 16 }, 'InvalidParameter', 'duration', /4 to 15, or -1/],
		['duration 31 on 2.5', { model: V25, content: [text()], duration: 31 }, 'InvalidParameter', 'duration', /4 to 30, or -1/],
		['flex on 2.0', { model: V20, content: [text()], service_tier: 'flex' }, 'InvalidParameter', 'service_tier', /flex/],
		['seed above 2^31-1 on 2.0', { model: V20, content: [text()], seed: 2 ** 31 }, 'InvalidParameter', 'seed', /2147483647/],
		['output_format on 2.0', { model: V20, content: [text()], output_format: 'mov' }, 'InvalidParameter', 'output_format', /not supported/],
		['output_format avi on 2.5', { model: V25, content: [text()], output_format: 'avi' }, 'InvalidParameter', 'output_format', /mp4.*mov/],
		['draft on 2.0', { model: V20, content: [text()], draft: true }, 'InvalidParameter', 'draft', /not supported/],
		['a 720p draft on 2.5', { model: V25, content: [text()], draft: true, resolution: '720p' }, 'InvalidParameter', 'resolution', /480p/],
		['priority 10', { model: V20, content: [text()], priority: 10 }, 'InvalidParameter', 'priority', /0 to 9/],
		['a long safety_identifier', { model: V20, content: [text()], safety_identifier: 'x'.repeat(65) }, 'InvalidParameter', 'safety_identifier', /64/],
		['a tool other than web_search', { model: V20, content: [text()], tools: [{ type: 'code' }] }, 'InvalidParameter', 'tools', /web_search/],
		['task type on 2.0', { model: V20, content: [text(), video()], omni_reference_task_type: 'edit' }, 'InvalidParameter', 'omni_reference_task_type', /not supported/],
		['task type "editing"', { model: V25, content: [text(), video()], omni_reference_task_type: 'editing' }, 'InvalidParameter', 'omni_reference_task_type', /auto, reference, edit, extend/],
		['edit without adaptive on 2.5', { model: V25, content: [text(), video()], omni_reference_task_type: 'edit', ratio: '16:9', duration: -1 }, 'InvalidParameter.TaskTypeConstraint', 'omni_reference_task_type', /ratio adaptive/],
		['edit with a duration on 2.5', { model: V25, content: [text(), video()], omni_reference_task_type: 'edit', ratio: 'adaptive', duration: 5 }, 'InvalidParameter.TaskTypeConstraint', 'omni_reference_task_type', /duration -1/],
		['draft_task with a prompt', { model: V25, content: [text(), draft] }, 'InvalidParameter', 'content', /only content item/],
		['draft_task with a duration', { model: V25, content: [draft], duration: 5 }, 'InvalidParameter', 'duration', /draft task/],
		['draft_task on 2.0', { model: V20, content: [draft] }, 'InvalidParameter', 'content', /does not support a draft task/],
		['draft final at 720p', { model: V25, content: [draft], resolution: '720p' }, 'InvalidResolutionParameter', 'resolution', /use 1080p/],
		['a real face in a reference video', { model: V20, content: [text(), video('https://v.test/sim-privacy.mp4')] }, 'InputVideoSensitiveContentDetected.PrivacyInformation', '', /real person/],
	];
	test.each(cases)('%s: 400 with its code', async (_name, body, code, param, message) => {
		const r = await create(body);
		expect(r.status).toBe(400);
		expect(r.json.error).toEqual({ code, message: expect.stringMatching(/ Request id: \w+$/), param, type: 'BadRequest' });
		expect(r.json.error.message).toMatch(message);
		expect(sim.tasks.size).toBe(0);
	});

	test('accepts what 2.x documents: 9/3/3 on 2.0, 30/10/10 on 2.5, audio alone on 2.5, 4k on 2.0, assets, any id ', async () => {
		const ok: unknown[] = [
			{ model: V20, content: [text(), ...many(9, () => ref()), ...many(3, () => video()), ...many(3, () => audio(wav(5)))], resolution: '1080p', ratio: 'adaptive' },
			{ model: V25, content: [text(), ...many(30, () => ref()), ...many(10, () => video()), ...many(10, () => audio())], duration: 30, output_format: 'mov' },
			{ model: V25, content: [text(), audio()] },
			{ model: V20, content: [text()], resolution: '4k', duration: -1, generate_audio: false, tools: [{ type: 'web_search' }], priority: 9 },
			{ model: V20, content: [ref('asset://asset-1'), video('asset://asset-2'), audio('asset://asset-3')] },
			{ model: V25, content: [text(), video()], omni_reference_task_type: 'edit', ratio: 'adaptive', duration: -1 },
			{ model: V25, content: [text()], draft: true, resolution: '480p' },
			{ model: V25, content: [draft], resolution: '1080p', return_last_frame: true },
			{ model: 'doubao-seedance-3-0-270101', content: [text(), ...many(40, () => ref()), audio()], resolution: '4k', duration: 60, future_field: 1 },
		];
		for (const body of ok) expect((await create(body)).status).toBe(200);
	});

	test('2.5 frames with a fixed ratio fail after the start with TaskTypeConstraint; 2.0 frames do not', async () => {
		const failed = await pollToEnd(await createId({ model: V25, content: [text(), frame('first_frame'), frame('last_frame')], ratio: '16:9' }));
		expect(failed.at(-1)).toMatchObject({ status: 'failed', error: { code: 'InvalidParameter.TaskTypeConstraint' } });
		const ok = await pollToEnd(await createId({ model: V20, content: [text(), frame('first_frame'), frame('last_frame')], ratio: '16:9' }));
		expect(ok.at(-1)!.status).toBe('succeeded');
		// The default ratio is adaptive; the task echoes the ratio the model chose.
		const defaults = await pollToEnd(await createId({ model: V25, content: [text()] }));
		// 2.5 defaults to adaptive: the finished task says the ratio the model picked (16:9 for text).
		expect(defaults.at(-1)).toMatchObject({ status: 'succeeded', ratio: '16:9', duration: 5, generate_audio: true });
	});

	test("a final from a draft echoes the draft's id and what the draft fixed (seed, ratio, duration)", async () => {
		const draftId = await createId({ model: V25, content: [text()], draft: true, resolution: '480p', seed: 1234, ratio: '9:16', duration: 8 });
		const finalId = await createId({ model: V25, content: [{ type: 'draft_task', draft_task: { id: draftId } }], resolution: '1080p' });
		expect(sim.tasks.get(finalId)).toMatchObject({ draft_task_id: draftId, seed: 1234, ratio: '9:16', duration: 8, resolution: '1080p' });
	});

	test('a copyrighted sound track fails the task with the audio code', async () => {
		const tasks = await pollToEnd(await createId({ model: V20, content: [text(`a song ${TRIGGERS.audioCopyright}`)] }));
		expect(tasks.at(-1)!.error).toMatchObject({ code: 'OutputAudioSensitiveContentDetected.PolicyViolation' });
	});

	test('2.x reads no prompt commands: they stay prompt text', async () => {
		const id = await createId({ model: V20, content: [text('a cat --rs 480p')] });
		expect(sim.tasks.get(id)!.resolution).toBe('720p');
	});
});

describe('billed tokens (the worked examples of docs/prices.md: 24 × seconds + 1 frames, truncated; the video-input minimum)', () => {
	const V20 = 'doubao-seedance-2-0-260128';
	const MINI = 'dreamina-seedance-2-0-mini-260615';
	const V25 = 'doubao-seedance-2-5-260628';
	const text = { type: 'text', text: 'a paper boat' };
	const video = (seconds: number) => ({ type: 'video_url', video_url: { url: `https://v.test/clip.mp4?sim-seconds=${seconds}` }, role: 'reference_video' });
	const billed = async (body: Record<string, unknown>) => {
		const id = await createId(body);
		sim.setStatus(id, 'succeeded');
		return sim.tasks.get(id)!.usage!.completion_tokens;
	};

	test.each([
		['1: 2.0, 720p 16:9, 5 s', { model: V20, content: [text], resolution: '720p', ratio: '16:9', duration: 5 }, 900 * 121],
		['2: 2.0, 1080p 16:9, 10 s', { model: V20, content: [text], resolution: '1080p', ratio: '16:9', duration: 10 }, 2025 * 241],
		['3: 2.5, 720p 16:9, 5 s + a 6 s reference video', { model: V25, content: [text, video(6)], resolution: '720p', ratio: '16:9', duration: 5 }, 900 * 265],
		['3b: the same with a 2 s video: the minimum, 9 s of output frames', { model: V25, content: [text, video(2)], resolution: '720p', ratio: '16:9', duration: 5 }, 194_400],
		['4: 1.0 Pro, 1080p 16:9 (1920×1088), 5 s', { model: PRO, content: [text], resolution: '1080p', ratio: '16:9', duration: 5 }, 2040 * 121],
		['4: 1.0 Pro with frames 121', { model: PRO, content: [text], resolution: '1080p', ratio: '16:9', frames: 121 }, 2040 * 121],
		['6: 1.5 Pro, 480p 16:9 (864×496), 5 s, audio', { model: PRO_15, content: [text], resolution: '480p', ratio: '16:9', duration: 5 }, Math.floor(418.5 * 121)],
		['6: its draft counts 0.6 × (audio)', { model: PRO_15, content: [text], resolution: '480p', ratio: '16:9', duration: 5, draft: true }, Math.floor(Math.floor(418.5 * 121) * 0.6)],
		['6: a silent draft 0.7 ×', { model: PRO_15, content: [text], resolution: '480p', ratio: '16:9', duration: 5, draft: true, generate_audio: false }, Math.floor(Math.floor(418.5 * 121) * 0.7)],
		['7: 2.0 Mini, 720p 16:9, 5 s', { model: MINI, content: [text], resolution: '720p', ratio: '16:9', duration: 5 }, 108_900],
		['8: 2.5, 480p 9:16 (480×854), 6 s: truncated', { model: V25, content: [text], resolution: '480p', ratio: '9:16', duration: 6 }, 58_045],
		['2.0 720p 4 s + about 4 s of reference video (measured)', { model: V20, content: [text, video(4)], resolution: '720p', ratio: '16:9', duration: 4 }, 173_700],
		['2.5 480p 4 s (measured)', { model: V25, content: [text], resolution: '480p', ratio: '16:9', duration: 4 }, 38_830],
		['2.5 1080p 4 s (measured)', { model: V25, content: [text], resolution: '1080p', ratio: '16:9', duration: 4 }, 196_425],
		['2.0 480p 5 s (864×496, measured)', { model: V20, content: [text], resolution: '480p', ratio: '16:9', duration: 5 }, 50_638],
		['1.0 720p 5 s (1248×704, measured)', { model: PRO, content: [text], resolution: '720p', ratio: '16:9', duration: 5 }, 103_818],
		['2.0 4k 16:9 5 s', { model: V20, content: [text], resolution: '4k', ratio: '16:9', duration: 5 }, 8100 * 121],
	])('%s', async (_, body, tokens) => {
		expect(await billed(body)).toBe(tokens);
	});

	test('a 2.5 final video keeps its draft\'s ratio, length and input video, at 1080p', async () => {
		const draftId = await createId({ model: V25, content: [text, video(6)], draft: true, resolution: '480p', ratio: '16:9', duration: 4 });
		sim.setStatus(draftId, 'succeeded');
		const draftTask = sim.tasks.get(draftId)!;
		expect(draftTask.usage!.completion_tokens).toBe(Math.floor(400.3125 * (24 * 10 + 1)));
		const finalId = await createId({ model: V25, content: [{ type: 'draft_task', draft_task: { id: draftId } }], resolution: '1080p' });
		sim.setStatus(finalId, 'succeeded');
		expect(sim.tasks.get(finalId)).toMatchObject({ ratio: '16:9', duration: 4, usage: { completion_tokens: 2025 * 241 } });
	});

	test('adaptive: the finished task names the ratio the model took (the first frame\'s, else 16:9)', async () => {
		const fourByThree = sampleImageDataUrl(); // 400 × 300
		const id = await createId({ model: V20, content: [text, { type: 'image_url', image_url: { url: fourByThree }, role: 'first_frame' }], ratio: 'adaptive', resolution: '720p', duration: 5 });
		expect(sim.tasks.get(id)!.ratio).toBe('adaptive');
		sim.setStatus(id, 'succeeded');
		expect(sim.tasks.get(id)).toMatchObject({ ratio: '4:3', usage: { completion_tokens: Math.floor((1112 * 834 * 121) / 1024) } });
		const textOnly = await createId({ model: V20, content: [text], ratio: 'adaptive', resolution: '720p', duration: 5 });
		sim.setStatus(textOnly, 'succeeded');
		expect(sim.tasks.get(textOnly)!.ratio).toBe('16:9');
	});

	test('2.5 Edit with duration -1: the video is as long as its source', async () => {
		const id = await createId({ model: V25, content: [text, video(7)], omni_reference_task_type: 'edit', ratio: 'adaptive', duration: -1, resolution: '720p' });
		sim.setStatus(id, 'succeeded');
		expect(sim.tasks.get(id)).toMatchObject({ duration: 7, usage: { completion_tokens: Math.max(900 * (24 * 14 + 1), 900 * 24 * 12) } });
	});
});
