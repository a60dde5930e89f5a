/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The node in n8n 2.x's editor, in a real (headless) Chromium: `n8n start` on 127.0.0.1 with the packed
 * node installed as a community package, an owner made through the REST API, a credential and
 * workflows made through the REST API; then the browser signs in, opens the node's form, runs the
 * credential test from the credential modal (against the simulator: right key, wrong key), and runs
 * a workflow. Screenshots: test-results/screenshots/, or docs/screenshots/ (the README's) with
 * SEEDANCE_UPDATE_SCREENSHOTS=1.
 *
 * The browser: CHROMIUM_PATH, else a system Chrome/Chromium, else the one the dev dependency
 * @sparticuz/chromium ships (Linux x64); see scripts/chromium.js. Never a download.
 * The browser may only talk to 127.0.0.1: anything else is aborted and fails the last test.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { findChromium } from '../../scripts/chromium';
import * as lib from '../../scripts/e2e-lib';
import { startSimulator, type Simulator } from '../simulator';
import { outboundHosts, recordOutbound, versionEnabled } from './cli-suite';

// The README's screenshots are refreshed on request (SEEDANCE_UPDATE_SCREENSHOTS=1), so a test run
// doesn't change tracked files; otherwise they go to test-results/ (ignored by git).
const SCREENSHOTS = process.env.SEEDANCE_UPDATE_SCREENSHOTS
	? join(lib.ROOT, 'docs', 'screenshots')
	: join(lib.ROOT, 'test-results', 'screenshots');
const API_KEY = 'sk-e2e-editor-51c0';
const OWNER = { email: 'owner@seedance-e2e.test', password: 'Seedance-e2e-1', firstName: 'Ada', lastName: 'Owner' };
const UI_TIMEOUT = 60_000;

const describeIf = versionEnabled(2) ? describe : describe.skip;

describeIf('n8n 2.x editor in Chromium', () => {
	let sim: Simulator;
	let n8n: lib.N8nServer | undefined;
	let work: string;
	let rest: lib.N8nRest;
	let browser: Browser | undefined;
	let context: BrowserContext;
	let page: Page;
	let credential: { id: string; name: string };
	const workflowIds: Record<string, string> = {};
	const workflowNames: string[] = [];
	const external: string[] = [];

	beforeAll(async () => {
		// First, so that a machine without a browser learns it at once, with the command that fixes it.
		const browserBinary = findChromium();
		process.stderr.write(`[e2e editor] Chromium: ${browserBinary.executablePath} (${browserBinary.source})\n`);
		const started = Date.now();
		const install = await lib.installN8n(2, { log: (text) => process.stderr.write(text) });
		await lib.ensureBuilt();
		const tgz = await lib.packPackage();
		work = mkdtempSync(join(tmpdir(), 'seedance-e2e-editor-'));
		const userFolder = join(work, 'user');
		await lib.installPackage(userFolder, tgz);

		// A task is done at its first look, so a run in the editor takes a moment.
		sim = await startSimulator({ apiKeys: [API_KEY], progress: 'polls', queuedPolls: 0, runningPolls: 0 });
		const env = lib.n8nEnv(install, userFolder, recordOutbound(join(work, 'outbound.log')));
		n8n = await lib.startN8n(install, env, { port: await lib.freePort(), logFile: join(work, 'n8n.log') });
		process.stderr.write(`[e2e editor] n8n ${install.version} ready at ${n8n.url} after ${Math.round((Date.now() - started) / 1000)} s\n`);

		const setup = new lib.N8nRest(n8n.url);
		expect(await setup.needsOwnerSetup()).toBe(true);
		await setup.setupOwner(OWNER);
		rest = new lib.N8nRest(n8n.url);
		const me = await rest.login(OWNER.email, OWNER.password);
		expect(me.email).toBe(OWNER.email);

		const created = await rest.post('/rest/credentials', {
			name: 'Seedance (simulator)',
			type: lib.CREDENTIAL_TYPE,
			data: { apiKey: API_KEY, provider: 'custom', baseUrl: sim.chainhubUrl },
		});
		credential = { id: created.id, name: created.name };
		const examples = lib.loadExamples();
		for (const key of ['generate-from-reference-images', 'generate-wait-download', 'image-to-video']) {
			const { name, nodes, connections, settings } = lib.withCredential(examples[key], credential);
			const workflow = await rest.post('/rest/workflows', { name, nodes, connections, settings, active: false });
			workflowIds[key] = workflow.id;
			workflowNames.push(name);
		}

		browser = await chromium.launch({
			executablePath: browserBinary.executablePath,
			env: { ...process.env, ...browserBinary.env },
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
		await context.route('**/*', async (route) => {
			const url = new URL(route.request().url());
			if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return await route.continue();
			external.push(url.href);
			return await route.abort();
		});
		page = await context.newPage();
		mkdirSync(SCREENSHOTS, { recursive: true });
	}, 30 * 60_000);

	afterAll(async () => {
		if (browser) await browser.close();
		if (n8n) await n8n.stop();
		if (sim) await sim.close();
		if (work && !process.env.SEEDANCE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
		else if (work) process.stderr.write(`[e2e editor] kept ${work}\n`);
	});

	const ndv = () => page.locator('[data-test-id="ndv"]');
	const seedanceOnCanvas = () => page.locator('[data-test-id="canvas-node"][data-node-name="Seedance"]');
	const modal = () => page.locator('[data-test-id="editCredential-modal"]');

	async function openWorkflow(id: string) {
		await page.goto(`${n8n!.url}/workflow/${id}`);
		await seedanceOnCanvas().waitFor({ timeout: UI_TIMEOUT });
	}

	it(
		'signs in on the login page',
		async () => {
			await page.goto(`${n8n!.url}/signin`);
			await page.fill('input[name="emailOrLdapLoginId"]', OWNER.email);
			await page.fill('input[name="password"]', OWNER.password);
			await page.click('[data-test-id="form-submit-button"]');
			await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: UI_TIMEOUT });
		},
		UI_TIMEOUT * 2,
	);

	it(
		'lists the workflows at /home/workflows, the address `npm start` prints (2.x signs in to its Assistant page)',
		async () => {
			await page.goto(`${n8n!.url}/home/workflows`);
			for (const name of workflowNames) await page.getByText(name, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
		},
		UI_TIMEOUT * 2,
	);

	it(
		'loads the node from the community package, with its icon, and shows Model, Prompt, Reference Images and Options',
		async () => {
			await openWorkflow(workflowIds['generate-from-reference-images']);
			expect(await seedanceOnCanvas().getAttribute('data-node-type')).toBe(lib.NODE_TYPE);
			// The icon is an <img> served by n8n from the package; it must have loaded.
			const icon = seedanceOnCanvas().locator('img').first();
			await icon.waitFor({ timeout: UI_TIMEOUT });
			expect(await icon.getAttribute('src')).toMatch(/seedance/i);
			await page.waitForFunction((el: any) => el.complete && el.naturalWidth > 0, await icon.elementHandle(), {
				timeout: UI_TIMEOUT,
			});

			await page.setViewportSize({ width: 1440, height: 1400 });
			await seedanceOnCanvas().dblclick();
			await ndv().waitFor({ timeout: UI_TIMEOUT });
			for (const label of ['Credential', 'Resource', 'Operation', 'Model', 'Prompt', 'Reference Images', 'Wait for Completion', 'Options']) {
				const text = ndv().getByText(label, { exact: true }).first();
				await text.scrollIntoViewIfNeeded();
				await text.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			}
			expect(await ndv().locator('[data-test-id="node-credentials-select"] input').first().inputValue()).toBe(credential.name);
			expect(await ndv().locator('[data-test-id="parameter-input-operation"] input').first().inputValue()).toBe('Generate From Reference Images');
			expect(await ndv().locator('[data-test-id="parameter-input-prompt"] textarea').first().inputValue()).toMatch(/^\[Figure 1\] A boy/);
			expect(await ndv().locator('[data-test-id="parameter-input-url"] input').count()).toBe(3);
			// The model field: "From list" with the cached name; opening it runs the node's listSearch method.
			const model = ndv().locator('[data-test-id="parameter-input-model"]');
			expect(await model.locator('[data-test-id="rlc-input"] input, input[data-test-id="rlc-input"]').first().inputValue()).toBe(
				'Seedance 1.0 Lite (image to video)',
			);
			const listed = page.waitForResponse((r) => r.url().includes('/rest/dynamic-node-parameters/resource-locator-results'), { timeout: UI_TIMEOUT });
			await model.locator('[data-test-id="rlc-input"]').first().click();
			const answer = await (await listed).json();
			expect(answer.data.results).toContainEqual({ name: 'Seedance 1.0 Lite (image to video)', value: 'doubao-seedance-1-0-lite-i2v-250428' });
			const item = page.locator('[data-test-id="rlc-item"]').filter({ hasText: 'Seedance 1.0 Lite (image to video)' }).first();
			await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await item.click(); // the same model again: closes the list
			await item.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
			await ndv().locator('[data-test-id="node-parameters"]').evaluate((el) => el.scrollTo(0, 0));
			await page.evaluate(() => (globalThis as any).document.activeElement?.blur()); // no focus or hover effects on the form
			await page.mouse.move(1300, 1200);
			await page.screenshot({ path: join(SCREENSHOTS, 'node-form.png') });
		},
		UI_TIMEOUT * 3,
	);

	it(
		'the credential modal tests the connection: it succeeds against the simulator and fails with a wrong key',
		async () => {
			await page.setViewportSize({ width: 1440, height: 1000 });
			const lists = () => sim.requests.filter((r) => r.route === 'list');
			sim.reset();
			// n8n tests a saved credential as soon as its modal opens.
			await ndv().locator('[data-test-id="credential-edit-button"]').click();
			await modal().waitFor({ timeout: UI_TIMEOUT });
			await modal().locator('[data-test-id="credentials-config-container-test-success"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expect(await modal().innerText()).toMatch(/Connection tested successfully/);
			expect(lists().length).toBeGreaterThanOrEqual(1);
			expect(lists().every((r) => r.auth === 'valid' && r.path === '/volc/v1/contents/generations/tasks')).toBe(true);
			expect(lists()[0].query).toMatchObject({ page_num: '1', page_size: '1' });
			expect(sim.stats.created).toBe(0);

			sim.reset();
			const apiKey = modal().locator('[data-test-id="parameter-input-apiKey"] input').first();
			await apiKey.fill('sk-this-key-is-wrong');
			await modal().locator('[data-test-id="credential-save-button"]').click();
			await modal().getByText(/Couldn.t connect with these settings/).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expect(lists().length).toBeGreaterThanOrEqual(1);
			expect(lists().every((r) => r.auth === 'invalid')).toBe(true);

			sim.reset();
			await apiKey.fill(API_KEY);
			await modal().locator('[data-test-id="credential-save-button"]').click();
			await modal().locator('[data-test-id="credentials-config-container-test-success"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expect(lists().every((r) => r.auth === 'valid')).toBe(true);
			await page.keyboard.press('Escape');
			await modal().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
		},
		UI_TIMEOUT * 3,
	);

	it(
		'runs "generate, wait, download" from the editor: the output shows the finished task and the MP4',
		async () => {
			sim.reset();
			await openWorkflow(workflowIds['generate-wait-download']);
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			await seedanceOnCanvas().locator('[data-test-id="canvas-node-status-mark-success"]').waitFor({ timeout: UI_TIMEOUT });

			const [task] = [...sim.tasks.values()];
			expect(task).toMatchObject({ status: 'succeeded', model: 'doubao-seedance-1-0-lite-t2v-250428' });
			expect(sim.requests.filter((r) => r.route === 'file').map((r) => r.path)).toEqual([`/files/${task.id}.mp4`]);

			await seedanceOnCanvas().dblclick();
			const output = ndv().locator('[data-test-id="output-panel"]');
			await output.waitFor({ timeout: UI_TIMEOUT });
			await output.locator('[data-test-id="node-run-status-success"]').waitFor({ timeout: UI_TIMEOUT });
			await output.locator('[data-test-id="radio-button-binary"]').click();
			const binary = output.locator('[data-test-id="ndv-binary-data_0"]');
			await binary.waitFor({ timeout: UI_TIMEOUT });
			const binaryText = await binary.innerText();
			expect(binaryText).toContain(`${task.id}.mp4`);
			expect(binaryText).toContain('video/mp4');

			await output.locator('[data-test-id="radio-button-json"]').click();
			await output.getByText(task.id).first().waitFor({ timeout: UI_TIMEOUT });
			const jsonText = await output.innerText();
			expect(jsonText).toMatch(/"status":\s*"succeeded"/);
			expect(jsonText).toContain(`/files/${task.id}.mp4`);
			await page.screenshot({ path: join(SCREENSHOTS, 'run-result.png') });

			// the same execution, as n8n stored it
			const executions = await rest.get(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflowIds['generate-wait-download'] }))}`);
			const list = Array.isArray(executions) ? executions : executions.results;
			expect(list.map((e: { status: string }) => e.status)).toEqual(['success']);
		},
		UI_TIMEOUT * 3,
	);

	it(
		'shows the Image → Generate form (Seedream): Model from its own list, Prompt, Reference Images, Size, Aspect Ratio, Max Images, Options',
		async () => {
			const seedream = page.locator('[data-test-id="canvas-node"][data-node-name="Seedream: First Frame"]');
			await page.goto(`${n8n!.url}/workflow/${workflowIds['image-to-video']}`);
			await seedream.waitFor({ timeout: UI_TIMEOUT });
			await page.setViewportSize({ width: 1440, height: 1400 });
			await seedream.dblclick();
			await ndv().waitFor({ timeout: UI_TIMEOUT });
			for (const label of ['Resource', 'Operation', 'Model', 'Prompt', 'Reference Images', 'Size', 'Aspect Ratio', 'Max Images', 'Options']) {
				const text = ndv().getByText(label, { exact: true }).first();
				await text.scrollIntoViewIfNeeded();
				await text.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			}
			expect(await ndv().locator('[data-test-id="parameter-input-resource"] input').first().inputValue()).toBe('Image');
			expect(await ndv().locator('[data-test-id="parameter-input-operation"] input').first().inputValue()).toBe('Generate');
			expect(await ndv().locator('[data-test-id="parameter-input-size"] input').first().inputValue()).toBe('2K (All Models)');
			expect(await ndv().locator('[data-test-id="parameter-input-aspectRatio"] input').first().inputValue()).toBe('16:9');
			const model = ndv().locator('[data-test-id="parameter-input-model"]');
			const listed = page.waitForResponse((r) => r.url().includes('/rest/dynamic-node-parameters/resource-locator-results'), { timeout: UI_TIMEOUT });
			await model.locator('[data-test-id="rlc-input"]').first().click();
			const answer = await (await listed).json();
			expect(answer.data.results.map((r: { name: string }) => r.name)).toEqual([
				'Seedream 5.0 Flash',
				'Seedream 5.0 Pro',
				'Seedream 5.0 Lite',
				'Seedream 4.5',
				'Seedream 4.0',
			]);
			const item = page.locator('[data-test-id="rlc-item"]').filter({ hasText: 'Seedream 5.0 Lite' }).first();
			await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await item.click();
			await item.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
			await ndv().locator('[data-test-id="node-parameters"]').evaluate((el) => el.scrollTo(0, 0));
			await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
			await page.mouse.move(1300, 1200);
			await page.screenshot({ path: join(SCREENSHOTS, 'image-form.png') });
			expect(sim.stats.imageRequests).toBe(0);
		},
		UI_TIMEOUT * 3,
	);

	it('neither the browser nor n8n tried to reach anything but this machine', () => {
		expect(external).toEqual([]);
		expect(outboundHosts(join(work, 'outbound.log'))).toEqual([]);
	});
});
