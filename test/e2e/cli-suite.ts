/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The packed node inside real n8n, driven from n8n's CLI: the tarball `npm pack` makes is installed
 * as a community package, the example workflows (examples/*.json) and a credential pointing at the
 * simulator are imported, and each workflow runs with `n8n execute --id=… --rawOutput`.
 * One describe per n8n major version (cli-n8n1.test.ts, cli-n8n2.test.ts).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import * as lib from '../../scripts/e2e-lib';
import { FIXTURES, startSimulator, type Simulator } from '../simulator';

export const API_KEY = 'sk-e2e-3b9d2f';
const SEED_PROMPT =
	'[Figure 1] A boy wearing glasses and a blue T-shirt and [Figure 2] a corgi dog are sitting on the lawn in [Figure 3], in a 3D cartoon style.';
const SEED_URLS = [1, 2, 3].map((n) => `https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_${n}.png`);
/** The seed request of /work/shared/seedance-api.md, exactly. */
export const SEED_BODY = {
	model: 'doubao-seedance-1-0-lite-i2v-250428',
	content: [
		{ type: 'text', text: SEED_PROMPT },
		...SEED_URLS.map((url) => ({ type: 'image_url', image_url: { url }, role: 'reference_image' })),
	],
};
export const LAWN_PNG = join(lib.EXAMPLES_DIR, 'files', 'lawn.png');
export const VOICE_WAV = join(lib.EXAMPLES_DIR, 'files', 'voice.wav');

const CREDENTIAL = { id: 'seedanceE2eCred1', name: 'Seedance (simulator)' };
const WRONG_KEY_CREDENTIAL = { id: 'seedanceE2eBad01', name: 'Seedance (wrong key)' };
const WRONG_KEY_WORKFLOW = 'seedanceE2eBadKy';
const MULTIMODAL_BINARY_VIDEO = 'seedanceMmBinVid';
const MULTIMODAL_NINE_IMAGES = 'seedanceMmNine01';
const MULTIMODAL_FUTURE_MODEL = 'seedanceMmFutur1';
const IMAGE_GROUP = 'seedreamGroupOf3';
const ESTIMATE_OVER_LIMIT = 'seedanceEstOver1';
/** The simulator's tasks priced at Volcengine Ark's list (CNY), as a user of a relay would set it. */
const PRICES = JSON.stringify({ basedOn: 'volcengine', multiplier: 1 });

/**
 * Environment that makes n8n log every host name it tries to resolve (other than localhost) to `file`:
 * the tests assert it stays empty (no telemetry, version checks, templates…).
 */
export function recordOutbound(file: string): Record<string, string> {
	const hook = join(__dirname, 'outbound-hook.js');
	return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${hook}`.trim(), SEEDANCE_OUTBOUND_LOG: file };
}

export function outboundHosts(file: string): string[] {
	if (!existsSync(file)) return [];
	return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[1]))];
}

/** SEEDANCE_E2E_N8N=1 or 2 runs one version only (both by default). */
export function versionEnabled(major: 1 | 2): boolean {
	const only = process.env.SEEDANCE_E2E_N8N;
	return !only || only.split(',').map((s) => s.trim()).includes(String(major));
}

const SETUP_TIMEOUT = 30 * 60_000; // a first install of n8n takes minutes
const RUN_TIMEOUT = 3 * 60_000;

function log(text: string) {
	process.stderr.write(`[e2e n8n] ${text}\n`);
}

export function describeCli(major: 1 | 2) {
	const describeIf = versionEnabled(major) ? describe : describe.skip;

	describeIf(`n8n ${major}.x runs the packed node from the CLI`, () => {
		let sim: Simulator;
		let install: lib.N8nInstall;
		let env: NodeJS.ProcessEnv;
		let work: string;
		let userFolder: string;
		const examples = lib.loadExamples();

		beforeAll(async () => {
			const started = Date.now();
			install = await lib.installN8n(major, { log: (text) => process.stderr.write(text) });
			if (await lib.ensureBuilt()) log('built the package (dist/ was stale)');
			const tgz = await lib.packPackage();

			work = mkdtempSync(join(tmpdir(), `seedance-e2e-n8n${major}-`));
			userFolder = join(work, 'user');
			await lib.installPackage(userFolder, tgz);
			const files = join(work, 'files');
			mkdirSync(files);
			copyFileSync(LAWN_PNG, join(files, 'lawn.png'));
			copyFileSync(VOICE_WAV, join(files, 'voice.wav'));

			sim = await startSimulator({ apiKeys: [API_KEY], progress: 'polls' });
			env = lib.n8nEnv(install, userFolder, { N8N_RESTRICT_FILE_ACCESS_TO: files, ...recordOutbound(join(work, 'outbound.log')) });

			await lib.importCredentials(
				install,
				env,
				[
					lib.credentialRecord({ ...CREDENTIAL, apiKey: API_KEY, provider: 'custom', baseUrl: sim.chainhubUrl, prices: PRICES }),
					lib.credentialRecord({ ...WRONG_KEY_CREDENTIAL, apiKey: 'sk-not-a-valid-key', provider: 'custom', baseUrl: sim.chainhubUrl }),
				],
				work,
			);

			// The examples as a user would import them, with three test-only changes: the credential,
			// the file path, and a short poll interval (the simulator's tasks move on with each poll).
			const fromDisk = lib.withCredential(examples['reference-images-from-disk'], CREDENTIAL);
			fromDisk.nodes.find((n) => n.type === 'n8n-nodes-base.readWriteFile')!.parameters.fileSelector = join(files, 'lawn.png');
			const waitDownload = lib.withCredential(examples['generate-wait-download'], CREDENTIAL);
			waitDownload.nodes.find((n) => n.name === 'Seedance')!.parameters.options.pollInterval = 0.2;
			const submitWait = lib.withCredential(examples['submit-then-wait'], CREDENTIAL);
			submitWait.nodes.find((n) => n.name === 'Wait for the Video')!.parameters.options.pollInterval = 0.2;
			const wrongKey = {
				...lib.withCredential(examples['generate-from-reference-images'], WRONG_KEY_CREDENTIAL),
				id: WRONG_KEY_WORKFLOW,
				name: 'Seedance: wrong API key',
			};
			// Issue 11: the multimodal example, and variants of it (a binary video, 9 images, an unknown model id).
			const multimodal = lib.withCredential(examples['multimodal-reference'], CREDENTIAL);
			for (const node of multimodal.nodes.filter((n) => n.type === 'n8n-nodes-base.readWriteFile')) {
				node.parameters.fileSelector = join(files, node.parameters.fileSelector.split('/').pop());
			}
			const variant = (id: string, change: (parameters: any) => void) => {
				const copy = { ...JSON.parse(JSON.stringify(multimodal)), id, name: `${multimodal.name} (${id})` };
				change(copy.nodes.find((n: { name: string }) => n.name === 'Seedance')!.parameters);
				return copy;
			};
			const binaryVideo = variant(MULTIMODAL_BINARY_VIDEO, (p) => {
				p.referenceVideoItems.video = [{ source: 'binary', binaryProperty: 'voice' }];
			});
			const nineImages = variant(MULTIMODAL_NINE_IMAGES, (p) => {
				p.referenceImageItems.image = Array.from({ length: 9 }, (_, i) => ({ source: 'url', url: `https://img.example/${i + 1}.png` }));
			});
			const futureModel = variant(MULTIMODAL_FUTURE_MODEL, (p) => {
				p.model = { __rl: true, mode: 'id', value: 'doubao-seedance-3-0-270101' };
				p.options = { resolution: '4k', duration: 45 };
			});
			// Seedream: the two image-to-video examples, and the character sheet's first node alone (the stream tests).
			const imageToVideo = lib.withCredential(examples['image-to-video'], CREDENTIAL);
			imageToVideo.nodes.find((n) => n.name === 'Seedance: Animate It')!.parameters.options.pollInterval = 0.2;
			const characterSheet = lib.withCredential(examples['character-sheet-to-video'], CREDENTIAL);
			characterSheet.nodes.find((n) => n.name === 'Seedance: Multimodal Reference')!.parameters.options.pollInterval = 0.2;
			const imageGroup = {
				...JSON.parse(JSON.stringify(characterSheet)),
				id: IMAGE_GROUP,
				name: 'Seedream: a group of 3 images',
			};
			imageGroup.nodes = imageGroup.nodes.filter((n: { name: string }) => ['When clicking \'Execute workflow\'', 'Seedream: Character Sheet'].includes(n.name));
			imageGroup.connections = { "When clicking 'Execute workflow'": characterSheet.connections["When clicking 'Execute workflow'"] };
			// Estimate, then generate within the limit; and the same with a limit the batch passes.
			const estimate = lib.withCredential(examples['estimate-then-generate'], CREDENTIAL);
			const overLimit = { ...JSON.parse(JSON.stringify(estimate)), id: ESTIMATE_OVER_LIMIT, name: `${estimate.name} (over the limit)` };
			overLimit.nodes.find((n: { name: string }) => n.name === 'Estimate Cost')!.parameters.options.spendingLimit = 10;
			await lib.importWorkflows(
				install,
				env,
				[
					imageToVideo,
					characterSheet,
					imageGroup,
					lib.withCredential(examples['generate-from-reference-images'], CREDENTIAL),
					fromDisk,
					waitDownload,
					submitWait,
					wrongKey,
					multimodal,
					binaryVideo,
					nineImages,
					futureModel,
					estimate,
					overLimit,
				],
				work,
			);
			log(`n8n ${install.version}: installed the package and imported in ${Math.round((Date.now() - started) / 1000)} s`);
		}, SETUP_TIMEOUT);

		afterAll(async () => {
			if (sim) await sim.close();
			if (work && !process.env.SEEDANCE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
			else if (work) log(`kept ${work}`);
		});

		beforeEach(() => sim?.reset());

		async function execute(workflowId: string) {
			const result = await lib.executeWorkflow(install, env, workflowId, { timeoutMs: RUN_TIMEOUT });
			if (result.status !== 'success') {
				throw new Error(
					`workflow ${workflowId} ended "${result.status}": ${result.error?.message}\n${result.error?.description ?? ''}\n` +
						`--- stdout (end) ---\n${result.stdout.slice(-3000)}\n--- stderr (end) ---\n${result.stderr.slice(-3000)}`,
				);
			}
			return result;
		}

		const creates = () => sim.requests.filter((r) => r.route === 'create');

		it(
			'(a) Generate from Reference Images with URLs: outputs the task id; the simulator got exactly the documented request',
			async () => {
				const result = await execute('seedanceRefUrls1');
				const [item, ...more] = result.outputOf('Seedance');
				expect(more).toEqual([]);
				expect(item.json).toEqual({
					id: expect.stringMatching(/^cgt-/),
					status: 'submitted',
					model: SEED_BODY.model,
					// The estimate of the body it sent: no ratio in it, so a range over the 720p sizes.
					cost: expect.objectContaining({ status: 'estimated', currency: 'CNY', tokensLow: 103_818, tokensHigh: 113_740 }),
				});
				expect(item.binary).toBeUndefined();

				expect(creates()).toHaveLength(1);
				const [create] = creates();
				expect(create.method).toBe('POST');
				expect(create.path).toBe('/volc/v1/contents/generations/tasks');
				expect(create.auth).toBe('valid');
				expect(create.headers['content-type']).toMatch(/^application\/json/);
				// The documented body, plus the random seed that recognises this item's task if an answer is lost.
				expect(create.body).toEqual({ ...SEED_BODY, seed: expect.any(Number) });
				expect(sim.stats.created).toBe(1);
				expect(sim.tasks.has(item.json.id)).toBe(true);
			},
			RUN_TIMEOUT,
		);

		it(
			'(b) a reference image read by the core "Read/Write Files from Disk" node goes out as a data:image/png;base64 URL',
			async () => {
				const result = await execute('seedanceRefDisk1');
				const [read] = result.outputOf('Read Image From Disk');
				expect(read.binary!.data).toMatchObject({ mimeType: 'image/png', fileName: 'lawn.png' });
				const [item] = result.outputOf('Seedance');
				expect(item.json).toMatchObject({ id: expect.stringMatching(/^cgt-/), status: 'submitted' });

				expect(creates()).toHaveLength(1);
				const body = creates()[0].body as any;
				const png = readFileSync(LAWN_PNG);
				expect(body).toEqual({
					model: 'doubao-seedance-1-0-lite-i2v-250428',
					content: [
						{ type: 'text', text: examples['reference-images-from-disk'].nodes.find((n) => n.name === 'Seedance')!.parameters.prompt },
						{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` }, role: 'reference_image' },
					],
					resolution: '480p',
					ratio: '4:3',
					duration: 5,
					seed: expect.any(Number),
				});
				expect(sim.taskInfo(item.json.id)).toMatchObject({ mode: 'reference' });
			},
			RUN_TIMEOUT,
		);

		it(
			'(c) generate, wait, download: the video arrives as binary video/mp4 named after the task',
			async () => {
				const result = await execute('seedanceTextWait');
				const [item, ...more] = result.outputOf('Seedance');
				expect(more).toEqual([]);
				const id = item.json.id as string;
				expect(id).toMatch(/^cgt-/);
				expect(item.json).toMatchObject({
					id,
					status: 'succeeded',
					model: 'doubao-seedance-1-0-lite-t2v-250428',
					videoUrl: `${sim.origin}/files/${id}.mp4`,
					resolution: '480p',
					ratio: '16:9',
					duration: 5,
					error: null,
					// Billed from usage: 1.0 Lite 480p 16:9 (864 × 480) × 121 frames at ¥10 per 1M.
					usage: { completion_tokens: 49_005, total_tokens: 49_005 },
					cost: { status: 'billed', currency: 'CNY', amount: 0.49005, tokens: 49_005, unitPricePerMillionTokens: 10, priceDate: '2026-09-19' },
				});

				const binary = item.binary!.data;
				expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `${id}.mp4`, fileExtension: 'mp4' });
				const video = lib.readBinary(binary, userFolder);
				const expected = readFileSync(join(FIXTURES, 'sample.mp4'));
				expect(video.length).toBe(expected.length);
				expect(video.equals(expected)).toBe(true);
				expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');

				// created once, polled through queued → running → succeeded, downloaded once
				expect(creates()).toHaveLength(1);
				const gets = sim.requests.filter((r) => r.route === 'get');
				expect(gets.length).toBeGreaterThanOrEqual(3);
				expect(gets.every((r) => r.path === `/volc/v1/contents/generations/tasks/${id}` && r.auth === 'valid')).toBe(true);
				expect(sim.requests.filter((r) => r.route === 'file').map((r) => r.path)).toEqual([`/files/${id}.mp4`]);
			},
			RUN_TIMEOUT,
		);

		it(
			'(d) submit now, Task → Wait for Completion with {{ $json.id }}: the second node gets the finished task',
			async () => {
				const result = await execute('seedanceTaskWait');
				const [submitted] = result.outputOf('Generate From First Frame');
				expect(submitted.json).toMatchObject({ id: expect.stringMatching(/^cgt-/), status: 'submitted' });
				const [done] = result.outputOf('Wait for the Video');
				expect(done.json).toMatchObject({ id: submitted.json.id, status: 'succeeded', videoUrl: `${sim.origin}/files/${submitted.json.id}.mp4` });
				expect(done.binary).toBeUndefined();

				expect(creates()).toHaveLength(1);
				expect(creates()[0].body).toMatchObject({
					model: 'doubao-seedance-1-0-lite-i2v-250428',
					content: [
						{ type: 'text' },
						{ type: 'image_url', image_url: { url: 'https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_2.png' }, role: 'first_frame' },
					],
				});
				expect(sim.taskInfo(submitted.json.id)).toMatchObject({ mode: 'first_frame' });
			},
			RUN_TIMEOUT,
		);

		it(
			'a wrong API key fails the execution with the node’s own message, and creates nothing',
			async () => {
				const result = await lib.executeWorkflow(install, env, WRONG_KEY_WORKFLOW, { timeoutMs: RUN_TIMEOUT });
				expect(result.status).toBe('error');
				expect(result.code).not.toBe(0);
				const error = result.errorOf('Seedance');
				expect(error?.message).toMatch(/API key was rejected \(401\)/);
				expect(error?.description).toMatch(/Provider/);
				expect(sim.requests.map((r) => r.auth)).toContain('invalid');
				expect(sim.stats.created).toBe(0);
			},
			RUN_TIMEOUT,
		);

		it(
			'(e) multimodal reference on 2.0: images and audio from disk and URLs, a video URL, all in one request with their roles',
			async () => {
				const result = await execute('seedanceMultimod1');
				const [item] = result.outputOf('Seedance');
				expect(item.json).toMatchObject({ id: expect.stringMatching(/^cgt-/), status: 'submitted', model: 'doubao-seedance-2-0-260128' });
				const seedance = examples['multimodal-reference'].nodes.find((n) => n.name === 'Seedance')!.parameters;
				expect(creates()).toHaveLength(1);
				expect(creates()[0].body).toEqual({
					model: 'doubao-seedance-2-0-260128',
					content: [
						{ type: 'text', text: seedance.prompt },
						{ type: 'image_url', image_url: { url: `data:image/png;base64,${readFileSync(LAWN_PNG).toString('base64')}` }, role: 'reference_image' },
						{ type: 'image_url', image_url: { url: seedance.referenceImageItems.image[1].url }, role: 'reference_image' },
						{ type: 'video_url', video_url: { url: seedance.referenceVideoItems.video[0].url }, role: 'reference_video' },
						{ type: 'audio_url', audio_url: { url: `data:audio/wav;base64,${readFileSync(VOICE_WAV).toString('base64')}` }, role: 'reference_audio' },
						{ type: 'audio_url', audio_url: { url: seedance.referenceAudioItems.audio[1].url }, role: 'reference_audio' },
					],
					resolution: '720p',
					ratio: '16:9',
					duration: 5,
					generate_audio: true,
					// The recovery seed: 2.x accepts and echoes it, so a lost answer finds this item's task.
					seed: expect.any(Number),
				});
				expect(sim.taskInfo(item.json.id)).toMatchObject({ mode: 'reference' });
			},
			RUN_TIMEOUT,
		);

		it(
			'a gateway 504 whose create the upstream commits later: the task is found by its seed, nothing is sent twice',
			async () => {
				sim.fault({ kind: 'gateway-late', delayMs: 1500 });
				const result = await execute('seedanceRefUrls1');
				const [item] = result.outputOf('Seedance');
				expect(creates()).toHaveLength(1);
				expect(sim.stats.created).toBe(1);
				const [id] = [...sim.tasks.keys()];
				expect(item.json).toMatchObject({ id, recovered: true });
				expect(sim.tasks.get(id)?.seed).toBe((creates()[0].body as { seed: number }).seed);
				expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
			},
			RUN_TIMEOUT,
		);

		it(
			'Seedance 2.0: a lost create answer (a gateway 504 with a late commit, a reset after sending, a 500 after the task was made) ends with the item taking its own task, nothing sent twice',
			async () => {
				const faults = [
					{ kind: 'gateway-late', delayMs: 2500 },
					{ route: 'create', kind: 'reset-after-create' },
					{ route: 'create', kind: 'status-after-create', status: 500 },
				] as const;
				for (const fault of faults) {
					sim.reset();
					sim.fault(fault);
					const started = Date.now();
					const result = await execute('seedanceMultimod1');
					const [item] = result.outputOf('Seedance');
					const [id] = [...sim.tasks.keys()];
					log(`2.0, ${fault.kind}: ${item.json.recovered === true ? 'recovered' : 'NOT recovered'} in ${Math.round((Date.now() - started) / 1000)} s (n8n execute included)`);
					expect(creates()).toHaveLength(1);
					expect(sim.stats.created).toBe(1);
					expect(item.json).toMatchObject({ id, recovered: true, model: 'doubao-seedance-2-0-260128' });
					expect(sim.tasks.get(id)?.seed).toBe((creates()[0].body as { seed: number }).seed);
					expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
				}
			},
			3 * RUN_TIMEOUT,
		);

		it(
			'(f) a reference video from a binary field is refused with a clear error, and nothing is created',
			async () => {
				const result = await lib.executeWorkflow(install, env, MULTIMODAL_BINARY_VIDEO, { timeoutMs: RUN_TIMEOUT });
				expect(result.status).toBe('error');
				const error = result.errorOf('Seedance');
				expect(error?.message).toBe(
					'Reference video 1 comes from binary field "voice", but Seedance takes reference videos only by URL or asset ID',
				);
				expect(error?.description).toMatch(/https:\/\/ URL/);
				expect(sim.stats.createAttempts).toBe(0);
			},
			RUN_TIMEOUT,
		);

		it(
			'(g) 9 reference images on 2.0, and an unknown future model id passing through',
			async () => {
				await execute(MULTIMODAL_NINE_IMAGES);
				const nine = creates()[0].body as { content: Array<{ role?: string }> };
				expect(nine.content.filter((c) => c.role === 'reference_image')).toHaveLength(9);

				sim.reset();
				await execute(MULTIMODAL_FUTURE_MODEL);
				expect(creates()[0].body).toMatchObject({ model: 'doubao-seedance-3-0-270101', resolution: '4k', duration: 45 });
			},
			RUN_TIMEOUT,
		);

		it(
			"a gateway error after an earlier run: the earlier run's task is not adopted and nothing is sent again",
			async () => {
				const earlier = (await execute('seedanceRefUrls1')).outputOf('Seedance')[0].json.id as string;
				sim.fault({ route: 'create', kind: 'html', status: 502 });
				const result = await lib.executeWorkflow(install, env, 'seedanceRefUrls1', { timeoutMs: RUN_TIMEOUT });
				expect(result.status).toBe('error');
				const error = result.errorOf('Seedance');
				const seed = (creates()[1].body as { seed: number }).seed;
				expect(error?.message).toMatch(/a task may have been created; none appeared in \d+ s of looking/);
				expect(error?.description).toContain(`with seed ${seed} created around`);
				expect(`${result.stdout}${result.stderr}`).not.toContain(earlier);
				expect(creates()).toHaveLength(2);
				expect(sim.stats.created).toBe(1);
				expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
			},
			RUN_TIMEOUT,
		);

		it(
			'(h) Seedream text to image, then Seedance 2.0 animates it: the image arrives as binary and goes out as the first frame, byte for byte',
			async () => {
				const result = await execute('seedreamImgToVid');
				const [still, ...more] = result.outputOf('Seedream: First Frame');
				expect(more).toEqual([]);
				expect(sim.images).toHaveLength(1);
				const [made] = sim.images;
				expect(still.json).toMatchObject({
					index: 0,
					url: made.url,
					size: '2848x1600',
					outputFormat: 'jpeg',
					model: 'doubao-seedream-5-0-260128',
					usage: { generated_images: 1 },
				});
				expect(still.binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileName: made.name });
				expect(lib.readBinary(still.binary!.data, userFolder).equals(made.data)).toBe(true);
				const [request] = sim.requests.filter((r) => r.route === 'images');
				expect(request.body).toEqual({
					model: 'doubao-seedream-5-0-260128',
					prompt: examples['image-to-video'].nodes.find((n) => n.name === 'Seedream: First Frame')!.parameters.prompt,
					size: '2848x1600',
					stream: true,
				});

				expect(creates()).toHaveLength(1);
				expect(creates()[0].body).toMatchObject({
					model: 'doubao-seedance-2-0-260128',
					content: [{ type: 'text' }, { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${made.data.toString('base64')}` }, role: 'first_frame' }],
				});
				const [video] = result.outputOf('Seedance: Animate It');
				expect(video.json).toMatchObject({ status: 'succeeded', model: 'doubao-seedance-2-0-260128' });
				expect(video.binary!.data).toMatchObject({ mimeType: 'video/mp4' });
				expect(sim.taskInfo(video.json.id as string)).toMatchObject({ mode: 'first_frame' });
			},
			RUN_TIMEOUT,
		);

		it(
			'(i) a Seedream group of 3 character images, aggregated onto one item, becomes Image 1–3 of a Seedance 2.0 multimodal reference',
			async () => {
				const result = await execute('seedreamCharRefs');
				const sheet = result.outputOf('Seedream: Character Sheet');
				expect(sheet.map((item) => [item.json.index, item.json.size, item.pairedItem])).toEqual([
					[0, '1728x2304', { item: 0 }],
					[1, '1728x2304', { item: 0 }],
					[2, '1728x2304', { item: 0 }],
				]);
				expect(sim.images).toHaveLength(3);
				expect(sim.requests.filter((r) => r.route === 'images').map((r) => r.body)).toEqual([
					expect.objectContaining({ model: 'doubao-seedream-4-5-251128', sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 3 }, stream: true }),
				]);
				expect(creates()).toHaveLength(1);
				const references = (creates()[0].body as { content: Array<{ role?: string; image_url?: { url: string } }> }).content.filter((c) => c.role === 'reference_image');
				expect(references.map((c) => c.image_url!.url)).toEqual(sim.images.map((image) => `data:image/jpeg;base64,${image.data.toString('base64')}`));
				const [video] = result.outputOf('Seedance: Multimodal Reference');
				expect(video.json).toMatchObject({ status: 'succeeded' });
				expect(sim.taskInfo(video.json.id as string)).toMatchObject({ mode: 'reference' });
			},
			RUN_TIMEOUT,
		);

		it(
			'(j) the image answer is read as it streams: an image is downloaded while the rest of the group is still coming, and a stream that breaks keeps its images',
			async () => {
				// The simulator sends 2 of the 3 images, then holds the connection 3 s and drops it.
				sim.fault({ route: 'images', kind: 'cut-stream', after: 2, delayMs: 3000 });
				let streamClosedAt = 0;
				const onRequest = (record: { route: string }) => {
					if (record.route === 'images') streamClosedAt = Date.now();
				};
				sim.on('request', onRequest);
				let result;
				try {
					result = await execute(IMAGE_GROUP);
				} finally {
					sim.off('request', onRequest);
				}
				const items = result.outputOf('Seedream: Character Sheet');
				expect(items.map((item) => item.json.index ?? 'cut')).toEqual([0, 1, 'cut']);
				expect(items[2].json.error).toMatch(/^The image answer broke off after 2 images: .*more images of this request may have been made and billed$/);
				for (const [n, item] of items.slice(0, 2).entries()) expect(lib.readBinary(item.binary!.data, userFolder).equals(sim.images[n].data)).toBe(true);
				expect(sim.stats.imagesGenerated).toBe(3);
				expect(sim.stats.imageRequests).toBe(1);
				// Both downloads reached the simulator while the stream was still open, seconds before it dropped.
				const downloads = sim.requests.filter((r) => r.route === 'file');
				expect(downloads).toHaveLength(2);
				for (const download of downloads) expect(download.time).toBeLessThan(streamClosedAt - 1000);
			},
			RUN_TIMEOUT,
		);

		it(
			'(k) Estimate Cost on 3 items gives each estimate and the total, creating nothing; within the limit the batch is generated',
			async () => {
				const result = await execute('seedanceEstimate');
				const estimates = result.outputOf('Estimate Cost');
				expect(estimates).toHaveLength(3);
				for (const { json } of estimates) {
					expect(json).toMatchObject({
						estimateFor: 'generateFromText',
						request: 'Seedance 2.0, 720p 16:9, 5 s',
						// Worked example 1: 900 × 121 tokens at ¥46 per 1M; three of them.
						cost: { status: 'estimated', currency: 'CNY', amount: 5.0094, tokens: 108_900 },
						total: { status: 'estimated', currency: 'CNY', amount: 15.0282, tokens: 326_700, items: 3 },
						spendingLimit: { limit: 20, currency: 'CNY', withinLimit: true },
					});
				}
				const generated = result.outputOf('Generate');
				expect(generated.map((item) => (item.json.cost as { amount: number }).amount)).toEqual([5.0094, 5.0094, 5.0094]);
				expect(creates()).toHaveLength(3);
				expect(creates().map((c) => (c.body as { content: Array<{ text?: string }> }).content[0].text)).toEqual([
					'A paper boat drifts down a rainy street, slow dolly shot',
					'A red kite rises over a green hill at dawn',
					'A lighthouse in a storm, waves crashing on the rocks',
				]);
			},
			RUN_TIMEOUT,
		);

		it(
			'(l) a gateway 504 after the images were made: not sent again, and the error says they may have been made and billed',
			async () => {
				sim.fault({ route: 'images', kind: 'gateway-late', delayMs: 300 });
				const result = await lib.executeWorkflow(install, env, IMAGE_GROUP, { timeoutMs: RUN_TIMEOUT });
				expect(result.status).toBe('error');
				const error = result.errorOf('Seedream: Character Sheet');
				expect(error?.message).toMatch(/HTTP 504 .*; the images may have been made and billed$/);
				expect(error?.description).toMatch(/not sent again, so that you are not billed twice/);
				expect(sim.stats.imageRequests).toBe(1);
				expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
			},
			RUN_TIMEOUT,
		);

		it(
			'(m) over the Spending Limit: Estimate Cost says so, the workflow takes the other branch, and nothing is created',
			async () => {
				const result = await execute(ESTIMATE_OVER_LIMIT);
				const [first] = result.outputOf('Estimate Cost');
				expect(first.json.spendingLimit).toMatchObject({ limit: 10, withinLimit: false, reason: 'over' });
				expect(result.outputOf('Over the Limit: Nothing Created')).toHaveLength(3);
				expect(sim.stats.createAttempts).toBe(0);
			},
			RUN_TIMEOUT,
		);

		it('n8n never tried to reach a host other than this machine', () => {
			expect(outboundHosts(join(work, 'outbound.log'))).toEqual([]);
		});
	});
}
