/**
 * The cost core against the worked examples of docs/prices.md (each for Volcengine and BytePlus,
 * counting frames both ways), the providers' own published examples, the output size tables, ranges,
 * free and unknown costs, the price override's checks, Seedream per-image costs and sums.
 */
import fc from 'fast-check';

import {
	billedImageCost,
	estimateImageCost,
	estimateVideoCost,
	estimateVideoTokens,
	FIXED_RATIOS,
	imagePixels,
	inferVideoInput,
	outputSize,
	outputSizeFamily,
	parsePriceOverride,
	sumCosts,
	taskCost,
	tokensPerFrame,
	tokensPerFrameRange,
	type Cost,
	type FixedRatio,
	type FrameCounting,
	type OutputSizeFamily,
	type PricingContext,
	type VideoSpec,
} from '../../../nodes/Seedance/request/cost';
import { MODELS, type Resolution } from '../../../nodes/Seedance/request/models';
import type { ProviderName } from '../../../nodes/Seedance/shared/providers';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';

const V10_PRO = 'doubao-seedance-1-0-pro-250528';
const V15_PRO = 'doubao-seedance-1-5-pro-251215';
const V20 = 'doubao-seedance-2-0-260128';
const V20_FAST = 'doubao-seedance-2-0-fast-260128';
const V20_MINI = 'doubao-seedance-2-0-mini-260615';
const V25 = 'doubao-seedance-2-5-260628';

const VOLC: PricingContext = { provider: 'volcengine' };
const BYTE: PricingContext = { provider: 'byteplus' };

/** The amount of an estimate, checked to be one (not a range). */
function single(cost: Cost): number {
	expect(cost.low).toBeUndefined();
	expect(cost.high).toBeUndefined();
	expect(cost.amount).toBeDefined();
	return cost.amount!;
}

function tokensOf(spec: VideoSpec, counting: FrameCounting): { low: number; high: number } {
	const estimate = estimateVideoTokens(spec, counting);
	if ('unknown' in estimate) throw new Error(estimate.unknown);
	return { low: estimate.low, high: estimate.high };
}

// ---------------------------------------------------------------------------------------------

describe('worked examples (docs/prices.md): tokens and cost at both providers', () => {
	interface Vector {
		name: string;
		spec: VideoSpec;
		/** A: 24 × seconds frames (the providers' formula); B: 24 × seconds + 1, truncated (the bills). */
		tokens: { official: number; observed: number };
		cny: { official: number; observed: number };
		usd: { official: number; observed: number };
		/** Decimal places the figure is given to. */
		digits: number;
	}
	const vectors: Vector[] = [
		{
			name: '1: 2.0, 720p 16:9, 5 s, no video',
			spec: { model: V20, resolution: '720p', ratio: '16:9', duration: 5 },
			tokens: { official: 108_000, observed: 108_900 },
			cny: { official: 4.968, observed: 5.0094 },
			usd: { official: 0.756, observed: 0.7623 },
			digits: 6,
		},
		{
			name: '2: 2.0, 1080p 16:9, 10 s',
			spec: { model: V20, resolution: '1080p', ratio: '16:9', duration: 10 },
			tokens: { official: 486_000, observed: 488_025 },
			cny: { official: 24.786, observed: 24.8893 },
			usd: { official: 3.7422, observed: 3.7578 },
			digits: 4,
		},
		{
			name: '3: 2.5, 720p 16:9, 5 s + a 6 s reference video (above the minimum)',
			spec: { model: V25, resolution: '720p', ratio: '16:9', duration: 5, videoInputSeconds: 6 },
			tokens: { official: 237_600, observed: 238_500 },
			cny: { official: 9.9792, observed: 10.017 },
			usd: { official: 1.52064, observed: 1.5264 },
			digits: 6,
		},
		{
			name: '3b: the same with a 2 s reference video: floored to 9 s of output frames',
			spec: { model: V25, resolution: '720p', ratio: '16:9', duration: 5, videoInputSeconds: 2 },
			tokens: { official: 194_400, observed: 194_400 },
			cny: { official: 8.1648, observed: 8.1648 },
			// BytePlus's own example: "$1.244".
			usd: { official: 1.24416, observed: 1.24416 },
			digits: 6,
		},
		{
			name: '4: 1.0 Pro, 1080p 16:9 (1920×1088), 5 s',
			spec: { model: V10_PRO, resolution: '1080p', ratio: '16:9', duration: 5 },
			tokens: { official: 244_800, observed: 246_840 },
			cny: { official: 3.672, observed: 3.7026 },
			usd: { official: 0.612, observed: 0.6171 },
			digits: 6,
		},
		{
			name: '4 flex: the same offline, at half price',
			spec: { model: V10_PRO, resolution: '1080p', ratio: '16:9', duration: 5, serviceTier: 'flex' },
			tokens: { official: 244_800, observed: 246_840 },
			cny: { official: 1.836, observed: 1.8513 },
			usd: { official: 0.306, observed: 0.30855 },
			digits: 6,
		},
		{
			name: '5: 2.5, 720p 16:9, 5 s, no video',
			spec: { model: V25, resolution: '720p', ratio: '16:9', duration: 5 },
			tokens: { official: 108_000, observed: 108_900 },
			cny: { official: 7.56, observed: 7.623 },
			usd: { official: 1.1556, observed: 1.16523 },
			digits: 6,
		},
		{
			name: '6: 1.5 Pro, 480p 16:9 (864×496), 5 s, with audio',
			spec: { model: V15_PRO, resolution: '480p', ratio: '16:9', duration: 5, generateAudio: true },
			tokens: { official: 50_220, observed: 50_638 },
			cny: { official: 0.80352, observed: 0.810208 },
			usd: { official: 0.120528, observed: 0.1215312 },
			digits: 7,
		},
		{
			name: '6 draft: 0.6 × the tokens with audio, same rate',
			spec: { model: V15_PRO, resolution: '480p', ratio: '16:9', duration: 5, generateAudio: true, draft: true },
			tokens: { official: 30_132, observed: 30_382 },
			cny: { official: 0.482112, observed: 0.486112 },
			usd: { official: 0.0723168, observed: 0.0729168 },
			digits: 7,
		},
		{
			name: '6 silent draft: 0.7 × the tokens at the silent rate',
			spec: { model: V15_PRO, resolution: '480p', ratio: '16:9', duration: 5, generateAudio: false, draft: true },
			tokens: { official: 35_154, observed: 35_446 },
			cny: { official: 0.281232, observed: 0.283568 },
			usd: { official: 0.0421848, observed: 0.0425352 },
			digits: 7,
		},
		{
			name: '7: 2.0 Mini, 720p 16:9, 5 s',
			spec: { model: V20_MINI, resolution: '720p', ratio: '16:9', duration: 5 },
			tokens: { official: 108_000, observed: 108_900 },
			cny: { official: 2.484, observed: 2.5047 },
			usd: { official: 0.378, observed: 0.38115 },
			digits: 6,
		},
		{
			name: '8: 2.5, 480p 9:16 (480×854), 6 s: the provider truncates 58,045.3125',
			spec: { model: V25, resolution: '480p', ratio: '9:16', duration: 6 },
			tokens: { official: 57_645, observed: 58_045 },
			cny: { official: 4.03515, observed: 4.06315 },
			usd: { official: 0.6168015, observed: 0.6210815 },
			digits: 7,
		},
	];

	describe.each(vectors)('$name', ({ spec, tokens, cny, usd, digits }) => {
		it.each(['official', 'observed'] as const)('estimate, frames counted the %s way', (counting) => {
			expect(tokensOf(spec, counting)).toEqual({ low: tokens[counting], high: tokens[counting] });
			const volc = estimateVideoCost(spec, VOLC, counting);
			const byte = estimateVideoCost(spec, BYTE, counting);
			for (const cost of [volc, byte]) {
				expect(cost.status).toBe('estimated');
				expect(cost.frameCounting).toBe(counting);
				expect(cost.tokens).toBe(tokens[counting]);
			}
			expect(volc.currency).toBe('CNY');
			expect(byte.currency).toBe('USD');
			expect(single(volc)).toBeCloseTo(cny[counting], digits);
			expect(single(byte)).toBeCloseTo(usd[counting], digits);
		});

		it('bill of the succeeded task, from usage.completion_tokens', () => {
			const task = {
				status: 'succeeded',
				model: spec.model,
				resolution: spec.resolution,
				ratio: spec.ratio,
				duration: spec.duration,
				generate_audio: spec.generateAudio,
				draft: spec.draft,
				service_tier: spec.serviceTier,
				usage: { completion_tokens: tokens.observed, total_tokens: tokens.observed },
			};
			const request = { hasVideoInput: (spec.videoInputSeconds ?? 0) > 0 };
			const volc = taskCost(task, VOLC, request);
			const byte = taskCost(task, BYTE, request);
			expect(volc).toMatchObject({ status: 'billed', currency: 'CNY', tokens: tokens.observed });
			expect(byte).toMatchObject({ status: 'billed', currency: 'USD', tokens: tokens.observed });
			expect(single(volc)).toBeCloseTo(cny.observed, digits);
			expect(single(byte)).toBeCloseTo(usd.observed, digits);
		});
	});

	it('9: a batch of 10 × 2.0 Fast, 720p 16:9, 5 s sums to 1,089,000 tokens', () => {
		const spec: VideoSpec = { model: V20_FAST, resolution: '720p', ratio: '16:9', duration: 5 };
		const volc = sumCosts(Array.from({ length: 10 }, () => estimateVideoCost(spec, VOLC)));
		const byte = sumCosts(Array.from({ length: 10 }, () => estimateVideoCost(spec, BYTE)));
		expect(volc).toMatchObject({ status: 'estimated', currency: 'CNY', tokens: 1_089_000 });
		expect(byte).toMatchObject({ status: 'estimated', currency: 'USD', tokens: 1_089_000 });
		expect(volc.amount).toBeCloseTo(40.293, 6);
		expect(byte.amount).toBeCloseTo(6.0984, 6);
		const official = sumCosts(Array.from({ length: 10 }, () => estimateVideoCost(spec, BYTE, 'official')));
		expect(official.tokens).toBe(1_080_000);
		expect(official.amount).toBeCloseTo(6.048, 6);
	});
});

describe("the providers' own published examples (24 frames a second)", () => {
	const at = (model: string, resolution: string, extra: Partial<VideoSpec> = {}): VideoSpec => ({
		model,
		resolution,
		ratio: '16:9',
		duration: 5,
		...extra,
	});
	it.each([
		['2.5 480p', at(V25, '480p'), 3.36],
		['2.5 720p', at(V25, '720p'), 7.56],
		['2.5 1080p', at(V25, '1080p'), 18.71],
		['2.0 480p', at(V20, '480p'), 2.31],
		['2.0 720p', at(V20, '720p'), 4.97],
		['2.0 1080p', at(V20, '1080p'), 12.39],
		['2.0 4k', at(V20, '4k'), 25.27],
		['2.0 Fast 720p', at(V20_FAST, '720p'), 4.0],
		['2.0 Mini 720p', at(V20_MINI, '720p'), 2.48],
		['2.5 1080p with a video input, at its minimum of 437,400 tokens', at(V25, '1080p', { videoInputSeconds: 2 }), 20.12],
	])('Volcengine %s: ¥%s', (_name, spec, yuan) => {
		expect(single(estimateVideoCost(spec, VOLC, 'official'))).toBeCloseTo(yuan, 2);
	});

	it('Volcengine 2.5 1080p minimum is 437,400 tokens', () => {
		expect(estimateVideoCost(at(V25, '1080p', { videoInputSeconds: 2 }), VOLC, 'official').tokens).toBe(437_400);
	});

	it('a measured 2.5 720p 4 s bill: 87,300 tokens, ¥6.111', () => {
		const cost = taskCost({ status: 'succeeded', model: V25, resolution: '720p', ratio: '16:9', duration: 4, usage: { completion_tokens: 87_300 } }, VOLC);
		expect(single(cost)).toBeCloseTo(6.111, 6);
		expect(cost.note).toContain('no video input');
	});

	it.each([
		['2.0 480p', at(V20, '480p'), 0.35],
		['2.0 720p', at(V20, '720p'), 0.76],
		['2.0 1080p', at(V20, '1080p'), 1.87],
		['2.0 4k', at(V20, '4k'), 3.89],
		['2.0 Fast 480p', at(V20_FAST, '480p'), 0.28],
		['2.0 Fast 720p', at(V20_FAST, '720p'), 0.6],
		['2.0 Mini 480p', at(V20_MINI, '480p'), 0.18],
		['2.0 Mini 720p', at(V20_MINI, '720p'), 0.38],
		['1.0 Pro 1080p', at(V10_PRO, '1080p'), 0.61],
		['1.0 Pro 1080p 10 s', at(V10_PRO, '1080p', { duration: 10 }), 1.22],
		['1.5 Pro 480p with audio', at(V15_PRO, '480p', { generateAudio: true }), 0.12],
		['1.5 Pro 480p silent', at(V15_PRO, '480p', { generateAudio: false }), 0.06],
		['1.5 Pro 480p draft with audio', at(V15_PRO, '480p', { generateAudio: true, draft: true }), 0.07],
		['1.5 Pro 480p silent draft', at(V15_PRO, '480p', { generateAudio: false, draft: true }), 0.04],
		['2.5 720p', at(V25, '720p'), 1.156],
		['2.5 480p with a short video input (the minimum)', at(V25, '480p', { videoInputSeconds: 3 }), 0.553],
	])('BytePlus %s: $%s', (_name, spec, dollars) => {
		const digits = String(dollars).split('.')[1]?.length ?? 0;
		expect(single(estimateVideoCost(spec, BYTE, 'official'))).toBeCloseTo(dollars, digits);
	});

	it('1.0 Pro 1080p 16:9 5 s: 244,800 tokens, as BytePlus prints', () => {
		expect(estimateVideoCost(at(V10_PRO, '1080p'), BYTE, 'official').tokens).toBe(244_800);
	});

	it.each([
		['2.0 720p', V20, '720p', 0.84, 1.86],
		['2.0 1080p', V20, '1080p', 2.06, 4.57],
		['2.0 4k', V20, '4k', 4.2, 9.33],
		['2.0 Fast 720p', V20_FAST, '720p', 0.64, 1.43],
		['2.0 Mini 720p', V20_MINI, '720p', 0.41, 0.91],
	])('BytePlus %s, 5 s with 2–15 s of input video: $%s–%s', (_name, model, resolution, low, high) => {
		const cost = estimateVideoCost(at(model, resolution, { hasVideoInput: true }), BYTE, 'official');
		expect(cost.status).toBe('estimated');
		expect(cost.amount).toBeUndefined();
		expect(cost.low).toBeCloseTo(low, 2);
		expect(cost.high).toBeCloseTo(high, 2);
		expect(cost.note).toContain('Input video length unknown: 2–15 s');
	});
});

// ---------------------------------------------------------------------------------------------

describe('output sizes', () => {
	type Row = Record<FixedRatio, string>;
	const TABLE: Record<OutputSizeFamily, Partial<Record<Resolution, Row>>> = {
		'seedance-1.0': {
			'480p': { '16:9': '864x480', '9:16': '480x864', '4:3': '736x544', '3:4': '544x736', '1:1': '640x640', '21:9': '960x416' },
			'720p': { '16:9': '1248x704', '9:16': '704x1248', '4:3': '1120x832', '3:4': '832x1120', '1:1': '960x960', '21:9': '1504x640' },
			'1080p': { '16:9': '1920x1088', '9:16': '1088x1920', '4:3': '1664x1248', '3:4': '1248x1664', '1:1': '1440x1440', '21:9': '2176x928' },
		},
		'seedance-1.5-2.0': {
			'480p': { '16:9': '864x496', '9:16': '496x864', '4:3': '752x560', '3:4': '560x752', '1:1': '640x640', '21:9': '992x432' },
			'720p': { '16:9': '1280x720', '9:16': '720x1280', '4:3': '1112x834', '3:4': '834x1112', '1:1': '960x960', '21:9': '1470x630' },
			'1080p': { '16:9': '1920x1080', '9:16': '1080x1920', '4:3': '1664x1248', '3:4': '1248x1664', '1:1': '1440x1440', '21:9': '2206x946' },
			'4k': { '16:9': '3840x2160', '9:16': '2160x3840', '4:3': '3326x2494', '3:4': '2494x3326', '1:1': '2880x2880', '21:9': '4398x1886' },
		},
		'seedance-2.5': {
			'480p': { '16:9': '854x480', '9:16': '480x854', '4:3': '752x560', '3:4': '560x752', '1:1': '640x640', '21:9': '992x432' },
			'720p': { '16:9': '1280x720', '9:16': '720x1280', '4:3': '1112x834', '3:4': '834x1112', '1:1': '960x960', '21:9': '1470x630' },
			'1080p': { '16:9': '1920x1080', '9:16': '1080x1920', '4:3': '1664x1248', '3:4': '1248x1664', '1:1': '1440x1440', '21:9': '2206x946' },
		},
	};
	const cases = Object.entries(TABLE).flatMap(([family, rows]) =>
		Object.entries(rows).flatMap(([resolution, row]) =>
			Object.entries(row!).map(([ratio, size]) => [family as OutputSizeFamily, resolution as Resolution, ratio as FixedRatio, size] as const),
		),
	);

	it.each(cases)('%s %s %s is %s', (family, resolution, ratio, size) => {
		const [width, height] = size.split('x').map(Number);
		expect(outputSize(family, resolution, ratio)).toEqual({ width, height });
	});

	it('has no size where the family makes no such video (1.0 and 2.5: no 4k)', () => {
		expect(outputSize('seedance-1.0', '4k', '16:9')).toBeUndefined();
		expect(outputSize('seedance-2.5', '4k', '16:9')).toBeUndefined();
	});

	it.each([
		// Tokens per frame as published: 1.0 · 2.0 · 2.5.
		['480p', '16:9', 405, 418.5, 400.3125],
		['480p', '4:3', 391, 411.25, 411.25],
		['480p', '1:1', 400, 400, 400],
		['480p', '21:9', 390, 418.5, 418.5],
		['720p', '16:9', 858, 900, 900],
		['720p', '4:3', 910, 905.671875, 905.671875],
		['720p', '1:1', 900, 900, 900],
		['720p', '21:9', 940, 904.39453125, 904.39453125],
		['1080p', '16:9', 2040, 2025, 2025],
		['1080p', '4:3', 2028, 2028, 2028],
		['1080p', '1:1', 2025, 2025, 2025],
		['1080p', '21:9', 1972, 2037.96484375, 2037.96484375],
	] as const)('%s %s: %s · %s · %s tokens a frame', (resolution, ratio, one, two, twoFive) => {
		const perFrame = (family: OutputSizeFamily) => tokensPerFrame(outputSize(family, resolution, ratio)!);
		expect(perFrame('seedance-1.0')).toBe(one);
		expect(perFrame('seedance-1.5-2.0')).toBe(two);
		expect(perFrame('seedance-2.5')).toBe(twoFive);
	});

	it('4k is about 8,100 tokens a frame at every ratio', () => {
		for (const ratio of FIXED_RATIOS) {
			expect(tokensPerFrame(outputSize('seedance-1.5-2.0', '4k', ratio)!)).toBeGreaterThanOrEqual(8100);
			expect(tokensPerFrame(outputSize('seedance-1.5-2.0', '4k', ratio)!)).toBeLessThan(8101);
		}
	});

	it('maps each catalogue model to its family, in either spelling', () => {
		expect(MODELS.every((model) => outputSizeFamily(model.id) && outputSizeFamily(model.byteplusId) === outputSizeFamily(model.id))).toBe(true);
		expect(outputSizeFamily('seedance-1-0-pro-fast-251015')).toBe('seedance-1.0');
		expect(outputSizeFamily(V15_PRO)).toBe('seedance-1.5-2.0');
		expect(outputSizeFamily('dreamina-seedance-2-0-mini-260615')).toBe('seedance-1.5-2.0');
		expect(outputSizeFamily('dreamina-seedance-2-5-260628')).toBe('seedance-2.5');
		expect(outputSizeFamily('ep-20260101-abcde')).toBeUndefined();
	});

	it.each([
		['seedance-1.0', '480p', 390, 405],
		['seedance-1.0', '720p', 858, 940],
		['seedance-1.0', '1080p', 1972, 2040],
		['seedance-1.5-2.0', '480p', 400, 418.5],
		['seedance-1.5-2.0', '720p', 900, 905.671875],
		['seedance-1.5-2.0', '1080p', 2025, 2037.96484375],
		['seedance-1.5-2.0', '4k', 8100, 8100.62890625],
		['seedance-2.5', '480p', 400, 418.5],
	] as const)('adaptive %s %s: %s to %s tokens a frame', (family, resolution, low, high) => {
		expect(tokensPerFrameRange(family, resolution, 'adaptive')).toEqual({ low, high });
	});

	it('a table ratio is one value; an unknown ratio or resolution none', () => {
		expect(tokensPerFrameRange('seedance-2.5', '480p', '9:16')).toEqual({ low: 400.3125, high: 400.3125 });
		expect(tokensPerFrameRange('seedance-2.5', '480p', '5:4')).toBeUndefined();
		expect(tokensPerFrameRange('seedance-2.5', '4k', '16:9')).toBeUndefined();
	});
});

// ---------------------------------------------------------------------------------------------

describe('ranges: duration -1, adaptive, unknown input length, edit', () => {
	it.each([
		['2.0 (4–15 s)', { model: V20, resolution: '720p', ratio: '16:9', duration: -1 }, 900 * 97, 900 * 361],
		['1.5 Pro (4–12 s)', { model: V15_PRO, resolution: '720p', ratio: '16:9', duration: -1 }, 900 * 97, 900 * 289],
		['2.5 (4–30 s)', { model: V25, resolution: '720p', ratio: '16:9', duration: -1 }, 900 * 97, 900 * 721],
		['2.5 with no duration: its default is -1', { model: V25, resolution: '720p', ratio: '16:9' }, 900 * 97, 900 * 721],
		['2.0 with no duration: its default is 5 s', { model: V20, resolution: '720p', ratio: '16:9' }, 108_900, 108_900],
	])('duration -1 on %s', (_name, spec, low, high) => {
		expect(tokensOf(spec, 'observed')).toEqual({ low, high });
	});

	it('adaptive 2.0 720p 5 s: 900 to 905.67 tokens a frame', () => {
		expect(tokensOf({ model: V20, resolution: '720p', ratio: 'adaptive', duration: 5 }, 'observed')).toEqual({ low: 108_900, high: 109_586 });
	});

	it('adaptive 1.0 Pro 720p 5 s: 858 to 940 tokens a frame', () => {
		expect(tokensOf({ model: V10_PRO, resolution: '720p', ratio: 'adaptive', duration: 5 }, 'observed')).toEqual({ low: 103_818, high: 113_740 });
	});

	it('no ratio counts as adaptive; both unknowns widen the range', () => {
		const estimate = estimateVideoCost({ model: V20, resolution: '480p', duration: -1 }, BYTE);
		expect(estimate).toMatchObject({ status: 'estimated', tokensLow: 400 * 97, tokensHigh: Math.floor(418.5 * 361) });
		expect(estimate.amount).toBeUndefined();
		expect(estimate.tokens).toBeUndefined();
		expect(estimate.low).toBeCloseTo((400 * 97 * 7) / 1e6, 8);
		expect(estimate.high).toBeCloseTo((Math.floor(418.5 * 361) * 7) / 1e6, 8);
		expect(estimate.note).toContain('The model picks the ratio');
		expect(estimate.note).toContain('The model picks the length: 4–15 s');
	});

	it("a ratio off the table (2.5 keeps an input's own aspect) is bounded by the table's ratios", () => {
		const estimate = estimateVideoTokens({ model: V25, resolution: '480p', ratio: '5:4', duration: 5 });
		expect(estimate).toMatchObject({ low: 400 * 121, high: Math.floor(418.5 * 121) });
	});

	it('2.5 edit: the output is as long as the source', () => {
		expect(tokensOf({ model: V25, resolution: '720p', ratio: 'adaptive', duration: -1, mode: 'editVideo', videoInputSeconds: 6 }, 'observed')).toEqual({
			low: 900 * (24 * 12 + 1),
			high: Math.floor(905.671875 * (24 * 12 + 1)),
		});
		expect(tokensOf({ model: V25, resolution: '720p', ratio: '16:9', mode: 'editVideo' }, 'observed')).toEqual({
			low: 900 * (24 * 8 + 1),
			high: 900 * (24 * 60 + 1),
		});
	});

	it('1.0 frames (25 + 4n) replace 24 × seconds + 1', () => {
		expect(tokensOf({ model: V10_PRO, resolution: '720p', ratio: '16:9', frames: 29 }, 'observed')).toEqual({ low: 858 * 29, high: 858 * 29 });
		expect(tokensOf({ model: V10_PRO, resolution: '720p', ratio: '16:9', frames: 29 }, 'official')).toEqual({ low: 858 * 29, high: 858 * 29 });
	});

	it('the 2.0 video-input minimum is ceil(5d/3) seconds of output: 4 s output → 7 s', () => {
		// 2 s input + 4 s output = 6 s < 7 s; a 4 s input (8 s) is above it.
		expect(tokensOf({ model: V20, resolution: '720p', ratio: '16:9', duration: 4, videoInputSeconds: 2 }, 'observed').low).toBe(900 * 24 * 7);
		expect(tokensOf({ model: V20, resolution: '720p', ratio: '16:9', duration: 4, videoInputSeconds: 4 }, 'observed').low).toBe(900 * 193);
	});

	it('a 2.5 draft is a normal 480p video, whatever resolution was asked', () => {
		const draft = estimateVideoCost({ model: V25, resolution: '1080p', ratio: '16:9', duration: 4, draft: true }, BYTE);
		expect(draft.tokens).toBe(38_830);
		expect(draft.amount).toBeCloseTo(38_830 * 10.7e-6, 10);
		expect(draft.note).toContain('Drafts are made at 480p');
	});

	it('a 2.5 final video from a draft is 1080p unless told otherwise', () => {
		const final = estimateVideoCost({ model: V25, ratio: '16:9', duration: 4, mode: 'draftFinal' }, BYTE);
		expect(final.tokens).toBe(196_425);
		expect(final.unitPricePerMillionTokens).toBe(11.7);
	});

	it('a final video whose draft may have had a video input: none up to 30 s, at both rates', () => {
		const final = estimateVideoCost({ model: V25, ratio: '16:9', duration: 4, mode: 'draftFinal', mayHaveVideoInput: true }, BYTE);
		// Low: no video at the 1080p with-video rate (7.0); high: 30 s of input at the no-video rate (11.7).
		expect(final).toMatchObject({ status: 'estimated', tokensLow: 196_425, tokensHigh: 2025 * (24 * 34 + 1) });
		expect(final.low).toBeCloseTo(196_425 * 7e-6, 8);
		expect(final.high).toBeCloseTo(2025 * (24 * 34 + 1) * 11.7e-6, 8);
		expect(final.note).toContain('Whether the request has a video input is unknown');
		// Told there was none, the estimate is one value again.
		expect(estimateVideoCost({ model: V25, ratio: '16:9', duration: 4, mode: 'draftFinal', mayHaveVideoInput: true, hasVideoInput: false }, BYTE).amount).toBeDefined();
	});

	it('a range is as sure as its least sure end (BytePlus 2.5: 720p official, 1080p third-party)', () => {
		const cost = taskCost({ status: 'succeeded', model: V25, usage: { completion_tokens: 100_000 } }, BYTE, { hasVideoInput: false });
		expect(cost).toMatchObject({ status: 'billed', low: 1.07, high: 1.17, priceConfidence: 'third-party' });
		expect(cost.note).toContain('The resolution is unknown');
	});

	it('flex on a model without a flex price: the online rate, said so', () => {
		const cost = estimateVideoCost({ model: V20, resolution: '720p', ratio: '16:9', duration: 5, serviceTier: 'flex' }, BYTE);
		expect(cost.amount).toBeCloseTo(0.7623, 8);
		expect(cost.note).toContain('no flex price');
	});

	it('1.5 Pro uses its audio default (on) when the request does not say', () => {
		const cost = estimateVideoCost({ model: V15_PRO, resolution: '480p', ratio: '16:9', duration: 5 }, BYTE);
		expect(cost.unitPricePerMillionTokens).toBe(2.4);
	});

	it('an unknown model or resolution cannot be estimated', () => {
		expect(estimateVideoCost({ model: 'ep-20260101-abcde', duration: 5 }, BYTE)).toEqual({
			status: 'unknown',
			note:
				'Output sizes of model "ep-20260101-abcde" are not known, so its tokens can\'t be estimated. Set a price for ep-20260101-abcde in the Seedance API credential\'s Prices field, e.g. {"models": {"ep-20260101-abcde": {"perMillionTokens": 7}}}. Then its bill shows once the task has succeeded (from its usage).',
		});
		// With a price of its own, only the estimate is missing.
		const priced: PricingContext = { provider: 'byteplus', prices: parsePriceOverride({ models: { 'ep-20260101-abcde': { perMillionTokens: 7 } } }, 'byteplus') };
		expect(estimateVideoCost({ model: 'ep-20260101-abcde', duration: 5 }, priced).note).toBe(
			'Output sizes of model "ep-20260101-abcde" are not known, so its tokens can\'t be estimated. Only its bill shows once the task has succeeded (from its usage).',
		);
		expect(estimateVideoCost({ model: V20_FAST, resolution: '1080p', ratio: '16:9' }, BYTE)).toMatchObject({
			status: 'unknown',
			note: 'Seedance 2.0 Fast makes no 1080p video.',
		});
		expect(estimateVideoCost({ model: V20, resolution: '2k', ratio: '16:9' }, BYTE).status).toBe('unknown');
	});
});

// ---------------------------------------------------------------------------------------------

describe('task statuses', () => {
	const base = { model: V20, resolution: '720p', ratio: '16:9', duration: 5 };

	it.each(['failed', 'cancelled', 'expired'])('%s is free', (status) => {
		const cost = taskCost({ ...base, status, usage: { completion_tokens: 108_900 } }, BYTE);
		expect(cost).toMatchObject({ status: 'free', amount: 0 });
		expect(cost.note).toContain(status);
	});

	it.each(['queued', 'running'])('%s is an estimate from the task fields', (status) => {
		const cost = taskCost({ ...base, status }, BYTE);
		expect(cost).toMatchObject({ status: 'estimated', tokens: 108_900, frameCounting: 'observed' });
		expect(cost.amount).toBeCloseTo(0.7623, 8);
		expect(cost.note).toMatch(/^Estimate/);
	});

	it('a success without usage is an estimate that says so', () => {
		const cost = taskCost({ ...base, status: 'succeeded' }, BYTE);
		expect(cost.status).toBe('estimated');
		expect(cost.note).toMatch(/^The task reports no usage\. Estimate/);
	});

	it('falls back to usage.total_tokens', () => {
		const cost = taskCost({ ...base, status: 'succeeded', usage: { total_tokens: 108_900 } }, BYTE);
		expect(cost).toMatchObject({ status: 'billed', tokens: 108_900 });
	});

	it('an unknown status is unknown', () => {
		expect(taskCost({ ...base, status: 'paused' }, BYTE)).toMatchObject({ status: 'unknown' });
		expect(taskCost({ ...base }, BYTE)).toMatchObject({ status: 'unknown' });
	});

	it('a video input read from the token count, or a range when it cannot be read', () => {
		const task = (tokens: number) => ({ ...base, status: 'succeeded', usage: { completion_tokens: tokens } });
		expect(inferVideoInput(task(108_900), 108_900)).toBe(false);
		expect(inferVideoInput(task(194_400), 194_400)).toBe(true);
		expect(inferVideoInput(task(150_000), 150_000)).toBeUndefined();
		expect(inferVideoInput({ ...task(108_900), ratio: 'adaptive' }, 108_900)).toBeUndefined();
		expect(inferVideoInput({ ...task(108_900), model: V10_PRO }, 108_900)).toBeUndefined();

		expect(taskCost(task(194_400), BYTE).amount).toBeCloseTo(194_400 * 4.3e-6, 10);
		const unread = taskCost(task(150_000), BYTE);
		expect(unread).toMatchObject({ status: 'billed', tokens: 150_000 });
		expect(unread.amount).toBeUndefined();
		expect(unread.low).toBeCloseTo(150_000 * 4.3e-6, 10);
		expect(unread.high).toBeCloseTo(150_000 * 7e-6, 10);
		expect(unread.note).toContain('Whether the request had a video input is unknown');
		// What the caller knows wins over the reading.
		expect(taskCost(task(150_000), BYTE, { hasVideoInput: true }).amount).toBeCloseTo(150_000 * 4.3e-6, 10);
	});

	it('1.5 Pro with audio unknown: the silent and the audio rate', () => {
		const cost = taskCost({ status: 'succeeded', model: V15_PRO, resolution: '480p', ratio: '16:9', duration: 5, usage: { completion_tokens: 50_638 } }, VOLC);
		expect(cost.low).toBeCloseTo(50_638 * 8e-6, 10);
		expect(cost.high).toBeCloseTo(50_638 * 16e-6, 10);
	});

	it('a billed task in either spelling of the model', () => {
		const task = { ...base, model: 'dreamina-seedance-2-0-260128', status: 'succeeded', usage: { completion_tokens: 108_900 } };
		expect(taskCost(task, BYTE).amount).toBeCloseTo(0.7623, 8);
	});

	it('carries the source, the date and the confidence of the price', () => {
		const cost = taskCost({ ...base, status: 'succeeded', usage: { completion_tokens: 108_900 } }, VOLC);
		expect(cost).toMatchObject({
			priceSource: 'Volcengine Ark price list',
			priceDate: '2026-09-19',
			priceConfidence: 'third-party',
			unitPricePerMillionTokens: 46,
		});
		expect(cost.note).toContain('third-party');
		expect(taskCost({ ...base, status: 'succeeded', usage: { completion_tokens: 108_900 } }, BYTE)).toMatchObject({
			priceSource: 'BytePlus ModelArk pricing page',
			priceDate: '2026-10-08',
			priceConfidence: 'official',
		});
	});
});

describe('no price: unknown, with how to add one', () => {
	const succeeded = (model: string) => ({ status: 'succeeded', model, resolution: '720p', ratio: '16:9', duration: 5, usage: { completion_tokens: 108_900 } });

	it('ChainHub publishes no prices', () => {
		const cost = taskCost(succeeded(V20), { provider: 'chainhub' });
		expect(cost).toMatchObject({ status: 'unknown', tokens: 108_900 });
		expect(cost.note).toBe(
			'ChainHub publishes no prices. Set a price for doubao-seedance-2-0-260128 in the Seedance API credential\'s Prices field, e.g. {"currency": "USD", "models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 7}}}. Or use a list with a multiplier: {"basedOn": "volcengine", "multiplier": 1}.',
		);
		expect(estimateVideoCost({ model: V20, resolution: '720p', ratio: '16:9', duration: 5 }, { provider: 'custom' })).toMatchObject({
			status: 'unknown',
			tokens: 108_900,
			frameCounting: 'observed',
			note: expect.stringMatching(/^A custom base URL publishes no prices\. /),
		});
	});

	it('a model the list does not have', () => {
		const cost = taskCost(succeeded('ep-20260101-abcde'), BYTE);
		expect(cost.status).toBe('unknown');
		expect(cost.note).toBe(
			'No list price for ep-20260101-abcde at BytePlus ModelArk. Set a price for ep-20260101-abcde in the Seedance API credential\'s Prices field, e.g. {"models": {"ep-20260101-abcde": {"perMillionTokens": 7}}}.',
		);
	});

	it('a resolution the list does not price', () => {
		expect(taskCost({ ...succeeded(V20_FAST), resolution: '1080p' }, VOLC).status).toBe('unknown');
	});
});

// ---------------------------------------------------------------------------------------------

describe('price override', () => {
	const refusal = (raw: unknown, provider: ProviderName = 'byteplus'): string => {
		try {
			parsePriceOverride(raw, provider);
		} catch (error) {
			expect(error).toBeInstanceOf(SeedanceInputError);
			expect((error as SeedanceInputError).description).toContain('Prices is a JSON object');
			return (error as Error).message;
		}
		throw new Error('accepted');
	};

	it('empty means the list prices', () => {
		expect(parsePriceOverride(undefined, 'byteplus')).toBeUndefined();
		expect(parsePriceOverride(null, 'byteplus')).toBeUndefined();
		expect(parsePriceOverride('  ', 'byteplus')).toBeUndefined();
	});

	it('reads JSON text or an object, keys models by their catalogue spelling', () => {
		const text = JSON.stringify({
			currency: 'usd',
			multiplier: 0.8,
			basedOn: 'byteplus',
			models: {
				'dreamina-seedance-2-0-260128': { perMillionTokens: 30, withVideoInput: 18, resolutions: { '1080p': { perMillionTokens: 33 } } },
				'EP-20260101-ABCDE': { perMillionTokens: 5 },
				'dola-seedream-5-0-pro-260628': { perImage: 0.04, perLargeImage: 0.08, perExtraInputImage: 0.002 },
			},
		});
		const expected = {
			currency: 'USD',
			multiplier: 0.8,
			basedOn: 'byteplus',
			videoModels: {
				[V20]: { perMillionTokens: 30, withVideoInput: 18, resolutions: { '1080p': { perMillionTokens: 33 } } },
				'ep-20260101-abcde': { perMillionTokens: 5 },
			},
			imageModels: { 'doubao-seedream-5-0-pro-260628': { perImage: 0.04, perLargeImage: 0.08, perExtraInputImage: 0.002 } },
		};
		expect(parsePriceOverride(text, 'chainhub')).toEqual(expected);
		expect(parsePriceOverride(JSON.parse(text), 'chainhub')).toEqual(expected);
	});

	it.each([
		['{"multiplier": -1}', 'Prices → multiplier must be a number ≥ 0, not -1'],
		['{"multiplier": "0.8"}', 'Prices → multiplier must be a number ≥ 0, not "0.8"'],
		[
			'{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": "abc"}}}',
			'Prices → models.doubao-seedance-2-0-260128.perMillionTokens must be a number ≥ 0, not "abc"',
		],
		[
			'{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 30, "withVideoInput": -18}}}',
			'Prices → models.doubao-seedance-2-0-260128.withVideoInput must be a number ≥ 0, not -18',
		],
		[
			'{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": null}}}',
			'Prices → models.doubao-seedance-2-0-260128.perMillionTokens must be a number ≥ 0, not null',
		],
		[
			'{"models": {"x": {"perMillionTokens": 1, "resolutions": {"1080p": {"perMillionTokens": []}}}}}',
			'Prices → models.x.resolutions.1080p.perMillionTokens must be a number ≥ 0, not []',
		],
		['{"models": {"x": {"perMillionTokens": 1, "resolutions": {"2k": {"perMillionTokens": 1}}}}}', 'Prices → models.x.resolutions.2k is not a resolution: use 480p, 720p, 1080p, 4k'],
		['{"models": {"x": {"perImage": -0.1}}}', 'Prices → models.x.perImage must be a number ≥ 0, not -0.1'],
		['{"multipler": 0.8}', 'Prices → multipler is not a known field: use currency, multiplier, basedOn, models'],
		[
			'{"models": {"doubao-seedance-2-0-260128": {"perToken": 1}}}',
			'Prices → models.doubao-seedance-2-0-260128.perToken is not a known field: use perMillionTokens, withVideoInput, resolutions',
		],
		['{"models": {"x": {"perImage": 1, "perMillionTokens": 1}}}', 'Prices → models.x mixes per-token and per-image prices: a model is priced one way'],
		['{"models": {"x": {"withVideoInput": 1}}}', 'Prices → models.x needs perMillionTokens (or resolutions)'],
		['{"models": {"doubao-seedream-4-5-251128": {"perImage": 1, "perLargeImage": 2}}}', 'Prices → models.doubao-seedream-4-5-251128.perLargeImage: this model has no size band (only Seedream 5.0 Pro has one)'],
		[
			'{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 1}, "dreamina-seedance-2-0-260128": {"perMillionTokens": 2}}}',
			'Prices → models.dreamina-seedance-2-0-260128 is given twice (under two spellings of the same model)',
		],
		['{"models": {"x": 5}}', 'Prices → models.x must be an object, not 5'],
		['{"models": []}', 'Prices → models must be an object by model ID, not []'],
		['{"currency": "dollars"}', 'Prices → currency must be a three-letter code such as "USD" or "CNY", not "dollars"'],
		['{"basedOn": "chainhub"}', 'Prices → basedOn must be "volcengine" or "byteplus", not "chainhub"'],
		['[1, 2]', 'Prices must be a JSON object, not [1,2]'],
		['42', 'Prices must be a JSON object, not 42'],
	])('refuses %s', (raw, message) => {
		expect(refusal(raw)).toBe(message);
	});

	it('refuses NaN and Infinity in an object (JSON text cannot hold them)', () => {
		expect(refusal({ multiplier: NaN })).toBe('Prices → multiplier must be a number ≥ 0, not NaN');
		expect(refusal({ models: { x: { perMillionTokens: Infinity } } })).toBe('Prices → models.x.perMillionTokens must be a number ≥ 0, not Infinity');
	});

	it('refuses text that is not JSON', () => {
		expect(refusal('{multiplier: 0.8}')).toMatch(/^Prices is not valid JSON: /);
	});

	it('needs a currency for own prices where there is no list to take it from', () => {
		const raw = '{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 30}}}';
		expect(refusal(raw, 'chainhub')).toBe('Prices → currency is needed: ChainHub has no price list to take it from');
		expect(refusal(raw, 'custom')).toBe('Prices → currency is needed: a custom base URL has no price list to take it from');
		expect(parsePriceOverride(raw, 'volcengine')?.videoModels[V20]).toEqual({ perMillionTokens: 30 });
	});

	describe('applied', () => {
		const spec: VideoSpec = { model: V20, resolution: '720p', ratio: '16:9', duration: 5 };
		const withOverride = (provider: ProviderName, raw: unknown): PricingContext => ({ provider, prices: parsePriceOverride(raw, provider) });

		it('a multiplier on the provider list', () => {
			const cost = estimateVideoCost(spec, withOverride('byteplus', { multiplier: 0.8 }));
			expect(cost).toMatchObject({ currency: 'USD', priceSource: 'BytePlus ModelArk pricing page × 0.8 (Prices in the Seedance API credential)', priceDate: '2026-10-08' });
			expect(cost.amount).toBeCloseTo(0.7623 * 0.8, 8);
			expect(cost.unitPricePerMillionTokens).toBeCloseTo(5.6, 10);
		});

		it('ChainHub: a multiplier on the Volcengine list by default, in its own currency', () => {
			const cost = estimateVideoCost(spec, withOverride('chainhub', { currency: 'USD', multiplier: 0.14 }));
			expect(cost).toMatchObject({ currency: 'USD', priceSource: 'Volcengine Ark price list × 0.14 (Prices in the Seedance API credential)' });
			expect(cost.amount).toBeCloseTo(108_900 * 46 * 0.14e-6, 10);
			expect(estimateVideoCost(spec, withOverride('chainhub', { basedOn: 'byteplus', multiplier: 1 })).currency).toBe('USD');
		});

		it("per-model prices: their own currency, video input, resolution bands, the model's rules", () => {
			const prices = withOverride('chainhub', {
				currency: 'USD',
				models: {
					[V20]: { perMillionTokens: 30, withVideoInput: 18, resolutions: { '1080p': { perMillionTokens: 33, withVideoInput: 20 } } },
					[V15_PRO]: { perMillionTokens: 1 },
					[V10_PRO]: { perMillionTokens: 2 },
				},
			});
			expect(estimateVideoCost(spec, prices)).toMatchObject({ currency: 'USD', priceConfidence: 'user', priceSource: 'Prices in the Seedance API credential', unitPricePerMillionTokens: 30 });
			expect(estimateVideoCost(spec, prices).priceDate).toBeUndefined();
			expect(estimateVideoCost({ ...spec, videoInputSeconds: 6 }, prices).unitPricePerMillionTokens).toBe(18);
			expect(estimateVideoCost({ ...spec, resolution: '1080p' }, prices).unitPricePerMillionTokens).toBe(33);
			expect(estimateVideoCost({ ...spec, resolution: '1080p', videoInputSeconds: 6 }, prices).unitPricePerMillionTokens).toBe(20);
			// 1.5 Pro's audio doubles the user's (silent) rate; flex halves 1.0 Pro's.
			expect(estimateVideoCost({ ...spec, model: V15_PRO, generateAudio: true }, prices).unitPricePerMillionTokens).toBe(2);
			expect(estimateVideoCost({ ...spec, model: V10_PRO, serviceTier: 'flex' }, prices).unitPricePerMillionTokens).toBe(1);
			// Models without a price of their own have none at ChainHub.
			expect(estimateVideoCost({ ...spec, model: V20_MINI }, prices).status).toBe('unknown');
		});

		it('own prices beat the list; the multiplier only touches the list', () => {
			const prices = withOverride('volcengine', { multiplier: 0.5, models: { [V20]: { perMillionTokens: 40 } } });
			expect(estimateVideoCost(spec, prices).unitPricePerMillionTokens).toBe(40);
			expect(estimateVideoCost({ ...spec, model: V20_MINI }, prices).unitPricePerMillionTokens).toBe(11.5);
		});

		it('an endpoint ID gets a bill from its usage', () => {
			const prices = withOverride('volcengine', { models: { 'ep-20260101-abcde': { perMillionTokens: 46 } } });
			const cost = taskCost({ status: 'succeeded', model: 'ep-20260101-abcde', usage: { completion_tokens: 108_900 } }, prices);
			expect(cost).toMatchObject({ status: 'billed', currency: 'CNY', tokens: 108_900 });
			expect(cost.amount).toBeCloseTo(5.0094, 8);
		});
	});
});

// ---------------------------------------------------------------------------------------------

describe('Seedream images', () => {
	const PRO = 'doubao-seedream-5-0-pro-260628';

	it.each([
		['doubao-seedream-5-0-pro-260628', '1024x1024', 0.3, 0.045],
		['dola-seedream-5-0-pro-260628', '2048x1152', 0.3, 0.045],
		['doubao-seedream-5-0-pro-260628', '1792×1344', 0.3, 0.045],
		['doubao-seedream-5-0-pro-260628', '2048x2048', 0.6, 0.09],
		['seedream-5-0-pro-260628', '2816x1584', 0.6, 0.09],
		['doubao-seedream-5-0-flash-260915', '2048x2048', 0.12, 0.018],
		['doubao-seedream-5-0-260128', '2048x2048', 0.22, 0.035],
		['seedream-5-0-lite-260128', '4096x4096', 0.22, 0.035],
		['doubao-seedream-4-5-251128', '2048x2048', 0.25, 0.04],
		['seedream-4-0-250828', '1024x1024', 0.2, 0.03],
		['doubao-seedream-3-0-t2i-250415', '1024x1024', 0.259, 0.03],
		// Left out of the image catalogue (docs/seedream.md): priced by their Volcengine id only.
		['doubao-seededit-3-0-i2i-250628', '1024x1024', 0.259, 0.03],
	])('%s at %s: ¥%s / $%s an image', (model, size, yuan, dollars) => {
		const volc = billedImageCost({ model, images: [{ size }] }, VOLC);
		const byte = billedImageCost({ model, images: [{ size }] }, BYTE);
		expect(volc).toMatchObject({ status: 'billed', currency: 'CNY', images: 1, amount: yuan, unitPricePerImage: yuan });
		expect(byte).toMatchObject({ status: 'billed', currency: 'USD', images: 1, amount: dollars, unitPricePerImage: dollars });
	});

	it('5.0 Pro charges each reference image after the first', () => {
		expect(billedImageCost({ model: PRO, images: [{ size: '1024x1024' }], inputImages: 3 }, VOLC).amount).toBeCloseTo(0.3 + 2 * 0.02, 10);
		expect(billedImageCost({ model: PRO, images: [{ size: '1024x1024' }], inputImages: 1 }, BYTE).amount).toBeCloseTo(0.045, 10);
		expect(billedImageCost({ model: 'doubao-seedream-5-0-flash-260915', images: [{ size: '1024x1024' }], inputImages: 5 }, VOLC).amount).toBeCloseTo(0.12, 10);
	});

	it('usage.generated_images is the count billed', () => {
		const cost = billedImageCost({ model: 'doubao-seedream-4-5-251128', images: [{ size: '2048x2048' }, { size: '2048x2048' }], generatedImages: 3 }, BYTE);
		expect(cost).toMatchObject({ images: 3 });
		expect(cost.amount).toBeCloseTo(0.12, 10);
		expect(billedImageCost({ model: 'doubao-seedream-4-5-251128', images: [], generatedImages: 0 }, BYTE)).toMatchObject({ status: 'free', amount: 0 });
	});

	it("5.0 Pro with an image's size unknown: both bands", () => {
		const cost = billedImageCost({ model: PRO, images: [{ size: '1024x1024' }, {}] }, BYTE);
		expect(cost).toMatchObject({ status: 'billed', images: 2, low: 0.09, high: 0.135 });
		expect(cost.amount).toBeUndefined();
		expect(cost.unitPricePerImage).toBeUndefined();
	});

	it('layers of a decomposition at the layer price, by band', () => {
		const cost = billedImageCost({ model: PRO, images: [{ size: '2048x2048' }, { size: '2048x2048', layer: true }, { size: '1024x1024', layer: true }] }, VOLC);
		expect(cost.amount).toBeCloseTo(0.6 + 0.3 + 0.15, 10);
	});

	it('estimates: a size tier, a group of 1–4, unknown size', () => {
		expect(estimateImageCost({ model: PRO, size: '1.5K', count: 1 }, VOLC)).toMatchObject({ status: 'estimated', amount: 0.3, images: 1 });
		expect(estimateImageCost({ model: PRO, size: '2K', count: 1, inputImages: 2 }, BYTE).amount).toBeCloseTo(0.093, 10);
		const group = estimateImageCost({ model: 'doubao-seedream-5-0-260128', size: '2K', count: { low: 1, high: 4 } }, BYTE);
		expect(group).toMatchObject({ status: 'estimated', imagesLow: 1, imagesHigh: 4, low: 0.035, high: 0.14, unitPricePerImage: 0.035 });
		expect(estimateImageCost({ model: PRO, count: 2 }, BYTE)).toMatchObject({ low: 0.09, high: 0.18 });
	});

	it('overrides: a multiplier, own per-image prices with their size band', () => {
		const multiplied = estimateImageCost({ model: PRO, size: '2K', count: 1 }, { provider: 'byteplus', prices: parsePriceOverride({ multiplier: 0.5 }, 'byteplus') });
		expect(multiplied.amount).toBeCloseTo(0.045, 10);
		const own = { provider: 'chainhub' as const, prices: parsePriceOverride({ currency: 'USD', models: { [PRO]: { perImage: 0.05, perLargeImage: 0.1, perExtraInputImage: 0.01 } } }, 'chainhub') };
		expect(estimateImageCost({ model: PRO, size: '1K', count: 1, inputImages: 2 }, own)).toMatchObject({ currency: 'USD', priceConfidence: 'user' });
		expect(estimateImageCost({ model: PRO, size: '1K', count: 1, inputImages: 2 }, own).amount).toBeCloseTo(0.06, 10);
		expect(estimateImageCost({ model: PRO, size: '2K', count: 1 }, own).amount).toBeCloseTo(0.1, 10);
	});

	it('no price: unknown with how to add one', () => {
		expect(estimateImageCost({ model: PRO, count: 1 }, { provider: 'chainhub' })).toEqual({
			status: 'unknown',
			note: 'ChainHub publishes no prices. Set a price for doubao-seedream-5-0-pro-260628 in the Seedance API credential\'s Prices field, e.g. {"currency": "USD", "models": {"doubao-seedream-5-0-pro-260628": {"perImage": 0.03}}}. Or use a list with a multiplier: {"basedOn": "volcengine", "multiplier": 1}.',
		});
		expect(billedImageCost({ model: 'doubao-seedream-9-0-991231', images: [{ size: '1024x1024' }] }, VOLC)).toMatchObject({ status: 'unknown', images: 1 });
	});

	it.each([
		['2048x2048', 4_194_304],
		['2048×2048', 4_194_304],
		[' 1536 x 1536 ', 2_359_296],
		['1.5k', 2_359_296],
		['2K', 4_194_304],
		['adaptive', undefined],
		['2048', undefined],
	])('pixels of %s', (size, pixels) => {
		expect(imagePixels(size)).toBe(pixels);
	});
});

// ---------------------------------------------------------------------------------------------

describe('sums', () => {
	const billed = (amount: number, currency = 'USD'): Cost => ({ status: 'billed', currency, amount, tokens: 1000 });

	it('adds one currency; free adds nothing', () => {
		expect(sumCosts([billed(1.25), billed(0.5), { status: 'free', amount: 0 }])).toEqual({
			status: 'billed',
			currency: 'USD',
			amount: 1.75,
			tokens: 2000,
			counts: { billed: 2, estimated: 0, free: 1, unknown: 0 },
		});
	});

	it('a range anywhere makes the total a range; bills with estimates are said to be', () => {
		const total = sumCosts([billed(1), { status: 'estimated', currency: 'USD', low: 0.5, high: 2, tokensLow: 10, tokensHigh: 40 }]);
		expect(total).toMatchObject({ status: 'estimated', low: 1.5, high: 3, tokensLow: 1010, tokensHigh: 1040 });
		expect(total.amount).toBeUndefined();
		expect(total.note).toBe('The total adds bills and estimates.');
	});

	it('never adds two currencies', () => {
		const total = sumCosts([billed(1, 'USD'), billed(7, 'CNY'), billed(2, 'USD')]);
		expect(total.status).toBe('unknown');
		expect(total.amount).toBeUndefined();
		expect(total.currency).toBeUndefined();
		expect(total.byCurrency).toEqual({ USD: { amount: 3 }, CNY: { amount: 7 } });
		expect(total.note).toBe('Costs in USD and CNY are not added together: see byCurrency.');
	});

	it('counts costs without a price, never guesses them', () => {
		const total = sumCosts([billed(1), { status: 'unknown', note: 'no price' }]);
		expect(total).toMatchObject({ status: 'unknown', currency: 'USD', amount: 1, counts: { billed: 1, estimated: 0, free: 0, unknown: 1 } });
		expect(total.note).toBe('1 of 2 have no price and are not in the total.');
		expect(total.tokens).toBeUndefined();
	});

	it('nothing, or only free tasks, cost 0', () => {
		expect(sumCosts([])).toMatchObject({ status: 'free', amount: 0 });
		expect(sumCosts([{ status: 'free', amount: 0 }, { status: 'free', amount: 0 }])).toMatchObject({ status: 'free', amount: 0 });
	});

	it('adds without float noise', () => {
		expect(sumCosts([billed(0.1), billed(0.2)]).amount).toBe(0.3);
	});
});

// ---------------------------------------------------------------------------------------------

describe('properties', () => {
	const videoModel = fc.constantFrom(...MODELS);
	const spec = videoModel.chain((model) =>
		fc.record({
			model: fc.constantFrom(model.id, model.byteplusId),
			resolution: fc.constantFrom(...model.resolutions),
			ratio: fc.constantFrom(...FIXED_RATIOS, 'adaptive'),
			duration: fc.oneof(fc.integer({ min: model.duration.min, max: model.duration.max }), fc.constant(model.duration.allowAuto ? -1 : 5)),
			videoInputSeconds: model.references && model.references.max.video > 0 ? fc.option(fc.double({ min: 2, max: 30, noNaN: true }), { nil: undefined }) : fc.constant(undefined),
			hasVideoInput: fc.boolean(),
			generateAudio: fc.option(fc.boolean(), { nil: undefined }),
			draft: fc.boolean(),
			serviceTier: fc.constantFrom('default', 'flex'),
			mode: fc.constantFrom(...model.modes),
		}),
	);
	const provider = fc.constantFrom<PricingContext>(VOLC, BYTE);
	const counting = fc.constantFrom<FrameCounting>('observed', 'official');

	it("an estimate's low is never above its high, and one value is never a range", () => {
		fc.assert(
			fc.property(spec, provider, counting, (s, p, c) => {
				const cost = estimateVideoCost(s, p, c);
				if (cost.status === 'unknown') return;
				expect(cost.status).toBe('estimated');
				if (cost.amount === undefined) {
					expect(cost.low!).toBeLessThanOrEqual(cost.high!);
					expect(cost.low).not.toBe(cost.high);
				}
				if (cost.tokens === undefined) expect(cost.tokensLow!).toBeLessThanOrEqual(cost.tokensHigh!);
				expect(Number.isInteger(cost.tokens ?? cost.tokensLow)).toBe(true);
			}),
		);
	});

	it('the observed count is never below the official one', () => {
		fc.assert(
			fc.property(spec, (s) => {
				const observed = estimateVideoTokens(s, 'observed');
				const official = estimateVideoTokens(s, 'official');
				if ('unknown' in observed || 'unknown' in official) return;
				expect(observed.low).toBeGreaterThanOrEqual(official.low);
				expect(observed.high).toBeGreaterThanOrEqual(official.high);
			}),
		);
	});

	it('a bill grows with its tokens', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...MODELS.map((m) => m.id)),
				provider,
				fc.nat({ max: 50_000_000 }),
				fc.nat({ max: 50_000_000 }),
				(model, p, a, b) => {
					const [few, many] = a <= b ? [a, b] : [b, a];
					const task = (tokens: number) => ({ status: 'succeeded', model, resolution: '720p', generate_audio: true, usage: { completion_tokens: tokens } });
					const small = taskCost(task(few), p, { hasVideoInput: false });
					const large = taskCost(task(many), p, { hasVideoInput: false });
					if (small.status === 'unknown') return;
					expect(small.amount!).toBeLessThanOrEqual(large.amount!);
				},
			),
		);
	});

	it('an exactly known request is estimated at what its task is then billed', () => {
		const exact = videoModel.chain((model) =>
			fc.record({
				model: fc.constant(model.id),
				resolution: fc.constantFrom(...model.resolutions),
				ratio: fc.constantFrom(...FIXED_RATIOS),
				duration: fc.integer({ min: model.duration.min, max: model.duration.max }),
			}),
		);
		fc.assert(
			fc.property(exact, provider, (s, p) => {
				const estimate = estimateVideoCost(s, p);
				if (estimate.status === 'unknown') return;
				const bill = taskCost({ status: 'succeeded', ...s, generate_audio: true, usage: { completion_tokens: estimate.tokens } }, p, { hasVideoInput: false });
				expect(bill.status).toBe('billed');
				expect(bill.amount).toBe(estimate.amount);
			}),
		);
	});
});
