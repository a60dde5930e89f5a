/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * `npm run bench`: what the node costs on this machine. Prints numbers; asserts nothing about
 * time (machines are shared and noisy). Run alone: jest --selectProjects bench --runInBand.
 */
import { checkImageBytes } from '../../nodes/Seedance/request/images';
import { InlineFile } from '../../nodes/Seedance/request/inlineFile';
import { jsonPayload } from '../../nodes/Seedance/http/requestBody';
import { buildCreateTaskBody } from '../../nodes/Seedance/request/body';
import { simplifyTask } from '../../nodes/Seedance/output/taskView';
import { shutdownHarness } from '../harness';
import { makePng } from '../helpers/png';
import { writeInto } from '../helpers/streamedBody';
import { referenceParams, useSimulator } from '../node/setup';

const results: Array<[string, string]> = [];
const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });

function measure<T>(fn: () => T): { value: T; ms: number } {
	const start = process.hrtime.bigint();
	const value = fn();
	return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

async function measureAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const start = process.hrtime.bigint();
	const value = await fn();
	return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

afterAll(async () => {
	await shutdownHarness();
	const width = Math.max(...results.map(([name]) => name.length));
	console.log(`\nbenchmarks (node ${process.version}, ${new Date().toISOString()})\n` + results.map(([n, v]) => `  ${n.padEnd(width)}  ${v}`).join('\n'));
});

describe('benchmarks', () => {
	it('pure: a body with four 11 MB binary images (a 59 MB body, near the 64 MB cap), streamed to a request that takes every chunk', async () => {
		const image = Buffer.concat([makePng(1920, 1080), Buffer.alloc(11 * 1024 * 1024)]);
		const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external;
		const runs = 5;
		const { ms } = await measureAsync(async () => {
			for (let i = 0; i < runs; i++) {
				const images = [1, 2, 3, 4].map((n) => ({ label: `Reference image ${n}`, url: new InlineFile(`image/${checkImageBytes('x', image)}`, image.length, async () => [image]) }));
				const body = buildCreateTaskBody({ mode: 'referenceImages', model: 'doubao-seedance-1-0-lite-i2v-250428', prompt: '[Figure 1]', images, options: {} });
				const payload = jsonPayload(body);
				if (Buffer.isBuffer(payload)) throw new Error('a body with inline files is streamed');
				let written = 0;
				await writeInto(payload.open(), { write: (chunk: string | Buffer) => ((written += Buffer.byteLength(chunk)), true), end: () => undefined, once: () => undefined, removeListener: () => undefined });
				if (written !== payload.bytes) throw new Error(`${written} bytes written of ${payload.bytes}`);
			}
		});
		const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().external;
		results.push(['body with 4 × 11 MB binary images', `${(ms / runs).toFixed(0)} ms per body (${((heapAfter - heapBefore) / 1048576).toFixed(0)} MB heap growth over ${runs})`]);
	});

	it('pure: build and validate 10,000 URL bodies', () => {
		const n = 10_000;
		const { ms } = measure(() => {
			for (let i = 0; i < n; i++) {
				buildCreateTaskBody({
					mode: 'referenceImages',
					model: 'doubao-seedance-1-0-lite-i2v-250428',
					prompt: '[Figure 1] and [Figure 2] on a lawn',
					images: [1, 2].map((k) => ({ label: `Reference image ${k}`, url: `https://img.example/${i}/${k}.png` })),
					options: { resolution: '720p', duration: 5, seed: i },
				});
			}
		});
		results.push(['build + validate a URL body', `${((ms * 1000) / n).toFixed(1)} µs each`]);
	});

	it('pure: simplify 100,000 tasks', () => {
		const task = { id: 'cgt-1', status: 'succeeded', model: 'm', content: { video_url: 'u' }, created_at: 1, updated_at: 2, usage: { total_tokens: 1 } };
		const n = 100_000;
		const { ms } = measure(() => {
			for (let i = 0; i < n; i++) simplifyTask(task);
		});
		results.push(['simplify a task', `${((ms * 1000) / n).toFixed(2)} µs each`]);
	});

	it("n8n's real execution path: 200 items → 200 tasks on 127.0.0.1", async () => {
		await env.run(referenceParams()); // warm up
		env.sim.reset();
		const n = 200;
		const { ms, value } = await measureAsync(async () => await env.run(referenceParams(), { inputItems: Array.from({ length: n }, (_, i) => ({ json: { i } })) }));
		results.push(['create, per item (n8n + HTTP on loopback)', `${(ms / n).toFixed(2)} ms per item, ${value.items.length} items, ${env.sim.stats.created} tasks`]);
	}, 120_000);

	it('generate, wait (3 polls) and download, 20 items', async () => {
		const n = 20;
		const { ms } = await measureAsync(
			async () =>
				await env.run(
					{ ...referenceParams(), waitForCompletion: true, downloadVideo: true, options: { pollInterval: 0.01 } },
					{ inputItems: Array.from({ length: n }, (_, i) => ({ json: { i } })) },
				),
		);
		results.push(['generate + wait + download, per item', `${(ms / n).toFixed(1)} ms per item (poll interval 10 ms)`]);
	}, 120_000);
});
