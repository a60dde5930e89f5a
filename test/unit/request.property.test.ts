/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Property: any combination of parameters gives either a body that the API's rules accept
 * (judged by the simulator's validator, written from seedance-api.md independently of the
 * node) or a clear SeedanceInputError; never a TypeError or another crash. For model ids we
 * don't know (endpoints, newer models) only the latter holds: their limits are the API's.
 */
import fc from 'fast-check';

import { findModel, MODELS, type GenerationMode } from '../../nodes/Seedance/shared/models';
import { buildCreateTaskBody, SeedanceInputError, type GenerationRequest } from '../../nodes/Seedance/shared/request';
import { makePng } from '../helpers/png';

const { validateCreate } = require('../simulator/validate');

const PNG_URL = `data:image/png;base64,${makePng(320, 320).toString('base64')}`;

const mode = fc.constantFrom<GenerationMode>('text', 'firstFrame', 'firstLastFrame', 'referenceImages');
const modelId = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...MODELS.map((m) => m.id)) },
	{ weight: 2, arbitrary: fc.constantFrom(...MODELS.map((m) => m.id.replace(/^doubao-/, ''))) },
	{ weight: 1, arbitrary: fc.constantFrom('ep-20250101-abcde', 'doubao-seedance-2-0-future-260101', '') },
);
const goodUrl = fc.oneof(fc.constant('https://img.example/a.png'), fc.constant(PNG_URL), fc.webUrl());
const badUrl = fc.constantFrom('ftp://x/y.png', 'not a url', '', 'data:image/svg;base64,AAAA', 'data:text/plain;base64,AAAA');
const url = fc.oneof({ weight: 12, arbitrary: goodUrl }, { weight: 1, arbitrary: badUrl });
const prompt = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom('a cat on a skateboard', '[Figure 1] and [Figure 2] on a beach', '[Figure 1] waves', '[图1] 在草地上') },
	{ weight: 1, arbitrary: fc.string() },
	{ weight: 1, arbitrary: fc.constantFrom('', '   ', '[Figure 5] dances', 'a cat --rs 1080p') },
);
/** Mostly unset, often a valid value, sometimes an invalid one: every rule gets reached. */
const opt = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) =>
	fc.oneof(
		{ weight: 5, arbitrary: fc.constant(undefined) },
		{ weight: 4, arbitrary: valid },
		{ weight: 1, arbitrary: invalid },
	) as fc.Arbitrary<T | undefined>;
const options = fc.record({
	resolution: opt(fc.constantFrom('480p', '720p', '1080p'), fc.constantFrom('4k', '')),
	ratio: opt(fc.constantFrom('16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'), fc.constant('2:1')),
	duration: opt(fc.integer({ min: -1, max: 12 }), fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double({ min: 0, max: 20, noNaN: true }))),
	frames: opt(fc.integer({ min: 1, max: 66 }).map((n) => 25 + 4 * n), fc.integer({ min: 0, max: 300 })),
	seed: opt(fc.integer({ min: -1, max: 4294967295 }), fc.constantFrom(-2, 4294967296, 1.5)),
	cameraFixed: opt(fc.boolean(), fc.boolean()),
	watermark: opt(fc.boolean(), fc.boolean()),
	returnLastFrame: opt(fc.boolean(), fc.boolean()),
	callbackUrl: opt(fc.webUrl(), fc.constantFrom('hook', 'ftp://x')),
	serviceTier: opt(fc.constantFrom('default', 'flex'), fc.constant('turbo')),
	executionExpiresAfter: opt(fc.integer({ min: 3600, max: 259200 }), fc.integer({ min: 0, max: 300000 })),
	generateAudio: opt(fc.boolean(), fc.boolean()),
	draft: opt(fc.boolean(), fc.boolean()),
	sendParametersAs: opt(fc.constantFrom<'body' | 'prompt'>('body', 'prompt'), fc.constant('body' as const)),
});
const IMAGES: Record<GenerationMode, number> = { text: 0, firstFrame: 1, firstLastFrame: 2, referenceImages: 3 };
const request: fc.Arbitrary<GenerationRequest> = mode.chain((m) =>
	fc.record({
		mode: fc.constant(m),
		model: modelId,
		prompt,
		images: fc
			.oneof({ weight: 8, arbitrary: fc.array(url, { minLength: IMAGES[m], maxLength: Math.max(1, IMAGES[m]) }) }, { weight: 1, arbitrary: fc.array(url, { maxLength: 5 }) })
			.map((urls) => urls.map((u, i) => ({ label: `Image ${i + 1}`, url: u }))),
		options: options as fc.Arbitrary<GenerationRequest['options']>,
	}),
);

function attempt(req: GenerationRequest): { body?: Record<string, unknown>; error?: unknown } {
	try {
		return { body: buildCreateTaskBody(req) };
	} catch (error) {
		return { error };
	}
}

describe('the body builder and validators, for any input', () => {
	it('give a body the API accepts, or a clear input error', () => {
		fc.assert(
			fc.property(request, (req) => {
				const { body, error } = attempt(req);
				if (error !== undefined) {
					expect(error).toBeInstanceOf(SeedanceInputError);
					const e = error as SeedanceInputError;
					expect(e.message.length).toBeGreaterThan(5);
					expect(e.description.length).toBeGreaterThan(5);
					return;
				}
				// Unknown ids and endpoints pass through on purpose: their limits are the API's to judge.
				if (findModel(req.model)) expect(() => validateCreate(JSON.parse(JSON.stringify(body)))).not.toThrow();
			}),
			{ numRuns: 3000 },
		);
	});

	it('never send an option the user did not set', () => {
		fc.assert(
			fc.property(request, (req) => {
				const { body } = attempt(req);
				if (!body) return;
				const allowed = new Set(['model', 'content']);
				const fields: Record<string, string> = {
					resolution: 'resolution', ratio: 'ratio', duration: 'duration', frames: 'frames', seed: 'seed',
					cameraFixed: 'camera_fixed', watermark: 'watermark', returnLastFrame: 'return_last_frame',
					callbackUrl: 'callback_url', serviceTier: 'service_tier', executionExpiresAfter: 'execution_expires_after',
					generateAudio: 'generate_audio', draft: 'draft',
				};
				for (const [option, field] of Object.entries(fields)) {
					if ((req.options as Record<string, unknown>)[option] !== undefined) allowed.add(field);
				}
				for (const key of Object.keys(body)) expect(allowed.has(key)).toBe(true);
			}),
			{ numRuns: 1000 },
		);
	});
});
