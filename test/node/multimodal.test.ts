/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 11 through n8n's real execution path (WorkflowExecute, httpRequestWithAuthentication) against
 * the simulator on 127.0.0.1: Seedance 2.x multimodal references, edit / draft, unknown ids, the
 * versioned defaults, and the agent-tool output.
 */
import type { NodeOperationError } from 'n8n-workflow';

import { shutdownHarness } from '../harness';
import { makeWav } from '../helpers/audio';
import { makePng } from '../helpers/png';
import { createRequests, jsonOf, model, SEED_BODY, SEED_PROMPT, SEED_URLS, useSimulator } from './setup';

const env = useSimulator();
afterAll(async () => await shutdownHarness());

const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'doubao-seedance-2-5-260628';

function multimodal(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'video',
		operation: 'generateFromReference',
		model: model(V20),
		prompt: 'Image 1 (our mascot) dances in the street of Video 1 to Audio 1, Image 2 on the wall',
		referenceImageItems: {
			image: [
				{ source: 'binary', binaryProperty: 'mascot' },
				{ source: 'url', url: 'https://img.example/poster.jpg' },
			],
		},
		referenceVideoItems: { video: [{ source: 'url', url: 'https://vid.example/street.mp4' }] },
		referenceAudioItems: {
			audio: [
				{ source: 'binary', binaryProperty: 'voice' },
				{ source: 'url', url: 'https://aud.example/beat.mp3' },
			],
		},
		...overrides,
	};
}

const png = makePng(640, 480);
const wav = makeWav(3);
const withFiles = [
	{
		json: {},
		binary: {
			mascot: { data: png, mimeType: 'image/png', fileName: 'mascot.png' },
			voice: { data: wav, mimeType: 'audio/wav', fileName: 'voice.wav' },
			clip: { data: Buffer.from('not really a video'), mimeType: 'video/mp4', fileName: 'clip.mp4' },
		},
	},
];

describe('Generate From Multimodal Reference (2.0)', () => {
	it('sends images, a video and audio clips, from URLs and binary fields, with their roles', async () => {
		const result = await env.run(multimodal({ options: { resolution: '1080p', ratio: 'adaptive', duration: -1, generateAudio: false } }), {
			inputItems: withFiles as any,
		});
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: V20,
			content: [
				{ type: 'text', text: 'Image 1 (our mascot) dances in the street of Video 1 to Audio 1, Image 2 on the wall' },
				{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` }, role: 'reference_image' },
				{ type: 'image_url', image_url: { url: 'https://img.example/poster.jpg' }, role: 'reference_image' },
				{ type: 'video_url', video_url: { url: 'https://vid.example/street.mp4' }, role: 'reference_video' },
				{ type: 'audio_url', audio_url: { url: `data:audio/wav;base64,${wav.toString('base64')}` }, role: 'reference_audio' },
				{ type: 'audio_url', audio_url: { url: 'https://aud.example/beat.mp3' }, role: 'reference_audio' },
			],
			resolution: '1080p',
			ratio: 'adaptive',
			duration: -1,
			generate_audio: false,
			// The recovery seed: 2.x accepts and echoes it, so a lost answer finds this item's task.
			seed: expect.any(Number),
		});
		expect(jsonOf(result)).toEqual([{ id: expect.stringMatching(/^cgt-/), model: V20, cost: expect.objectContaining({ status: 'unknown' }) }]);
	});

	it('refuses a binary video before any request, saying to pass a URL', async () => {
		const result = await env.run(
			multimodal({ referenceVideoItems: { video: [{ source: 'binary', binaryProperty: 'clip' }] } }),
			{ inputItems: [...withFiles, ...withFiles] as any },
		);
		const error = result.error as NodeOperationError;
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toBe(
			'Reference video 1 comes from binary field "clip", but Seedance takes reference videos only by URL or asset ID',
		);
		expect(error.description).toMatch(/pass its https:\/\/ URL, or pass an asset:\/\/… ID/);
		expect(error.context.itemIndex).toBe(0);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('takes 9 reference images on 2.0 (and refuses a 10th before any request)', async () => {
		const nine = Array.from({ length: 9 }, (_, i) => ({ source: 'url', url: `https://img.example/${i + 1}.png` }));
		const result = await env.run(
			multimodal({ prompt: 'Image 1 to Image 9 in one shot', referenceImageItems: { image: nine }, referenceVideoItems: {}, referenceAudioItems: {} }),
		);
		expect(result.error).toBeUndefined();
		const content = (createRequests(env.sim)[0].body as { content: Array<{ type: string; role?: string }> }).content;
		expect(content.filter((c) => c.role === 'reference_image')).toHaveLength(9);

		env.sim.reset();
		const ten = await env.run(
			multimodal({ referenceImageItems: { image: [...nine, nine[0]] }, referenceVideoItems: {}, referenceAudioItems: {}, prompt: 'x' }),
		);
		expect(ten.error?.message).toBe('Seedance 2.0 takes up to 9 reference images, but 10 are given');
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('sends asset ids as asset:// URLs', async () => {
		const result = await env.run(
			multimodal({
				prompt: 'Image 1 waves',
				referenceImageItems: { image: [{ source: 'asset', assetId: 'asset-20260401123456-abcde' }] },
				referenceVideoItems: {},
				referenceAudioItems: {},
			}),
		);
		expect(result.error).toBeUndefined();
		expect((createRequests(env.sim)[0].body as any).content[1]).toEqual({
			type: 'image_url',
			image_url: { url: 'asset://asset-20260401123456-abcde' },
			role: 'reference_image',
		});
	});

	it('passes an unknown future model id through with only the shared checks', async () => {
		const result = await env.run(
			multimodal({ model: model('doubao-seedance-3-0-270101', 'id'), options: { resolution: '4k', duration: 45 } }),
			{ inputItems: withFiles as any },
		);
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toMatchObject({ model: 'doubao-seedance-3-0-270101', resolution: '4k', duration: 45 });
	});
});

describe('audio data URLs are checked by their bytes before the first paid task', () => {
	it('a text file labelled audio/wav on item 2 of 2: the run stops before item 1 is paid for', async () => {
		const params = multimodal({
			prompt: 'Image 1 sings Audio 1',
			referenceImageItems: { image: [{ source: 'url', url: 'https://img.example/poster.jpg' }] },
			referenceVideoItems: {},
			referenceAudioItems: { audio: [{ source: 'url', url: '={{ $json.audio }}' }] },
		});
		const wavUrl = `data:audio/wav;base64,${makeWav(3).toString('base64')}`;
		const lying = `data:audio/wav;base64,${Buffer.from('la la la, just text pretending to be a song').toString('base64')}`;
		const result = await env.run(params, { inputItems: [{ json: { audio: wavUrl } }, { json: { audio: lying } }] });
		expect(result.error?.message).toBe('Reference audio clip 1 is not an audio clip Seedance accepts (its type is audio/wav)');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(env.sim.stats.createAttempts).toBe(0);
		expect(env.sim.stats.created).toBe(0);
	});
});

describe('Edit Video and Final Video From Draft (2.5)', () => {
	it('edit sends the task type, adaptive ratio and duration -1, and waits for the video', async () => {
		const result = await env.run({
			resource: 'video',
			operation: 'editVideo',
			model: model(V25),
			prompt: 'Replace the red car in @Video1 with a blue bike',
			referenceVideoItems: { video: [{ source: 'url', url: 'https://vid.example/car.mp4' }] },
			waitForCompletion: true,
			options: { pollInterval: 0.01 },
		});
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: V25,
			content: [
				{ type: 'text', text: 'Replace the red car in @Video1 with a blue bike' },
				{ type: 'video_url', video_url: { url: 'https://vid.example/car.mp4' }, role: 'reference_video' },
			],
			ratio: 'adaptive',
			duration: -1,
			omni_reference_task_type: 'edit',
			seed: expect.any(Number),
		});
		expect(jsonOf(result)[0]).toMatchObject({ status: 'succeeded', videoUrl: expect.stringMatching(/\.mp4$/) });
	});

	it('a draft is made at 480p, and its final sends only the draft id and delivery options', async () => {
		const draft = await env.run({ resource: 'video', operation: 'generateFromText', model: model(V25), prompt: 'A lighthouse at dawn', options: { draft: true } });
		expect(createRequests(env.sim)[0].body).toMatchObject({ draft: true, resolution: '480p' });
		const draftId = String(jsonOf(draft)[0].id);

		env.sim.reset();
		const final = await env.run({ resource: 'video', operation: 'generateFromDraft', model: model(V25), draftTaskId: draftId, options: { returnLastFrame: true } });
		expect(final.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: V25,
			content: [{ type: 'draft_task', draft_task: { id: draftId } }],
			return_last_frame: true,
			resolution: '1080p',
		});
	});
});

describe('saved workflows and node versions', () => {
	const seedParams = { resource: 'video', prompt: SEED_PROMPT, referenceImages: { image: SEED_URLS.map((url) => ({ source: 'url', url })) } };

	it('a version-1 workflow that kept the default operation and model still sends the seed body', async () => {
		const result = await env.run(seedParams, { typeVersion: 1 });
		expect(result.error).toBeUndefined();
		// The seed body, plus the random recovery seed every 1.x create carries (issue 9).
		expect(createRequests(env.sim)[0].body).toEqual({ ...SEED_BODY, seed: expect.any(Number) });
	});

	it('version 1.1 defaults to Seedance 2.0 and the multimodal operation', async () => {
		const result = await env.run({ ...seedParams, operation: 'generateFromReferenceImages', prompt: 'Image 1 and Image 2 on the lawn of Image 3' }, { typeVersion: 1.1 });
		expect(result.error).toBeUndefined();
		expect((createRequests(env.sim)[0].body as { model: string }).model).toBe(V20);

		env.sim.reset();
		const multimodalDefault = await env.run(
			{ resource: 'video', prompt: 'Image 1 waves', referenceImageItems: { image: [{ source: 'url', url: 'https://img.example/1.png' }] } },
			{ typeVersion: 1.1 },
		);
		expect(multimodalDefault.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: V20,
			content: [
				{ type: 'text', text: 'Image 1 waves' },
				{ type: 'image_url', image_url: { url: 'https://img.example/1.png' }, role: 'reference_image' },
			],
			seed: expect.any(Number),
		});
	});
});

describe('as an AI agent tool', () => {
	it('the JSON carries the task id, status and video URL (agents drop binary data)', async () => {
		const result = await env.run(
			{ ...multimodal(), waitForCompletion: true, downloadVideo: true, options: { pollInterval: 0.01 } },
			{ inputItems: withFiles as any, nodeTypeName: 'n8n-nodes-seedance.seedanceTool' },
		);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ taskId: expect.stringMatching(/^cgt-/), status: 'succeeded', videoUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/cgt-.*\.mp4$/) });
		expect(item.binary?.data).toBeDefined();

		env.sim.reset();
		const submitted = await env.run(multimodal(), { inputItems: withFiles as any, nodeTypeName: 'n8n-nodes-seedance.seedanceTool' });
		expect(jsonOf(submitted)[0]).toEqual({
			id: expect.stringMatching(/^cgt-/),
			taskId: expect.stringMatching(/^cgt-/),
			model: V20,
			status: 'submitted',
			videoUrl: null,
			cost: expect.objectContaining({ status: 'unknown' }),
		});
	});
});
