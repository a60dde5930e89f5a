/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Seedance 2.x through the pure builder: the catalogue per model × mode, the multimodal limits, edit /
 * extend / draft, the 2.x options. Every accepted body is also judged by the simulator's validator
 * (written from seedance-api-2x.md, independently of the node).
 */
import { describeApiError } from '../../../nodes/Seedance/shared/errors';
import { checkImageBytes, detectImageFormat } from '../../../nodes/Seedance/request/images';
import { checkAudioBytes } from '../../../nodes/Seedance/request/media';
import { findModel, idForProvider, MODELS, modelsFor, type GenerationMode } from '../../../nodes/Seedance/request/models';
import { agentView } from '../../../nodes/Seedance/output/taskView';
import { buildCreateTaskBody, type GenerationRequest } from '../../../nodes/Seedance/request/body';
import { modelList } from '../../../nodes/Seedance/methods/listSearch';
import { makeWav } from '../../helpers/audio';
import { errorOf } from '../../helpers/request';

const { validateCreate } = require('../../simulator/validate');

const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'doubao-seedance-2-5-260628';
const FAST = 'doubao-seedance-2-0-fast-260128';
const UNKNOWN = 'doubao-seedance-3-0-future-270101';

const img = (n: number) => ({ label: `Reference image ${n}`, url: `https://img.example/${n}.png` });
const vid = (n: number) => ({ label: `Reference video ${n}`, url: `https://vid.example/${n}.mp4` });
const aud = (n: number) => ({ label: `Reference audio clip ${n}`, url: `https://aud.example/${n}.mp3` });
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const wavUrl = (seconds: number) => `data:audio/wav;base64,${makeWav(seconds).toString('base64')}`;

function req(overrides: Partial<GenerationRequest>): GenerationRequest {
	return { mode: 'reference', model: V20, prompt: 'Image 1 dances', images: [img(1)], videos: [], audio: [], options: {}, ...overrides };
}

/** Builds, and checks the simulator (the API's stand-in) accepts what was built. */
function accepted(request: GenerationRequest) {
	const body = buildCreateTaskBody(request);
	expect(() => validateCreate(JSON.parse(JSON.stringify(body)))).not.toThrow();
	return body;
}

/** A minimal valid request per mode. */
const MINIMAL: Record<GenerationMode, Partial<GenerationRequest>> = {
	text: { prompt: 'A paper boat on a rainy street', images: [] },
	firstFrame: { prompt: 'It moves', images: [img(1)] },
	firstLastFrame: { prompt: 'From one to the other', images: [img(1), img(2)] },
	referenceImages: { prompt: '[Figure 1] on a beach', images: [img(1)] },
	reference: { prompt: 'Image 1 walks through Video 1', images: [img(1)], videos: [vid(1)], audio: [aud(1)] },
	editVideo: { prompt: 'Replace the car in Video 1 with a red bike', images: [], videos: [vid(1)] },
	extendVideo: { prompt: 'Extend Video 1 forward: the dog runs home', images: [], videos: [vid(1)] },
	draftFinal: { prompt: '', images: [], draftTaskId: 'cgt-20260901120000-abcde' },
};
const MODES = Object.keys(MINIMAL) as GenerationMode[];

describe('the catalogue', () => {
	it('knows 2.0, 2.0 Fast, 2.0 Mini and 2.5 in both spellings, each taking a seed (the recovery seed)', () => {
		for (const [cn, bp] of [
			[V20, 'dreamina-seedance-2-0-260128'],
			[FAST, 'dreamina-seedance-2-0-fast-260128'],
			['doubao-seedance-2-0-mini-260615', 'dreamina-seedance-2-0-mini-260615'],
			[V25, 'dreamina-seedance-2-5-260628'],
		]) {
			expect(findModel(bp)).toBe(findModel(cn));
			expect(findModel(cn)!.takesSeed).toBe(true);
			expect(idForProvider(cn, 'byteplus')).toBe(bp);
			expect(idForProvider(bp, 'volcengine')).toBe(cn);
			expect(idForProvider(bp, 'chainhub')).toBe(cn);
		}
		expect(MODELS.filter((m) => m.id.includes('-1-')).every((m) => m.takesSeed)).toBe(true);
		expect(idForProvider('doubao-seedance-1-0-pro-250528', 'byteplus')).toBe('seedance-1-0-pro-250528');
	});

	it('lists the newest first, and flags the 1.x models a provider switched off', () => {
		expect(modelsFor('reference').map((m) => m.name)).toEqual(['Seedance 2.5', 'Seedance 2.0 Mini', 'Seedance 2.0', 'Seedance 2.0 Fast']);
		expect(modelsFor('referenceImages').at(-1)!.name).toBe('Seedance 1.0 Lite (image to video)');
		const byteplus = modelList('text', 'byteplus').results;
		expect(byteplus[0]).toEqual({ name: 'Seedance 2.5', value: 'dreamina-seedance-2-5-260628' });
		expect(byteplus.find((r) => r.value === 'seedance-1-0-lite-t2v-250428')!.name).toMatch(/switched off: BytePlus switched it off on 2026-05-13/);
		expect(byteplus.find((r) => r.value === 'seedance-1-5-pro-251215')!.name).toMatch(/switched off.*2\.0 Mini/);
		expect(modelList('text', 'volcengine').results.some((r) => /switched off/.test(String(r.name)))).toBe(false);
		expect(modelList('reference', 'volcengine', 'mini').results).toEqual([{ name: 'Seedance 2.0 Mini', value: 'doubao-seedance-2-0-mini-260615' }]);
	});

	it('refuses a switched-off model at that provider before any request, and names the replacement', () => {
		const error = errorOf(req({ mode: 'referenceImages', model: 'seedance-1-0-lite-i2v-250428', provider: 'byteplus', prompt: '[Figure 1]' }));
		expect(error.message).toBe(
			'Seedance 1.0 Lite (image to video) is switched off at this provider: BytePlus switched it off on 2026-05-13; use Seedance 1.0 Pro Fast or a 2.x model',
		);
		expect(() => buildCreateTaskBody(req({ mode: 'referenceImages', model: 'doubao-seedance-1-0-lite-i2v-250428', provider: 'chainhub', prompt: '[Figure 1]' }))).not.toThrow();
	});
});

describe('every known model × every mode', () => {
	const table = MODELS.flatMap((model) => MODES.map((mode) => [model.name, mode, model.id] as const));
	it.each(table)('%s, %s', (_name, mode, id) => {
		const model = findModel(id)!;
		const request = req({ mode, model: id, ...MINIMAL[mode] });
		if (!model.modes.includes(mode)) {
			expect(errorOf(request).message).toMatch(/can't "/);
			return;
		}
		// 1.0 Lite's reference mode takes images only (the multimodal minimal request has none else there).
		const body = accepted(request);
		const types = body.content.map((c) => c.type);
		if (mode === 'draftFinal') expect(types).toEqual(['draft_task']);
		if (mode === 'reference') expect(types).toEqual(['text', 'image_url', 'video_url', 'audio_url']);
		if (mode === 'editVideo' || mode === 'extendVideo') {
			expect(types).toEqual(['text', 'video_url']);
			expect(body.omni_reference_task_type).toBe(model.taskTypeField ? (mode === 'editVideo' ? 'edit' : 'extend') : undefined);
		}
		for (const item of body.content) if (item.type !== 'text' && item.type !== 'draft_task') expect(item.role).toBeDefined();
	});
});

describe('multimodal reference limits, per model', () => {
	it.each([
		[V20, 9, 3, 3],
		[FAST, 9, 3, 3],
		[V25, 30, 10, 10],
	])('%s takes %i images, %i videos, %i audio clips, and not one more', (model, images, videos, audio) => {
		const full = { images: range(images).map(img), videos: range(videos).map(vid), audio: range(audio).map(aud), prompt: 'Image 1 and Video 1' };
		const body = accepted(req({ model, ...full, options: { duration: 10 } }));
		expect(body.content).toHaveLength(1 + images + videos + audio);
		expect(errorOf(req({ model, ...full, images: range(images + 1).map(img) })).message).toMatch(
			new RegExp(`takes up to ${images} reference images, but ${images + 1} are given`),
		);
		expect(errorOf(req({ model, ...full, videos: range(videos + 1).map(vid) })).message).toMatch(new RegExp(`up to ${videos} reference videos`));
		expect(errorOf(req({ model, ...full, audio: range(audio + 1).map(aud) })).message).toMatch(new RegExp(`up to ${audio} reference audio clips`));
	});

	it('2.0 refuses audio alone (it needs an image or a video); 2.5 takes it', () => {
		expect(errorOf(req({ images: [], audio: [aud(1)], prompt: 'A song' })).message).toBe("Seedance 2.0 can't take reference audio alone");
		expect(accepted(req({ model: V25, images: [], audio: [aud(1)], prompt: 'A song' })).content.map((c) => c.type)).toEqual(['text', 'audio_url']);
	});

	it('checks the length of inline audio: each clip and all together', () => {
		expect(accepted(req({ audio: [{ label: 'Reference audio clip 1', url: wavUrl(3) }] })).content[2].type).toBe('audio_url');
		expect(errorOf(req({ audio: [{ label: 'Reference audio clip 1', url: wavUrl(16) }] })).message).toBe(
			'Reference audio clip 1 is 16.0 s long; Seedance 2.0 takes clips of 2–15 s',
		);
		expect(errorOf(req({ audio: [{ label: 'Reference audio clip 1', url: wavUrl(1) }] })).message).toMatch(/is 1\.0 s long/);
		const three = range(3).map((n) => ({ label: `Reference audio clip ${n}`, url: wavUrl(6) }));
		expect(errorOf(req({ audio: three })).message).toBe('The reference audio clips are 18.0 s together; Seedance 2.0 takes at most 15 s in all');
		expect(accepted(req({ model: V25, audio: three })).content).toHaveLength(5);
	});

	it('takes videos only by URL or asset id, and audio as wav/mp3', () => {
		const inline = errorOf(req({ videos: [{ label: 'Reference video 1', url: 'data:video/mp4;base64,AAAA' }] }));
		expect(inline.message).toBe('Reference video 1 is inline data; Seedance takes reference videos only by URL or asset ID');
		expect(inline.description).toMatch(/https:\/\/ URL/);
		expect(errorOf(req({ videos: [{ label: 'Reference video 1', url: 'ftp://x/y.mp4' }] })).message).toMatch(/not an http\(s\) URL or asset ID/);
		expect(errorOf(req({ audio: [{ label: 'Reference audio clip 1', url: 'data:audio/ogg;base64,AAAA' }] })).message).toBe(
			'Reference audio clip 1 is not a valid audio data URL',
		);
		const assets = accepted(
			req({
				images: [{ label: 'Reference image 1', url: 'asset://asset-20260401-img' }],
				videos: [{ label: 'Reference video 1', url: 'asset://asset-20260401-vid' }],
				audio: [{ label: 'Reference audio clip 1', url: 'asset://asset-20260401-aud' }],
			}),
		);
		expect(assets.content.slice(1)).toEqual([
			{ type: 'image_url', image_url: { url: 'asset://asset-20260401-img' }, role: 'reference_image' },
			{ type: 'video_url', video_url: { url: 'asset://asset-20260401-vid' }, role: 'reference_video' },
			{ type: 'audio_url', audio_url: { url: 'asset://asset-20260401-aud' }, role: 'reference_audio' },
		]);
	});

	it('checks the names in the prompt against what is given, in each model\'s spelling', () => {
		expect(errorOf(req({ prompt: 'Image 1 in Video 2', videos: [vid(1)] })).message).toBe('The prompt names "Video 2" but only 1 reference video is given');
		const at = errorOf(req({ model: V25, prompt: '@Image3 waves', images: [img(1), img(2)] }));
		expect(at.message).toBe('The prompt names "@Image3" but only 2 reference images are given');
		expect(at.description).toMatch(/@Image1 to @Image2/);
		expect(errorOf(req({ prompt: 'Audio 1 plays', audio: [] })).message).toMatch(/no reference audio clip is given/);
		expect(errorOf(req({ prompt: 'asset-20260401123456 smiles' })).message).toMatch(/names an asset by its ID/);
		expect(errorOf(req({ prompt: '[图片2] 跳舞' })).message).toMatch(/names "\[图片2\]"/);
		// Numbers that are not names: a resolution, a length.
		expect(() => buildCreateTaskBody(req({ prompt: 'Image 1 in a video 1080p, audio 2s of rain' }))).not.toThrow();
	});

	it('keeps 1.0 Lite at 1–4 images with its narrower outputs; 2.0 takes 1080p, 4k and adaptive there', () => {
		const lite = { mode: 'referenceImages' as const, model: 'doubao-seedance-1-0-lite-i2v-250428', prompt: '[Figure 1]' };
		expect(errorOf(req({ ...lite, images: range(5).map(img) })).message).toMatch(/takes 1 to 4 images, but 5 were given/);
		expect(errorOf(req({ ...lite, options: { resolution: '1080p' } })).message).toMatch(/Resolution "1080p" is not supported/);
		const nine = accepted(req({ mode: 'referenceImages', images: range(9).map(img), prompt: 'Image 9', options: { resolution: '1080p', ratio: 'adaptive' } }));
		expect(nine.content).toHaveLength(10);
		expect(accepted(req({ options: { resolution: '4k' } })).resolution).toBe('4k');
		expect(errorOf(req({ model: FAST, options: { resolution: '4k' } })).message).toBe(
			'Resolution "4k" is not supported in "Generate from Multimodal Reference" on Seedance 2.0 Fast',
		);
	});
});

describe('2.x options', () => {
	it.each([
		['Camera Fixed', { mode: 'text', images: [], prompt: 'x', options: { cameraFixed: true } }, /Camera Fixed is not supported in "Generate from Text" on Seedance 2.0/],
		['Frames', { mode: 'text', images: [], prompt: 'x', options: { frames: 121 } }, /Seedance 2.0 doesn't take Frames/],
		['Flex tier', { options: { serviceTier: 'flex' } }, /Service Tier "flex" is not supported on Seedance 2.0/],
		['prompt commands', { options: { sendParametersAs: 'prompt', duration: 5 } }, /Seedance 2.0 doesn't take prompt commands/],
		['duration 16', { options: { duration: 16 } }, /Duration must be a whole number from 4 to 15, not 16/],
		['seed above 2^31-1', { options: { seed: 2 ** 31 } }, /Seed must be a whole number from -1 to 2147483647/],
		['output format on 2.0', { options: { outputFormat: 'mov' } }, /Seedance 2.0 doesn't support Output Format/],
		['draft on 2.0', { options: { draft: true } }, /Seedance 2.0 doesn't support Draft/],
		['priority 10', { options: { priority: 10 } }, /Priority must be a whole number from 0 to 9/],
		['a long safety identifier', { options: { safetyIdentifier: 'x'.repeat(65) } }, /at most 64 characters/],
		['web search in reference mode', { options: { webSearch: true } }, /Web Search is not supported in "Generate from Multimodal Reference"/],
		['extra JSON setting the model', { options: { additionalBodyFields: '{"model":"other"}' } }, /Additional Body Fields can't set "model"/],
		['extra JSON setting content', { options: { additionalBodyFields: { content: [] } } }, /can't set "content"/],
		['extra JSON that is not JSON', { options: { additionalBodyFields: '{oops' } }, /Additional Body Fields is not valid JSON/],
		['extra JSON that is a list', { options: { additionalBodyFields: '[1]' } }, /must be a JSON object/],
	] as Array<[string, Partial<GenerationRequest>, RegExp]>)('refuses %s', (_name, overrides, message) => {
		const error = errorOf(req(overrides));
		expect(error.message).toMatch(message);
		expect(error.description.length).toBeGreaterThan(10);
	});

	it('sends the 2.x fields it is given, and the extra JSON as it is', () => {
		const body = accepted(
			req({
				mode: 'text',
				images: [],
				prompt: 'Today in Paris',
				options: {
					generateAudio: false,
					duration: -1,
					ratio: 'adaptive',
					priority: 3,
					safetyIdentifier: 'user-42',
					webSearch: true,
					returnLastFrame: true,
					additionalBodyFields: '{"future_field": {"a": 1}, "watermark": true}',
				},
			}),
		);
		expect(body).toEqual({
			model: V20,
			content: [{ type: 'text', text: 'Today in Paris' }],
			ratio: 'adaptive',
			duration: -1,
			generate_audio: false,
			return_last_frame: true,
			priority: 3,
			safety_identifier: 'user-42',
			tools: [{ type: 'web_search' }],
			future_field: { a: 1 },
			watermark: true,
		});
		expect(accepted(req({ model: V25, options: { outputFormat: 'mov', duration: 30 } }))).toMatchObject({ output_format: 'mov', duration: 30 });
	});

	it('still checks the request size with the extra JSON', () => {
		const big = JSON.stringify({ padding: 'x'.repeat(65 * 1024 * 1024) });
		expect(errorOf(req({ options: { additionalBodyFields: big } })).message).toMatch(/The request is 65\.0 MB; Seedance accepts up to 64\.0 MB/);
	});

	it('gives unknown ids only the shared checks', () => {
		const body = accepted(
			req({
				model: UNKNOWN,
				images: range(40).map(img),
				audio: [aud(1)],
				prompt: 'Image 40 sings Audio 1',
				options: { resolution: '4k', ratio: 'adaptive', duration: 45, outputFormat: 'mov', priority: 1 },
			}),
		);
		expect(body.model).toBe(UNKNOWN);
		expect(accepted(req({ model: 'ep-20260101-abcde', mode: 'text', images: [], prompt: 'x', options: { cameraFixed: true, frames: 121 } })).camera_fixed).toBe(true);
		// Shared rules still hold for them: formats, URL shapes, numbering, the body size.
		expect(errorOf(req({ model: UNKNOWN, videos: [{ label: 'Reference video 1', url: 'data:video/mp4;base64,AAAA' }] })).message).toMatch(/inline data/);
		expect(errorOf(req({ model: UNKNOWN, prompt: 'Video 1 moves' })).message).toMatch(/names "Video 1"/);
	});
});

describe('edit, extend, frames and draft on 2.5 (and not on 2.0)', () => {
	it('edit sends the task type, adaptive ratio and duration -1; a duration is refused', () => {
		const body = accepted(req({ mode: 'editVideo', model: V25, prompt: 'Remove the logo from @Video1', images: [], videos: [vid(1)] }));
		expect(body).toEqual({
			model: V25,
			content: [
				{ type: 'text', text: 'Remove the logo from @Video1' },
				{ type: 'video_url', video_url: { url: 'https://vid.example/1.mp4' }, role: 'reference_video' },
			],
			ratio: 'adaptive',
			duration: -1,
			omni_reference_task_type: 'edit',
		});
		expect(errorOf(req({ mode: 'editVideo', model: V25, videos: [vid(1)], options: { duration: 5 } })).message).toBe(
			'Duration must be -1 for "Edit Video" on Seedance 2.5, not 5',
		);
		expect(errorOf(req({ mode: 'editVideo', model: V25, videos: [vid(1)], options: { ratio: '16:9' } })).message).toMatch(/Ratio "16:9" is not supported in "Edit Video" on Seedance 2.5/);
	});

	it('extend sends the task type and adaptive ratio and lets the duration be chosen', () => {
		const body = accepted(req({ mode: 'extendVideo', model: V25, prompt: 'Extend @Video1 forward', images: [], videos: [vid(1)], options: { duration: 12 } }));
		expect(body).toMatchObject({ ratio: 'adaptive', duration: 12, omni_reference_task_type: 'extend' });
	});

	it('edit on 2.0 is prompt-driven: no task type, any ratio and duration', () => {
		const body = accepted(req({ mode: 'editVideo', prompt: 'Replace the car in Video 1', images: [], videos: [vid(1)], options: { ratio: '16:9', duration: 12 } }));
		expect(body).not.toHaveProperty('omni_reference_task_type');
		expect(body).toMatchObject({ ratio: '16:9', duration: 12 });
		expect(errorOf(req({ mode: 'editVideo', images: [img(1)], videos: [] })).message).toBe('"Edit Video" needs a reference video, but none is given');
	});

	it('2.5 frames go out adaptive; 2.0 frames keep the chosen ratio', () => {
		expect(accepted(req({ mode: 'firstLastFrame', model: V25, images: [img(1), img(2)], prompt: 'x' })).ratio).toBe('adaptive');
		expect(accepted(req({ mode: 'firstLastFrame', images: [img(1), img(2)], prompt: 'x', options: { ratio: '16:9' } })).ratio).toBe('16:9');
	});

	it('a 2.5 draft is 480p; its final sends the draft id, 1080p and nothing the draft fixed', () => {
		expect(accepted(req({ model: V25, mode: 'text', images: [], prompt: 'x', options: { draft: true } })).resolution).toBe('480p');
		expect(errorOf(req({ model: V25, mode: 'text', images: [], prompt: 'x', options: { draft: true, resolution: '720p' } })).message).toMatch(
			/Resolution "720p" is not supported for a Seedance 2.5 draft/,
		);
		const final = accepted(req({ model: V25, ...MINIMAL.draftFinal, mode: 'draftFinal', options: { outputFormat: 'mov', returnLastFrame: true } }));
		expect(final).toEqual({
			model: V25,
			content: [{ type: 'draft_task', draft_task: { id: 'cgt-20260901120000-abcde' } }],
			return_last_frame: true,
			output_format: 'mov',
			resolution: '1080p',
		});
		for (const options of [{ duration: 5 }, { ratio: 'adaptive' }, { seed: 1 }, { generateAudio: true }]) {
			expect(errorOf(req({ model: V25, ...MINIMAL.draftFinal, mode: 'draftFinal', options })).message).toMatch(/can't be set for a final video: the draft fixed it/);
		}
		expect(errorOf(req({ model: V25, mode: 'draftFinal', prompt: '', images: [], draftTaskId: ' ' })).message).toBe('No draft task ID is set');
		expect(errorOf(req({ model: V20, ...MINIMAL.draftFinal, mode: 'draftFinal' })).message).toMatch(/can't "Generate Final Video from Draft"/);
	});
});

describe('HEIC/HEIF images: 2.x only', () => {
	const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(64)]);
	const heicUrl = `data:image/heic;base64,${heic.toString('base64')}`;

	it('are recognised from their bytes, taken by 2.0, refused by 1.x with the reason', () => {
		expect(detectImageFormat(heic)).toBe('heic');
		expect(checkImageBytes('Reference image 1', heic)).toBe('heic');
		expect(accepted(req({ images: [{ label: 'Reference image 1', url: heicUrl }] })).content[1]).toEqual({
			type: 'image_url',
			image_url: { url: heicUrl },
			role: 'reference_image',
		});
		const lite = errorOf(req({ mode: 'referenceImages', model: 'doubao-seedance-1-0-lite-i2v-250428', prompt: '[Figure 1]', images: [{ label: 'Reference image 1', url: heicUrl }] }));
		expect(lite.message).toBe("Reference image 1 is HEIC, which Seedance 1.0 Lite (image to video) doesn't take");
		// and the simulator, from the sheet, agrees on both
		expect(() => validateCreate({ model: 'doubao-seedance-1-0-pro-250528', content: [{ type: 'image_url', image_url: { url: heicUrl } }] })).toThrow(/image format "heic"/);
	});
});

describe('binary audio, errors and agent output', () => {
	it('reads WAV and MP3 clips and their length', () => {
		expect(checkAudioBytes('Clip', makeWav(4))).toEqual({ format: 'wav', seconds: 4 });
		const mp3 = Buffer.alloc(16000 * 5);
		mp3.set([0xff, 0xfb, 0x90, 0x64]); // MPEG-1 layer III, 128 kbps
		expect(checkAudioBytes('Clip', mp3)).toEqual({ format: 'mp3', seconds: 5 });
		expect(() => checkAudioBytes('Clip', Buffer.from('OggS....'), 'audio/ogg')).toThrow('Clip is not an audio clip Seedance accepts (its type is audio/ogg)');
		expect(() => checkAudioBytes('Clip', Buffer.concat([makeWav(1), Buffer.alloc(16 * 1024 * 1024)]))).toThrow(/Seedance accepts up to 15\.0 MB per audio clip/);
	});

	it.each([
		['InvalidParameter.TaskTypeConstraint', /don't fit the task type/, /ratio "adaptive"/],
		['InvalidParameter.TaskTypeMismatch', /different task than the operation/, /add, remove, replace or change/],
		['InputImageSensitiveContentDetected.PrivacyInformation', /real person's face/, /Asset ID/],
		['InputVideoSensitiveContentDetected.PrivacyInformation', /reference video was refused/, /asset/],
		['OutputAudioSensitiveContentDetected.PolicyViolation', /sound track was blocked/, /Generate Audio off/],
		['InvalidResolutionParameter', /resolution is not valid here/, /1080p/],
	])('%s in the user\'s words, with the code kept', (code, message, description) => {
		const said = describeApiError({ httpCode: 400, code, message: 'raw' }, 'the console', 'cgt-1');
		expect(said.message).toMatch(message);
		expect(said.message).toMatch(/\(task cgt-1\)$/);
		expect(said.description).toMatch(description);
		expect(said.description).toContain(`Seedance said: ${code}: raw`);
	});

	it('an agent gets the task id, status and video URL in the JSON, whatever the shape', () => {
		expect(agentView({ id: 'cgt-1', model: V20 })).toEqual({ id: 'cgt-1', model: V20, taskId: 'cgt-1', status: 'submitted', videoUrl: null });
		expect(agentView({ id: 'cgt-2', status: 'succeeded', content: { video_url: 'https://v/2.mp4' } })).toMatchObject({
			taskId: 'cgt-2',
			status: 'succeeded',
			videoUrl: 'https://v/2.mp4',
		});
		expect(agentView({ id: 'cgt-3', status: 'succeeded', videoUrl: 'https://v/3.mp4' }).videoUrl).toBe('https://v/3.mp4');
	});
});
