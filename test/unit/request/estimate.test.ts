/**
 * What the node knows of its own requests, as the cost core reads it (the body, clip lengths, a
 * final's draft), and the Spending Limit's verdict over a batch: within, over, a range, no price,
 * two currencies.
 */
import type { CreateTaskBody } from '../../../nodes/Seedance/request/body';
import { estimateVideoCost, parsePriceOverride, type PricingContext, type VideoSpec } from '../../../nodes/Seedance/request/cost';
import {
	checkSpendingLimit,
	describeSpec,
	draftFactsOf,
	formatCost,
	requestFactsOf,
	videoSpecOf,
	type ItemEstimate,
} from '../../../nodes/Seedance/request/estimate';

const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'doubao-seedance-2-5-260628';
const V10_PRO = 'doubao-seedance-1-0-pro-250528';
const VOLC: PricingContext = { provider: 'volcengine' };
const BYTE: PricingContext = { provider: 'byteplus' };

const text = { type: 'text' as const, text: 'a paper boat' };
const video = (url = 'https://v.example/a.mp4') => ({ type: 'video_url' as const, video_url: { url }, role: 'reference_video' as const });
const body = (fields: Partial<CreateTaskBody> = {}): CreateTaskBody => ({ model: V20, content: [text], ...fields });

describe('requestFactsOf: what the task will not echo', () => {
	it('no video: none, 0 s', () => {
		expect(requestFactsOf(body(), { mode: 'text' })).toEqual({ mode: 'text', hasVideoInput: false, videoInputSeconds: 0 });
	});

	it('videos with every length given: their sum; one length missing: unknown', () => {
		const two = body({ content: [text, video(), video()] });
		expect(requestFactsOf(two, { mode: 'reference', clipSeconds: [4, 2.5] })).toEqual({ mode: 'reference', hasVideoInput: true, videoInputSeconds: 6.5 });
		expect(requestFactsOf(two, { mode: 'reference', clipSeconds: [4, undefined] })).toEqual({ mode: 'reference', hasVideoInput: true, videoInputSeconds: undefined });
		expect(requestFactsOf(two, { mode: 'editVideo' })).toEqual({ mode: 'editVideo', hasVideoInput: true, videoInputSeconds: undefined });
	});

	it("a final video: its draft's input, or unknown when the draft could not be read", () => {
		const final = body({ model: V25, content: [{ type: 'draft_task', draft_task: { id: 'cgt-1' } }] });
		expect(requestFactsOf(final, { mode: 'draftFinal', draft: { hasVideoInput: true, videoInputSeconds: 6 } })).toEqual({
			mode: 'draftFinal',
			hasVideoInput: true,
			videoInputSeconds: 6,
		});
		expect(requestFactsOf(final, { mode: 'draftFinal' })).toEqual({ mode: 'draftFinal', hasVideoInput: undefined, videoInputSeconds: undefined });
	});
});

describe('videoSpecOf: the body the node sends, as the estimate reads it', () => {
	it('takes the output fields of the body', () => {
		const spec = videoSpecOf(
			body({ resolution: '1080p', ratio: '16:9', duration: 10, generate_audio: false, service_tier: 'default', draft: false }),
			{ mode: 'text' },
		);
		expect(spec).toEqual({
			model: V20,
			resolution: '1080p',
			ratio: '16:9',
			duration: 10,
			frames: undefined,
			generateAudio: false,
			draft: false,
			serviceTier: 'default',
			mode: 'text',
			hasVideoInput: false,
			videoInputSeconds: 0,
			mayHaveVideoInput: false,
		});
		// Worked example 2: 2.0, 1080p 16:9, 10 s at Volcengine.
		expect(estimateVideoCost(spec, VOLC)).toMatchObject({ status: 'estimated', tokens: 488_025, amount: 24.889275, currency: 'CNY' });
	});

	it('reads what went as prompt commands from the options', () => {
		const spec = videoSpecOf(body({ model: V10_PRO, content: [{ type: 'text', text: 'x --rs 1080p --rt 16:9 --dur 5' }] }), { mode: 'text' }, { resolution: '1080p', ratio: '16:9', duration: 5 });
		expect(estimateVideoCost(spec, BYTE)).toMatchObject({ tokens: 246_840, amount: 0.6171 });
	});

	it('a reference video with its length is exact (worked example 3); without, a range', () => {
		const sent = body({ model: V25, content: [text, video()], resolution: '720p', ratio: '16:9', duration: 5 });
		expect(estimateVideoCost(videoSpecOf(sent, { mode: 'reference', clipSeconds: [6] }), VOLC)).toMatchObject({ tokens: 238_500, amount: 10.017 });
		const unknown = estimateVideoCost(videoSpecOf(sent, { mode: 'reference' }), VOLC);
		expect(unknown.amount).toBeUndefined();
		expect(unknown.low).toBeLessThan(unknown.high!);
	});

	it("a final video takes its draft's ratio, length and audio; with no draft read it may have had a video", () => {
		const final = body({ model: V25, content: [{ type: 'draft_task', draft_task: { id: 'cgt-1' } }], resolution: '1080p' });
		const known = videoSpecOf(final, { mode: 'draftFinal', draft: { ratio: '16:9', duration: 4, generateAudio: true, hasVideoInput: false, videoInputSeconds: 0 } });
		expect(known).toMatchObject({ ratio: '16:9', duration: 4, generateAudio: true, hasVideoInput: false, mayHaveVideoInput: false });
		expect(estimateVideoCost(known, BYTE)).toMatchObject({ tokens: 196_425 });
		expect(videoSpecOf(final, { mode: 'draftFinal' })).toMatchObject({ mayHaveVideoInput: true, hasVideoInput: undefined });
	});
});

describe('draftFactsOf: what a 2.5 draft tells of its final video', () => {
	const draft = (tokens: number, extra: Record<string, unknown> = {}) => ({
		status: 'succeeded',
		model: V25,
		resolution: '480p',
		ratio: '16:9',
		duration: 4,
		generate_audio: true,
		draft: true,
		usage: { completion_tokens: tokens, total_tokens: tokens },
		...extra,
	});

	it('no video: exactly 24 × seconds + 1 frames', () => {
		expect(draftFactsOf(draft(38_830))).toEqual({ ratio: '16:9', duration: 4, generateAudio: true, hasVideoInput: false, videoInputSeconds: 0 });
	});

	it('6 s of input video: read back from the frames, and the final is billed for the same frames at 1080p', () => {
		const facts = draftFactsOf(draft(Math.floor(400.3125 * (24 * 10 + 1))));
		expect(facts).toMatchObject({ hasVideoInput: true, videoInputSeconds: 6 });
		const final = videoSpecOf(body({ model: V25, content: [{ type: 'draft_task', draft_task: { id: 'cgt-1' } }] }), { mode: 'draftFinal', draft: facts });
		expect(estimateVideoCost(final, BYTE)).toMatchObject({ tokens: 2025 * 241, unitPricePerMillionTokens: 7 });
	});

	it('a short video billed at the minimum: a video, whose final is at the minimum too', () => {
		const minimum = Math.floor(400.3125 * 24 * 7); // ceil(5 × 4 / 3) = 7 s of frames
		const facts = draftFactsOf(draft(minimum));
		expect(facts).toMatchObject({ hasVideoInput: true, videoInputSeconds: 0 });
		const final = videoSpecOf(body({ model: V25, content: [{ type: 'draft_task', draft_task: { id: 'cgt-1' } }] }), { mode: 'draftFinal', draft: facts });
		expect(estimateVideoCost(final, BYTE).tokens).toBe(2025 * 24 * 7);
	});

	it('tells nothing of the input from a draft that has not succeeded, an off-table ratio or odd tokens', () => {
		expect(draftFactsOf(draft(38_830, { status: 'running', usage: undefined }))).toEqual({ ratio: '16:9', duration: 4, generateAudio: true });
		expect(draftFactsOf(draft(38_830, { ratio: '5:4' })).hasVideoInput).toBeUndefined();
		expect(draftFactsOf(draft(38_831)).hasVideoInput).toBeUndefined();
	});
});

describe('formatCost and describeSpec', () => {
	it('one amount, a range, or no price', () => {
		expect(formatCost({ amount: 24.889275, currency: 'CNY' })).toBe('24.8893 CNY');
		expect(formatCost({ low: 4.968, high: 14.9, currency: 'USD' })).toBe('4.968–14.9 USD');
		expect(formatCost({})).toBe('no known price');
	});

	it('names the model, the picture, the length and the input video', () => {
		const spec: VideoSpec = { model: V20, resolution: '1080p', ratio: '16:9', duration: 10, videoInputSeconds: 6, hasVideoInput: true };
		expect(describeSpec(spec)).toBe('Seedance 2.0, 1080p 16:9, 10 s, with 6 s of input video');
		expect(describeSpec({ model: 'ep-1', duration: -1, hasVideoInput: true })).toBe('ep-1, length chosen by the model, with input video of unknown length');
	});
});

describe('checkSpendingLimit', () => {
	const item = (itemIndex: number, spec: VideoSpec, pricing: PricingContext = VOLC): ItemEstimate => ({ itemIndex, spec, cost: estimateVideoCost(spec, pricing) });
	const v720 = (duration: number): VideoSpec => ({ model: V20, resolution: '720p', ratio: '16:9', duration });
	const v1080x10: VideoSpec = { model: V20, resolution: '1080p', ratio: '16:9', duration: 10 };

	it('a total of exactly the limit is within it', () => {
		// Worked example 1 twice: 2 × 5.0094 CNY.
		const check = checkSpendingLimit(10.0188, [item(0, v720(5)), item(1, v720(5))]);
		expect(check).toEqual({ limit: 10.0188, currency: 'CNY', withinLimit: true });
	});

	it('over: names the estimate, the limit and the most expensive items, dearest first', () => {
		const estimates = [item(0, v720(5)), item(1, v1080x10), item(2, v720(5)), item(3, v720(10)), item(4, v720(4))];
		const check = checkSpendingLimit(30, estimates);
		expect(check).toMatchObject({ withinLimit: false, reason: 'over', currency: 'CNY' });
		expect(check.message).toBe(
			// 5.0094 + 24.889275 + 5.0094 + 900 × 241 × 46e-6 (9.9774) + 900 × 97 × 46e-6 (4.0158)
			'The estimated cost of this run, 48.9013 CNY for 5 videos, is over Options → Spending Limit (30 CNY): no task was created',
		);
		expect(check.description).toMatch(
			/^Most expensive: item 1: 24\.8893 CNY \(Seedance 2\.0, 1080p 16:9, 10 s\); item 3: 9\.9774 CNY \(Seedance 2\.0, 720p 16:9, 10 s\); item 0: 5\.0094 CNY .*; and 2 more\. Raise the Spending Limit/,
		);
		expect(check.description).toContain('Prices: Volcengine Ark price list, read 2026-09-19.');
	});

	it('a range whose high end passes the limit refuses, saying why it is a range', () => {
		const check = checkSpendingLimit(10, [item(0, { model: V20, resolution: '720p', ratio: '16:9', duration: -1 })]);
		expect(check).toMatchObject({ withinLimit: false, reason: 'range' });
		// 4 s to 15 s: 900 × 97 × 46e-6 to 900 × 361 × 46e-6.
		expect(check.message).toBe(
			"The estimated cost of this run is 4.0158–14.9454 CNY for 1 video: its high end is over Options → Spending Limit (10 CNY), so the limit can't be guaranteed and no task was created",
		);
		expect(check.description).toContain('The model picks the length: 4–15 s.');
		// The same range under a limit above its high end goes through.
		expect(checkSpendingLimit(14.9454, [item(0, { model: V20, resolution: '720p', ratio: '16:9', duration: -1 })]).withinLimit).toBe(true);
	});

	it('an item without a price can not be checked: refused, with how to add a price', () => {
		const chainhub: PricingContext = { provider: 'chainhub' };
		const check = checkSpendingLimit(1000, [item(0, v720(5), chainhub), item(1, { model: 'ep-20260101-abcde', duration: 5 }, VOLC)]);
		expect(check).toMatchObject({ withinLimit: false, reason: 'unknown' });
		expect(check.message).toBe("The Spending Limit can't be checked: 2 of 2 items have no known price, so no task was created");
		expect(check.description).toContain('ChainHub publishes no prices. Set a price for doubao-seedance-2-0-260128');
		expect(check.description).toContain('item 1: ep-20260101-abcde, 5 s');
	});

	it('prices in two currencies are never added: refused', () => {
		const prices = parsePriceOverride({ models: { [V25]: { perMillionTokens: 9 } }, currency: 'EUR' }, 'volcengine');
		const pricing: PricingContext = { provider: 'volcengine', prices };
		const check = checkSpendingLimit(1000, [item(0, v720(5), pricing), item(1, { model: V25, resolution: '720p', ratio: '16:9', duration: 5 }, pricing)]);
		expect(check).toMatchObject({ withinLimit: false, reason: 'currencies' });
		expect(check.message).toContain('priced in CNY and EUR');
	});

	it('an empty batch is within any limit', () => {
		expect(checkSpendingLimit(0, []).withinLimit).toBe(true);
	});
});
