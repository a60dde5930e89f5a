/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * What a video costs, through n8n's real execution path against the simulator (which bills tokens as
 * real tasks report them, written from the price facts, not from the node): the cost on every task
 * item, the credential's Prices, Options → Spending Limit over the whole input before the first
 * create (with and without Continue On Fail), Video → Estimate Cost, and Task → Get Many's sums.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { shutdownHarness } from '../harness';
import { API_KEY, expectNothingLost, jsonOf, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 1, runningPolls: 1 });
afterAll(async () => await shutdownHarness());
jest.setTimeout(30_000);

const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'doubao-seedance-2-5-260628';
const FAST = { pollInterval: 0.02 };

/** Prices for the simulator's tasks: Volcengine's list (CNY), or any other Prices JSON. */
function priced(prices = '{"basedOn": "volcengine", "multiplier": 1}') {
	return { credentials: { seedanceApi: { apiKey: API_KEY, provider: 'custom', baseUrl: env.sim.arkUrl, prices } } };
}

function text(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'video',
		operation: 'generateFromText',
		model: model(V20),
		prompt: '={{ "item " + $json.i }}',
		...overrides,
	};
}

const itemsOf = (n: number, extra: (i: number) => IDataObject = () => ({})) => Array.from({ length: n }, (_, i) => ({ json: { i, ...extra(i) } }));

/** 2.0, 720p 16:9, 5 s: 900 × 121 tokens at ¥46 per 1M (worked example 1, as billed). */
const EXAMPLE_1 = { tokens: 108_900, amount: 5.0094 };

describe('the cost on every task item', () => {
	it('Generate without waiting: the estimate of the body it sent; waiting: the bill from usage, which equals it', async () => {
		const options = { resolution: '720p', ratio: '16:9', duration: 5 };
		const submitted = await env.run(text({ options }), { inputItems: itemsOf(1), ...priced() });
		expect(submitted.error).toBeUndefined();
		expect(jsonOf(submitted)[0].cost).toEqual({
			status: 'estimated',
			currency: 'CNY',
			amount: EXAMPLE_1.amount,
			tokens: EXAMPLE_1.tokens,
			unitPricePerMillionTokens: 46,
			priceSource: 'Volcengine Ark price list × 1 (Prices in the Seedance API credential)',
			priceDate: '2026-09-19',
			priceConfidence: 'third-party',
			frameCounting: 'observed',
			note: expect.stringContaining('Estimate: frames counted as 24 × seconds + 1'),
		});

		const waited = await env.run(text({ options: { ...options, ...FAST }, waitForCompletion: true }), { inputItems: itemsOf(1), ...priced() });
		const [done] = jsonOf(waited);
		const id = String(done.id);
		expect(done).toMatchObject({
			status: 'succeeded',
			usage: { completion_tokens: env.sim.tasks.get(id)!.usage!.completion_tokens },
			cost: { status: 'billed', currency: 'CNY', amount: EXAMPLE_1.amount, tokens: EXAMPLE_1.tokens, unitPricePerMillionTokens: 46 },
		});

		// Get and Wait know only the task object: the same bill.
		const got = await env.run({ resource: 'task', operation: 'get', taskId: id }, priced());
		expect(jsonOf(got)[0].cost).toMatchObject({ status: 'billed', amount: EXAMPLE_1.amount });
		const raw = await env.run({ resource: 'task', operation: 'wait', taskId: id, simplify: false, options: FAST }, priced());
		expect(jsonOf(raw)[0]).toMatchObject({ usage: { completion_tokens: EXAMPLE_1.tokens }, cost: { status: 'billed', amount: EXAMPLE_1.amount } });
	});

	it('a reference video with its Length: estimate and bill at the with-video rate, the video-input minimum included', async () => {
		const parameters: INodeParameters = {
			resource: 'video',
			operation: 'generateFromReference',
			model: model(V20),
			prompt: 'The dog in Video 1 runs to the door',
			referenceVideoItems: { video: [{ source: 'url', url: 'https://v.example/dog.mp4?sim-seconds=2', seconds: 2 }] },
			options: { resolution: '720p', ratio: '16:9', duration: 5 },
		};
		const submitted = await env.run(parameters, priced());
		// max(900 × (24 × 7 + 1), 900 × 24 × ceil(25 / 3)) = 194,400 tokens at ¥28.
		expect(jsonOf(submitted)[0].cost).toMatchObject({ status: 'estimated', tokens: 194_400, amount: 5.4432, unitPricePerMillionTokens: 28 });

		const waited = await env.run({ ...parameters, waitForCompletion: true, options: { ...(parameters.options as IDataObject), ...FAST } }, priced());
		expect(jsonOf(waited)[0].cost).toMatchObject({ status: 'billed', tokens: 194_400, amount: 5.4432 });
	});

	it('a failed task is free; a custom base URL without prices says how to add one', async () => {
		const failed = await env.run(text({ prompt: 'boom [sim:fail]', waitForCompletion: true, options: FAST }), { ...priced(), continueOnFail: true });
		expect(jsonOf(failed)[0].error).toBeDefined();
		const id = [...env.sim.tasks.keys()][0];
		const got = await env.run({ resource: 'task', operation: 'get', taskId: id }, priced());
		expect(jsonOf(got)[0].cost).toEqual({ status: 'free', amount: 0, note: 'The task failed: providers bill only successful videos.' });

		const unpriced = await env.run(text({ prompt: 'x' }));
		expect(jsonOf(unpriced)[0].cost).toMatchObject({
			status: 'unknown',
			note: expect.stringContaining(`A custom base URL publishes no prices. Set a price for ${V20} in the Seedance API credential's Prices field`),
		});
	});

	it('a model the tables do not know: no cost, and how to add a price', async () => {
		const result = await env.run(text({ model: model('doubao-seedance-3-0-270101', 'id'), prompt: 'x' }), priced());
		expect(jsonOf(result)[0].cost).toEqual({
			status: 'unknown',
			note:
				'Output sizes of model "doubao-seedance-3-0-270101" are not known, so its tokens can\'t be estimated. Set a price for doubao-seedance-3-0-270101 in the Seedance API credential\'s Prices field, e.g. {"currency": "USD", "models": {"doubao-seedance-3-0-270101": {"perMillionTokens": 7}}}. Then its bill shows once the task has succeeded (from its usage).',
		});
		const id = String(jsonOf(result)[0].id);
		env.sim.setStatus(id, 'succeeded');
		const got = await env.run({ resource: 'task', operation: 'get', taskId: id }, priced());
		expect(jsonOf(got)[0].cost).toMatchObject({
			status: 'unknown',
			tokens: expect.any(Number),
			// A custom base URL has no list of its own to take the currency from: the example names one.
			note: 'No list price for doubao-seedance-3-0-270101 at Volcengine Ark. Set a price for doubao-seedance-3-0-270101 in the Seedance API credential\'s Prices field, e.g. {"currency": "USD", "models": {"doubao-seedance-3-0-270101": {"perMillionTokens": 7}}}.',
		});
	});
});

describe("the credential's Prices", () => {
	it('a bad Prices field stops Generate before anything is sent, naming the field; reading a task still works', async () => {
		const result = await env.run(text(), { inputItems: itemsOf(3), ...priced('{"multiplier": -0.5}') });
		expect(result.error?.message).toBe("The Seedance API credential's Prices → multiplier must be a number ≥ 0, not -0.5");
		expect(env.sim.stats.createAttempts).toBe(0);

		const made = await env.run(text({ prompt: 'x' }), priced());
		const id = String(jsonOf(made)[0].id);
		const got = await env.run({ resource: 'task', operation: 'get', taskId: id }, priced('not json'));
		expect(got.error).toBeUndefined();
		expect(jsonOf(got)[0].cost).toEqual({ status: 'unknown', note: expect.stringMatching(/^No cost: The Seedance API credential's Prices is not valid JSON/) });
	});

	it("own prices per model, in the user's currency", async () => {
		const prices = JSON.stringify({ currency: 'EUR', models: { [V20]: { perMillionTokens: 6.5 } } });
		const result = await env.run(text({ options: { resolution: '720p', ratio: '16:9', duration: 5 } }), priced(prices));
		expect(jsonOf(result)[0].cost).toMatchObject({ status: 'estimated', currency: 'EUR', amount: 0.70785, priceConfidence: 'user', priceSource: 'Prices in the Seedance API credential' });
	});
});

describe('Options → Spending Limit', () => {
	const options = (limit: number | string, more: INodeParameters = {}): INodeParameters => ({ resolution: '720p', ratio: '16:9', duration: 5, spendingLimit: limit, ...more });

	it('a batch over the limit creates nothing, and says the estimate, the limit and the dearest items', async () => {
		// Item 2 asks for 1080p 10 s: worked example 2, ¥24.8893.
		const inputItems = itemsOf(4, (i) => ({ resolution: i === 2 ? '1080p' : '720p', duration: i === 2 ? 10 : 5 }));
		const parameters = text({ options: { ratio: '16:9', resolution: '={{ $json.resolution }}', duration: '={{ $json.duration }}', spendingLimit: 30 } });
		const result = await env.run(parameters, { inputItems, ...priced() });
		expect(env.sim.stats.createAttempts).toBe(0);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'The estimated cost of this run, 39.9175 CNY for 4 videos, is over Options → Spending Limit (30 CNY): no task was created',
		);
		expect((result.error as any).description).toMatch(/^Most expensive: item 2: 24\.8893 CNY \(Seedance 2\.0, 1080p 16:9, 10 s\); item 0: 5\.0094 CNY/);
	});

	it('a batch under the limit creates every item', async () => {
		const result = await env.run(text({ options: options(3 * EXAMPLE_1.amount) }), { inputItems: itemsOf(3), ...priced() });
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(3);
		expectNothingLost(result, env.sim, 3);
		expect(jsonOf(result).map((json) => (json.cost as IDataObject).amount)).toEqual([EXAMPLE_1.amount, EXAMPLE_1.amount, EXAMPLE_1.amount]);
	});

	it('with Continue On Fail: a bad item fails alone, and the rest is still held to the limit before the first create', async () => {
		const inputItems = [...itemsOf(3), { json: { i: 3, bad: true } }];
		const parameters = text({ options: options(10, { duration: '={{ $json.bad ? "long" : 5 }}' }) });
		const result = await env.run(parameters, { inputItems, ...priced(), continueOnFail: true });
		expect(env.sim.stats.createAttempts).toBe(0);
		const json = jsonOf(result);
		expect(json).toHaveLength(4);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		for (const item of json.slice(0, 3)) {
			expect(item).toMatchObject({
				error: 'The estimated cost of this run, 15.0282 CNY for 3 videos, is over Options → Spending Limit (10 CNY): no task was created',
				spendingLimit: { limit: 10, currency: 'CNY', reason: 'over', estimate: { status: 'estimated', amount: 15.0282 } },
			});
		}
		expect(json[3].error).toMatch(/Duration/);

		// Under the limit the good items go out; the bad one keeps its own error.
		env.sim.reset();
		const under = await env.run(text({ options: options(20, { duration: '={{ $json.bad ? "long" : 5 }}' }) }), { inputItems, ...priced(), continueOnFail: true });
		expect(env.sim.stats.created).toBe(3);
		expect(jsonOf(under).map((item) => (item.error ? 'error' : item.status ?? 'created'))).toEqual(['created', 'created', 'created', 'error']);
	});

	it("a limit that can't be checked refuses: no price, or a range whose high end passes it", async () => {
		const unpriced = await env.run(text({ options: options(1000) }), { inputItems: itemsOf(2) });
		expect(unpriced.error?.message).toBe("The Spending Limit can't be checked: 2 of 2 items have no known price, so no task was created");
		expect((unpriced.error as any).description).toContain('A custom base URL publishes no prices');

		const chosenLength = await env.run(text({ options: options(10, { duration: -1 }) }), { inputItems: itemsOf(1), ...priced() });
		expect(chosenLength.error?.message).toMatch(/^The estimated cost of this run is 4\.0158–14\.9454 CNY for 1 video: its high end is over/);
		expect((chosenLength.error as any).description).toContain('The model picks the length: 4–15 s.');
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it.each([
		[-5, 'Options → Spending Limit must be a number from 0 up, not -5'],
		['={{ "lots" }}', 'Options → Spending Limit must be a number from 0 up, not "lots"'],
		['={{ NaN }}', 'Options → Spending Limit must be a number from 0 up'],
	])('a limit of %p is refused before anything is sent, naming the field', async (limit, message) => {
		const result = await env.run(text({ options: options(limit) }), { inputItems: itemsOf(2), ...priced() });
		expect(result.error?.message).toContain(message);
		expect(env.sim.stats.createAttempts).toBe(0);
	});
});

describe('Video → Estimate Cost', () => {
	const estimate = (overrides: INodeParameters = {}): INodeParameters => ({
		resource: 'video',
		operation: 'estimateCost',
		estimateFor: 'generateFromText',
		model: model(V20),
		prompt: '={{ "item " + $json.i }}',
		options: { resolution: '720p', ratio: '16:9', duration: 5 },
		...overrides,
	});

	it('gives each item its estimate and the total, and creates nothing', async () => {
		const result = await env.run(estimate(), { inputItems: itemsOf(3), ...priced() });
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.requests).toBe(0);
		const json = jsonOf(result);
		expect(json).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(json[0]).toMatchObject({
			estimateFor: 'generateFromText',
			request: 'Seedance 2.0, 720p 16:9, 5 s',
			model: V20,
			resolution: '720p',
			ratio: '16:9',
			duration: 5,
			videoInput: false,
			videoInputSeconds: 0,
			cost: { status: 'estimated', currency: 'CNY', amount: EXAMPLE_1.amount, tokens: EXAMPLE_1.tokens },
			total: { status: 'estimated', currency: 'CNY', amount: 15.0282, tokens: 3 * EXAMPLE_1.tokens, items: 3 },
		});
		expect(json[0]).not.toHaveProperty('spendingLimit');
	});

	it("says whether the total is within a Spending Limit, without failing; what Generate would refuse, it refuses", async () => {
		const over = await env.run(estimate({ options: { resolution: '720p', ratio: '16:9', duration: 5, spendingLimit: 10 } }), { inputItems: itemsOf(3), ...priced() });
		expect(jsonOf(over)[0].spendingLimit).toMatchObject({ limit: 10, currency: 'CNY', withinLimit: false, reason: 'over', message: expect.stringContaining('15.0282 CNY') });

		const refused = await env.run(estimate({ options: { duration: 20 } }), { inputItems: itemsOf(1), ...priced() });
		expect(refused.error?.message).toBe('Duration must be a whole number from 4 to 15, not 20');
		expect(env.sim.stats.requests).toBe(0);
	});

	it('estimates the form of any Generate operation: Reference Images with a 2.5 model, a video with its Length', async () => {
		const result = await env.run(
			estimate({
				estimateFor: 'generateFromReference',
				model: model(V25),
				prompt: 'The dog in @Video1 runs to the door',
				referenceVideoItems: { video: [{ source: 'url', url: 'https://v.example/dog.mp4', seconds: 6 }] },
			}),
			priced(),
		);
		// Worked example 3: 900 × (24 × 11 + 1) tokens at ¥42.
		expect(jsonOf(result)[0]).toMatchObject({ videoInput: true, videoInputSeconds: 6, cost: { tokens: 238_500, amount: 10.017 } });
		expect(env.sim.stats.requests).toBe(0);
	});

	it("a final video from a 2.5 draft: estimated from the draft's own task, and billed the same", async () => {
		const draft = await env.run(
			{
				resource: 'video',
				operation: 'generateFromReference',
				model: model(V25),
				prompt: 'The dog in @Video1 runs to the door',
				referenceVideoItems: { video: [{ source: 'url', url: 'https://v.example/dog.mp4?sim-seconds=6' }] },
				waitForCompletion: true,
				options: { draft: true, resolution: '480p', ratio: '16:9', duration: 4, ...FAST },
			},
			priced(),
		);
		const draftId = String(jsonOf(draft)[0].id);
		// The draft: 480p, 4 s + 6 s of video: 400.3125 × 241 tokens at the with-video rate.
		expect(jsonOf(draft)[0].cost).toMatchObject({ status: 'billed', tokens: Math.floor(400.3125 * 241), unitPricePerMillionTokens: 42 });

		const estimated = await env.run(estimate({ estimateFor: 'generateFromDraft', model: model(V25), draftTaskId: draftId, options: {} }), priced());
		// The final keeps the draft's 16:9, 4 s and 6 s of video, at 1080p: 2025 × 241 tokens at ¥46.
		expect(jsonOf(estimated)[0]).toMatchObject({ ratio: '16:9', duration: 4, videoInput: true, videoInputSeconds: 6, cost: { tokens: 2025 * 241, amount: 22.44915 } });
		expect(env.sim.stats.created).toBe(1);

		const final = await env.run(
			{ resource: 'video', operation: 'generateFromDraft', model: model(V25), draftTaskId: draftId, waitForCompletion: true, options: FAST },
			priced(),
		);
		expect(jsonOf(final)[0].cost).toMatchObject({ status: 'billed', tokens: 2025 * 241, amount: 22.44915 });
	});

	it('with Continue On Fail a bad item gets its error item and is left out of the total', async () => {
		const inputItems = [...itemsOf(2), { json: { i: 2, bad: true } }];
		const result = await env.run(estimate({ options: { resolution: '720p', ratio: '16:9', duration: '={{ $json.bad ? "long" : 5 }}' } }), {
			inputItems,
			...priced(),
			continueOnFail: true,
		});
		const json = jsonOf(result);
		expect(json[2].error).toMatch(/Duration/);
		expect(json[0].total).toMatchObject({ amount: 10.0188, items: 2, note: expect.stringContaining('1 item failed their checks and is not in the total.') });
	});

	it('as an AI agent tool: the estimate items as they are (no task fields made up)', async () => {
		const result = await env.run(estimate(), { inputItems: itemsOf(1), ...priced(), nodeTypeName: 'n8n-nodes-seedance.seedanceTool' });
		expect(jsonOf(result)[0]).toMatchObject({ estimateFor: 'generateFromText', cost: { amount: EXAMPLE_1.amount } });
		expect(jsonOf(result)[0]).not.toHaveProperty('status');
	});
});

describe('Task → Get Many: costs summed over a time range', () => {
	const HOUR = 3_600_000;

	/** Tasks made at now − hoursAgo (the simulator's clock offset), each succeeded and billed. */
	async function tasksMade(hoursAgo: number, count: number, resolution = '720p') {
		env.sim.setClockOffset(-hoursAgo * HOUR);
		const made = await env.run(text({ options: { resolution, ratio: '16:9', duration: 5 } }), { inputItems: itemsOf(count), ...priced() });
		env.sim.setClockOffset(0);
		for (const { json } of made.items) env.sim.setStatus(String(json.id), 'succeeded');
		return made.items.map((item) => String(item.json.id));
	}
	const iso = (hoursAgo: number) => new Date(env.clock.now() - hoursAgo * HOUR).toISOString();

	it('Created After / Before keep the tasks in range, and paging stops once the list is older', async () => {
		await tasksMade(72, 3);
		const inRange = await tasksMade(1, 2);
		await tasksMade(0, 2);
		const listsBefore = env.sim.stats.lists;
		// Pages of 3, newest first: [now, now, -1h] [-1h, -72h, -72h] — the second page reaches past the range.
		const result = await env.run(
			{ resource: 'task', operation: 'getMany', limit: 3, filters: { createdAfter: iso(2), createdBefore: iso(0.5) } },
			priced(),
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((json) => json.id).sort()).toEqual([...inRange].sort());
		expect(env.sim.stats.lists - listsBefore).toBe(2);
		for (const json of jsonOf(result)) expect(json.cost).toMatchObject({ status: 'billed', amount: EXAMPLE_1.amount });
	});

	it('Sum Costs: one item with the total, by model and by status', async () => {
		await tasksMade(72, 2);
		await tasksMade(1, 2);
		await tasksMade(1, 1, '1080p');
		const failed = await tasksMade(0.5, 1);
		env.sim.setStatus(failed[0], 'failed');
		const result = await env.run({ resource: 'task', operation: 'getMany', returnAll: true, sumCosts: true, filters: { createdAfter: iso(24) } }, priced());
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		// 2 × 108,900 tokens at ¥46 + 2025 × 121 at ¥51; the failed task is free.
		expect(jsonOf(result)[0]).toMatchObject({
			tasks: 4,
			total: { status: 'billed', currency: 'CNY', amount: 22.515075, tokens: 462_825, counts: { billed: 3, free: 1 } },
			byModel: { [V20]: { tasks: 4 } },
			byStatus: { succeeded: { tasks: 3, total: { amount: 22.515075 } }, failed: { tasks: 1, total: { amount: 0, status: 'free' } } },
			createdAfter: iso(24),
			createdBefore: null,
			complete: true,
			note: 'The task list holds the last 7 days.',
		});
	});

	it('Created After later than Created Before is refused, naming the fields', async () => {
		const result = await env.run({ resource: 'task', operation: 'getMany', filters: { createdAfter: iso(1), createdBefore: iso(2) } }, priced());
		expect(result.error?.message).toBe('Filters → Created After is not before Created Before: no task can be in between');
		expect(env.sim.stats.lists).toBe(0);
	});

	it('Sum Costs off: the task items as before, each with its cost', async () => {
		await tasksMade(0, 2);
		const result = await env.run({ resource: 'task', operation: 'getMany', limit: 5 }, priced());
		expect(jsonOf(result)).toHaveLength(2);
		expect(Object.keys(jsonOf(result)[0])).toEqual(expect.arrayContaining(['id', 'status', 'videoUrl', 'tokens', 'usage', 'cost']));
	});
});
