/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Redirects, through n8n's real execution path against the simulator: the API key never goes to
 * another origin, a create is never turned into something else, and a video download never hops
 * into a private network. The other origin is the simulator itself spelled `localhost` (the node
 * talks to `127.0.0.1`): the simulator records every request that arrives that way, so a test
 * sees whether one did and whether it carried the key.
 */
import { shutdownHarness } from '../harness';
import { makePng } from '../helpers/png';
import { createRequests, everythingShown, expectNothingLost, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });
afterAll(async () => await shutdownHarness());

const FAST = { retries: 2, pollInterval: 0.02 };

const textParams = (overrides: Record<string, unknown> = {}) => ({
	resource: 'video',
	operation: 'generateFromText',
	model: model('doubao-seedance-1-0-pro-250528'),
	prompt: 'A paper boat drifts down a rainy street',
	options: FAST,
	...overrides,
});

/** The recorder: every request that reached the other origin; none may carry the key, and here none may arrive at all. */
function atOtherOrigin() {
	return env.sim.requests.filter((r) => String(r.headers.host).startsWith('localhost'));
}

function expectKeyNeverLeft() {
	for (const request of atOtherOrigin()) expect(request.auth).toBe('missing');
	expect(atOtherOrigin()).toEqual([]);
}

async function createdTaskId(): Promise<string> {
	const result = await env.run(textParams());
	return String(result.items[0].json.id);
}

const STATUSES = [302, 303, 307, 308];

describe('a redirect to another origin: refused, the key stays, nothing is created by it', () => {
	it.each(STATUSES)('create answered with %d', async (status) => {
		env.sim.fault({ route: 'create', kind: 'redirect', status, toOtherOrigin: true });
		for (const continueOnFail of [false, true]) {
			env.sim.reset();
			env.sim.fault({ route: 'create', kind: 'redirect', status, toOtherOrigin: true });
			const result = await env.run(textParams(), { continueOnFail });
			const location = `${env.sim.otherOrigin}/api/v3/contents/generations/tasks`;
			const message = `Seedance answered with a redirect (HTTP ${status}) to ${location}; nothing was created`;
			const shown = continueOnFail ? result.items[0].json : { error: result.error?.message, description: (result.error as any)?.description };
			expect(shown.error).toBe(message);
			expect(String(shown.description)).toContain('not sent on to another address');
			expect(createRequests(env.sim)).toHaveLength(1);
			expect(env.sim.stats.created).toBe(0);
			expectKeyNeverLeft();
			expectNothingLost(result, env.sim, 1);
		}
	});

	it.each(STATUSES)('get answered with %d', async (status) => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'get', kind: 'redirect', status, toOtherOrigin: true });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: FAST }, { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({
			error: `Seedance answered for task ${id} with a redirect (HTTP ${status}) to ${env.sim.otherOrigin}/api/v3/contents/generations/tasks/${id}`,
			taskId: id,
			httpCode: status,
		});
		expectKeyNeverLeft();
	});

	it.each(STATUSES)('list (Get Many) answered with %d', async (status) => {
		await createdTaskId();
		env.sim.fault({ route: 'list', kind: 'redirect', status, toOtherOrigin: true });
		const result = await env.run({ resource: 'task', operation: 'getMany', limit: 5, options: FAST });
		expect(result.error?.message).toMatch(new RegExp(`^Seedance answered with a redirect \\(HTTP ${status}\\) to ${env.sim.otherOrigin}/api/v3/contents/generations/tasks\\?`));
		expectKeyNeverLeft();
	});

	it.each(STATUSES)('a batch wait whose list is answered with %d falls back to GETs, which go to the API only', async (status) => {
		const ids = [await createdTaskId(), await createdTaskId()];
		env.sim.fault({ route: 'list', kind: 'redirect', status, toOtherOrigin: true, times: Infinity });
		const result = await env.run({ resource: 'task', operation: 'wait', taskId: '={{ $json.id }}', options: FAST }, { inputItems: ids.map((id) => ({ json: { id } })) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(ids);
		expectKeyNeverLeft();
	});

	it.each(STATUSES)('cancel answered with %d', async (status) => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'delete', kind: 'redirect', status, toOtherOrigin: true });
		const result = await env.run({ resource: 'task', operation: 'cancel', taskId: id, options: FAST }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(
			`Seedance answered for task ${id} with a redirect (HTTP ${status}) to ${env.sim.otherOrigin}/api/v3/contents/generations/tasks/${id}; nothing was cancelled or deleted`,
		);
		expect(env.sim.stats.cancelled + env.sim.stats.deleted).toBe(0);
		expectKeyNeverLeft();
	});

	it.each(STATUSES)('the video download answered with %d (a hop from the video URL to a loopback address of another origin)', async (status) => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'file', kind: 'redirect', status, toOtherOrigin: true });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true, options: FAST }, { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({
			error: `The video of task ${id} was not downloaded: its URL redirected to ${env.sim.otherOrigin}/files/${id}.mp4, a loopback address`,
			taskId: id,
		});
		expect(String(result.items[0].json.description)).toContain('Nothing was fetched from there');
		expect(result.items[0].binary).toBeUndefined();
		expect(atOtherOrigin()).toEqual([]);
	});
});

describe('a redirect within the same origin', () => {
	it.each([307, 308])('a create answered with %d is sent on with its method and body: one task, the key only to the API', async (status) => {
		env.sim.fault({ route: 'create', kind: 'redirect', status });
		const result = await env.run(textParams());
		expect(result.error).toBeUndefined();
		const creates = createRequests(env.sim);
		expect(creates).toHaveLength(2);
		expect(creates[1].body).toEqual(creates[0].body);
		expect(creates.map((r) => r.auth)).toEqual(['valid', 'valid']);
		expect(env.sim.stats.created).toBe(1);
		expect(result.items[0].json.id).toBe([...env.sim.tasks.keys()][0]);
		expectKeyNeverLeft();
	});

	it('a create with a binary image (a streamed body) answered with 307 is sent on whole, the file read again', async () => {
		const png = makePng(640, 480);
		env.sim.fault({ route: 'create', kind: 'redirect', status: 307 });
		const result = await env.run(
			{ ...textParams(), operation: 'generateFromFirstFrame', model: model('doubao-seedance-1-0-lite-i2v-250428'), firstFrameSource: 'binary', firstFrameBinaryProperty: 'data' },
			{ inputItems: [{ json: {}, binary: { data: { data: png, mimeType: 'image/png', fileName: 'f.png' } } }] as any },
		);
		expect(result.error).toBeUndefined();
		const creates = createRequests(env.sim);
		expect(creates).toHaveLength(2);
		expect((creates[1].body as any).content[1].image_url.url).toBe(`data:image/png;base64,${png.toString('base64')}`);
		expect(env.sim.stats.created).toBe(1);
	});

	it.each([301, 302, 303])('a create answered with %d, which would turn it into a GET, is refused: nothing created', async (status) => {
		env.sim.fault({ route: 'create', kind: 'redirect', status });
		const result = await env.run(textParams(), { continueOnFail: true });
		expect(result.items[0].json.error).toBe(
			`Seedance answered with a redirect (HTTP ${status}) to ${env.sim.origin}/api/v3/contents/generations/tasks; nothing was created`,
		);
		expect(String(result.items[0].json.description)).toContain('would turn the create into a GET');
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(env.sim.requests.filter((r) => r.route === 'list')).toHaveLength(0);
		expect(env.sim.stats.created).toBe(0);
	});

	it.each([301, 302, 303, 307, 308])('a get answered with %d is followed', async (status) => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'get', kind: 'redirect', status });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: FAST });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id, status: 'succeeded' });
		expect(env.sim.requests.filter((r) => r.route === 'get').map((r) => r.auth)).toEqual(['valid', 'valid']);
	});

	it('a redirect loop ends after a few hops with a clear error', async () => {
		const id = await createdTaskId();
		env.sim.fault({ route: 'get', kind: 'redirect', status: 307, times: Infinity });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: FAST }, { continueOnFail: true });
		expect(String(result.items[0].json.error)).toMatch(new RegExp(`^Seedance answered for task ${id} with redirect after redirect \\(HTTP 307\\)`));
		expect(env.sim.requests.filter((r) => r.route === 'get').length).toBeLessThanOrEqual(2 * 6);
		expect(everythingShown(result)).not.toContain('sk-test');
	});
});
