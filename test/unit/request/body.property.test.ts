/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Property: any combination of parameters gives either a body that the API's rules accept
 * (judged by the simulator's validator, written from seedance-api.md independently of the
 * node) or a clear SeedanceInputError; never a TypeError or another crash. For model ids we
 * don't know (endpoints, newer models) only the latter holds: their limits are the API's.
 */
import fc from 'fast-check';

import { findModel, MODELS, type GenerationMode } from '../../../nodes/Seedance/request/models';
import { makeWav } from '../../helpers/audio';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';
import { buildCreateTaskBody, type GenerationRequest } from '../../../nodes/Seedance/request/body';
import { makePng } from '../../helpers/png';

const { validateCreate } = require('../../simulator/validate');

const PNG_URL = `data:image/png;base64,${makePng(320, 320).toString('base64')}`;

const WAV_URL = (seconds: number) => `data:audio/wav;base64,${makeWav(seconds).toString('base64')}`;

const mode = fc.constantFrom<GenerationMode>(
	'text',
	'firstFrame',
	'firstLastFrame',
	'referenceImages',
	'reference',
	'editVideo',
	'extendVideo',
	'draftFinal',
);
const modelId = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...MODELS.map((m) => m.id)) },
	{ weight: 3, arbitrary: fc.constantFrom(...MODELS.map((m) => m.byteplusId)) },
	{ weight: 1, arbitrary: fc.constantFrom('ep-20250101-abcde', 'doubao-seedance-3-0-future-270101', '') },
);
const goodUrl = fc.oneof(fc.constant('https://img.example/a.png'), fc.constant(PNG_URL), fc.webUrl(), fc.constant('asset://asset-20260401-abc'));
const videoUrl = fc.oneof(
	{ weight: 8, arbitrary: fc.oneof(fc.webUrl(), fc.constant('asset://asset-20260401-vid')) },
	{ weight: 1, arbitrary: fc.constantFrom('data:video/mp4;base64,AAAA', 'ftp://x/y.mp4', '') },
);
const audioUrl = fc.oneof(
	{ weight: 8, arbitrary: fc.oneof(fc.webUrl(), fc.constant('asset://asset-20260401-aud'), fc.integer({ min: 2, max: 6 }).map(WAV_URL)) },
	{ weight: 1, arbitrary: fc.constantFrom('data:audio/ogg;base64,AAAA', 'not a url', WAV_URL(1), WAV_URL(31)) },
);
const clips = (arb: fc.Arbitrary<string>, label: string) =>
	fc.array(arb, { maxLength: 4 }).map((urls) => urls.map((u, i) => ({ label: `${label} ${i + 1}`, url: u })));
const badUrl = fc.constantFrom('ftp://x/y.png', 'not a url', '', 'data:image/svg;base64,AAAA', 'data:text/plain;base64,AAAA');
const url = fc.oneof({ weight: 12, arbitrary: goodUrl }, { weight: 1, arbitrary: badUrl });
const prompt = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom('a cat on a skateboard', '[Figure 1] and [Figure 2] on a beach', '[Figure 1] waves', '[图1] 在草地上', 'Image 1 dances to Audio 1', '@Image1 walks into @Video1', 'Replace the car in Video 1', 'Extend Video 1 forward') },
	{ weight: 1, arbitrary: fc.string() },
	{ weight: 1, arbitrary: fc.constantFrom('', '   ', '[Figure 5] dances', 'a cat --rs 1080p', 'Video 4 again', 'asset-20260401123456 smiles') },
);
/** Mostly unset, often a valid value, sometimes an invalid one: every rule gets reached. */
const opt = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) =>
	fc.oneof(
		{ weight: 10, arbitrary: fc.constant(undefined) },
		{ weight: 3, arbitrary: valid },
		{ weight: 1, arbitrary: invalid },
	) as fc.Arbitrary<T | undefined>;
const options = fc.record({
	resolution: opt(fc.constantFrom('480p', '720p', '1080p', '4k'), fc.constantFrom('8k', '')),
	ratio: opt(fc.constantFrom('16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'), fc.constant('2:1')),
	duration: opt(fc.integer({ min: -1, max: 30 }), fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double({ min: 0, max: 20, noNaN: true }))),
	frames: opt(fc.integer({ min: 1, max: 66 }).map((n) => 25 + 4 * n), fc.integer({ min: 0, max: 300 })),
	seed: opt(fc.oneof(fc.integer({ min: -1, max: 2147483647 }), fc.integer({ min: -1, max: 4294967295 })), fc.constantFrom(-2, 4294967296, 1.5)),
	cameraFixed: opt(fc.boolean(), fc.boolean()),
	watermark: opt(fc.boolean(), fc.boolean()),
	returnLastFrame: opt(fc.boolean(), fc.boolean()),
	callbackUrl: opt(fc.webUrl(), fc.constantFrom('hook', 'ftp://x')),
	serviceTier: opt(fc.constantFrom('default', 'flex'), fc.constant('turbo')),
	executionExpiresAfter: opt(fc.integer({ min: 3600, max: 259200 }), fc.integer({ min: 0, max: 300000 })),
	generateAudio: opt(fc.boolean(), fc.boolean()),
	draft: opt(fc.boolean(), fc.boolean()),
	outputFormat: opt(fc.constantFrom('mp4', 'mov'), fc.constant('avi')),
	webSearch: opt(fc.boolean(), fc.boolean()),
	priority: opt(fc.integer({ min: 0, max: 9 }), fc.constantFrom(-1, 10, 2.5)),
	safetyIdentifier: opt(fc.string({ maxLength: 64 }), fc.constant('x'.repeat(65))),
	additionalBodyFields: opt(
		fc.constantFrom('{"future_field": 1}', '{"watermark": true}'),
		fc.constantFrom('{"model": "x"}', '{"content": []}', '[1]', '{not json'),
	),
	sendParametersAs: opt(fc.constantFrom<'body' | 'prompt'>('body', 'prompt'), fc.constant('body' as const)),
});
const IMAGES: Record<GenerationMode, number> = {
	text: 0, firstFrame: 1, firstLastFrame: 2, referenceImages: 3, reference: 2, editVideo: 1, extendVideo: 0, draftFinal: 0,
};
const REFERENCE = ['reference', 'editVideo', 'extendVideo'];
const request: fc.Arbitrary<GenerationRequest> = mode.chain((m) =>
	fc.record({
		mode: fc.constant(m),
		model: modelId,
		provider: fc.constantFrom(undefined, 'byteplus', 'volcengine', 'custom'),
		prompt,
		images: fc
			.oneof({ weight: 8, arbitrary: fc.array(url, { minLength: IMAGES[m], maxLength: Math.max(1, IMAGES[m]) }) }, { weight: 1, arbitrary: fc.array(url, { maxLength: 11 }) })
			.map((urls) => urls.map((u, i) => ({ label: `Image ${i + 1}`, url: u }))),
		videos: REFERENCE.includes(m) ? clips(videoUrl, 'Video') : fc.constant([]),
		audio: REFERENCE.includes(m) ? clips(audioUrl, 'Audio') : fc.constant([]),
		draftTaskId: fc.constantFrom(undefined, 'cgt-20260901-abcde', ''),
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
		let known = 0;
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
				// Unknown ids and endpoints get only the shared checks: the simulator, like the API, judges the rest
				// (it places no limits on ids it doesn't know either).
				expect(() => validateCreate(JSON.parse(JSON.stringify(body)))).not.toThrow();
				if (findModel(req.model)) known++;
			}),
			{ numRuns: 3000 },
		);
		expect(known).toBeGreaterThan(40); // the generator reaches accepted bodies of known models, not only errors
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
					generateAudio: 'generate_audio', draft: 'draft', outputFormat: 'output_format', priority: 'priority',
					safetyIdentifier: 'safety_identifier', webSearch: 'tools',
				};
				for (const [option, field] of Object.entries(fields)) {
					if ((req.options as Record<string, unknown>)[option] !== undefined) allowed.add(field);
				}
				// What the catalogue makes a mode send, and the user's own extra JSON fields.
				const model = findModel(req.model);
				if (model?.adaptiveOnly?.includes(req.mode)) allowed.add('ratio');
				if (model?.fixedDuration?.[req.mode] !== undefined) allowed.add('duration');
				if (model?.taskTypeField && (req.mode === 'editVideo' || req.mode === 'extendVideo')) allowed.add('omni_reference_task_type');
				if ((req.options.draft && model?.draftResolution) || (req.mode === 'draftFinal' && model?.finalResolution)) allowed.add('resolution');
				if (typeof req.options.additionalBodyFields === 'string') {
					for (const key of Object.keys(JSON.parse(req.options.additionalBodyFields))) allowed.add(key);
				}
				for (const key of Object.keys(body)) expect(allowed.has(key)).toBe(true);
			}),
			{ numRuns: 1000 },
		);
	});
});
