/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * What `npm pack` ships, n8n's package scanner on it, and the guard against a hand `npm publish`.
 * Needs `npm run build`. Nothing here leaves 127.0.0.1.
 */
import { execFile } from 'child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';

const root = join(__dirname, '../..');
const pkg = require('../../package.json');
const SLOW = 180_000; // npm and ESLint on a shared machine: a generous ceiling, not an assertion

function requireBuild() {
	if (!existsSync(join(root, 'dist/nodes/Seedance/Seedance.node.js'))) throw new Error('Run `npm run build` first.');
}

/** Files under root/dir, as package-relative POSIX paths. */
function walk(dir: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
	);
}

interface Ran {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** A child process, awaited: its exit status and output, whatever the status. */
function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
	return new Promise((resolve) => {
		execFile(command, args, { cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			resolve({ status, stdout, stderr });
		});
	});
}

async function ranOk(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
	const ran = await run(command, args, env);
	if (ran.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${ran.status}: ${ran.stderr}`);
	return ran.stdout;
}

/** Every child process started, so that afterAll waits for them. */
const running: Promise<unknown>[] = [];

/** Started once, on first use; a failure is reported by the test that awaits it, not as an unhandled rejection. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
	let started: Promise<T> | undefined;
	return () => {
		if (!started) {
			started = start();
			started.catch(() => undefined);
			running.push(started);
		}
		return started;
	};
}

/**
 * What the tarball must hold, worked out from the sources as the build makes it (tsc compiles each
 * .ts of nodes/ and credentials/ to dist/, without source maps; gulp copies the icons and the codex):
 * plus the README, its screenshots and the example workflows it links to, the licence and changelog.
 */
function expectedFiles(): string[] {
	const files = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', pkg.main];
	for (const dir of ['nodes', 'credentials']) {
		for (const file of walk(dir)) {
			if (file.endsWith('.ts')) files.push(`dist/${file.replace(/\.ts$/, '.js')}`);
			else if (/\.(png|svg)$/.test(file) || (dir === 'nodes' && file.endsWith('.json'))) files.push(`dist/${file}`);
		}
	}
	files.push(...walk('examples'), ...walk('docs/screenshots'));
	return [...new Set(files)].sort();
}

/**
 * An env for children without what `npm run` and Jest pass down: npm_command, npm_config_*, and
 * NODE_ENV=test, which puts eslint-plugin-n8n-nodes-base in its own test mode (every file is then
 * taken for a node file named Test.node.ts).
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(npm_|NODE_ENV$|JEST_|RELEASE_MODE$|GITHUB_ACTIONS$|ACTIONS_ID_TOKEN_)/i.test(key)) env[key] = value;
	}
	return { ...env, ...extra };
}

/** scripts/scan-package.mjs: the scanner's own analyzePackage and rules; one JSON line per leg. */
async function scan(...dirs: string[]) {
	const ran = await run(process.execPath, [join(root, 'scripts/scan-package.mjs'), ...dirs], cleanEnv());
	const legs = ran.stdout
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line));
	return { status: ran.status, stderr: ran.stderr, legs };
}

/** The tarball `npm pack` makes, unpacked as the scanner unpacks a downloaded one, in a folder of its own, and the paths it holds. */
let work: string | undefined;
const unpackedTarball = once(async () => {
	work = mkdtempSync(join(tmpdir(), 'seedance-scan-'));
	const [report] = JSON.parse(await ranOk('npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts'], cleanEnv()));
	const unpacked = join(work, 'package');
	mkdirSync(unpacked);
	await ranOk('tar', ['-xzf', join(work, report.filename), '-C', unpacked, '--strip-components=1']);
	const files: string[] = report.files.map((f: { path: string }) => f.path).sort();
	return { unpacked, files };
});

/** The paths in the tarball. */
const packedFiles = async (): Promise<string[]> => (await unpackedTarball()).files;

/** The same tarball with a runtime dependency and a restricted global added. */
const badTarball = once(async () => {
	const { unpacked } = await unpackedTarball();
	const bad = join(unpacked, '..', 'bad');
	cpSync(unpacked, bad, { recursive: true });
	appendFileSync(join(bad, 'dist/nodes/Seedance/Seedance.node.js'), '\nsetTimeout(() => {}, 1);\n');
	const manifest = JSON.parse(readFileSync(join(bad, 'package.json'), 'utf8'));
	writeFileSync(join(bad, 'package.json'), JSON.stringify({ ...manifest, dependencies: { 'left-pad': '1.3.0' } }, null, 2));
	return bad;
});

const scanOfGood = once(async () => scan((await unpackedTarball()).unpacked, root));
const scanOfBad = once(async () => scan(await badTarball()));

// A registry on a closed local port: the guard acts before npm would reach any registry, and a
// dry run that gets past it fails nothing for want of one.
const publish = (env: Record<string, string> = {}) =>
	run('npm', ['publish', '--dry-run', '--registry', 'http://127.0.0.1:1/', '--fetch-retries', '0'], cleanEnv(env));
const publishByHand = once(() => publish());
const publishForRelease = once(() => publish({ RELEASE_MODE: 'true' }));

// npm and the scanner are child processes: started together, they use every core while this file
// waits for them, instead of running one after the other.
beforeAll(() => {
	if (!existsSync(join(root, 'dist/nodes/Seedance/Seedance.node.js'))) return;
	for (const start of [scanOfGood, scanOfBad, publishByHand, publishForRelease]) void start();
});

afterAll(async () => {
	await Promise.allSettled(running);
	if (work) rmSync(work, { recursive: true, force: true });
}, SLOW);

describe('the npm package', () => {
	it('is a community node package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-seedance');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist', 'CHANGELOG.md', 'examples', 'docs/screenshots']);
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/SeedanceApi.credentials.js'],
			nodes: ['dist/nodes/Seedance/Seedance.node.js', 'dist/nodes/SeedanceTrigger/SeedanceTrigger.node.js'],
		});
	});

	it('pins every dev dependency exactly', () => {
		const ranged = Object.entries(pkg.devDependencies as Record<string, string>).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v));
		expect(ranged).toEqual([]);
	});

	it('packs exactly the compiled node and credential, icons, codex, README with what it shows, LICENSE and CHANGELOG', async () => {
		requireBuild();
		const files = await packedFiles();
		expect(files).toEqual(expectedFiles());
		for (const path of [
			'dist/nodes/Seedance/Seedance.node.js',
			'dist/nodes/Seedance/Seedance.node.json',
			'dist/nodes/Seedance/seedance.svg',
			'dist/nodes/Seedance/seedance.dark.svg',
			'dist/nodes/SeedanceTrigger/SeedanceTrigger.node.js',
			'dist/nodes/SeedanceTrigger/SeedanceTrigger.node.json',
			'dist/nodes/SeedanceTrigger/seedance.svg',
			'dist/credentials/SeedanceApi.credentials.js',
			'package.json',
			'README.md',
			'LICENSE',
			'CHANGELOG.md',
		]) {
			expect(files).toContain(path);
		}
		for (const path of pkg.n8n.nodes.concat(pkg.n8n.credentials)) expect(files).toContain(path);
		// No source maps (their .ts sources are not shipped), no sources, no tests or dev scripts.
		expect(files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
		expect(files.filter((f) => f.startsWith('test/') || f.includes('/test/') || f.startsWith('scripts/'))).toEqual([]);
		// Nothing compiled still points at a map.
		const withMapComment = files
			.filter((f) => f.endsWith('.js'))
			.filter((f) => readFileSync(join(root, f), 'utf8').includes('sourceMappingURL'));
		expect(withMapComment).toEqual([]);
	});

	it('README links only to files the package ships', async () => {
		const files = await packedFiles();
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
			.map((m) => m[1])
			.filter((target) => !/^([a-z]+:|#)/i.test(target))
			.map((target) => posix.normalize(target.split('#')[0]).replace(/\/$/, ''));
		expect(targets.length).toBeGreaterThan(0);
		const dangling = targets.filter((t) => !files.includes(t) && !files.some((f) => f.startsWith(`${t}/`)));
		expect(dangling).toEqual([]);
	});

	it('every file n8n loads exists after the build and loads', () => {
		const { Seedance } = require(join(root, 'dist/nodes/Seedance/Seedance.node.js'));
		const { SeedanceApi } = require(join(root, 'dist/credentials/SeedanceApi.credentials.js'));
		expect(new Seedance().description.name).toBe('seedance');
		expect(new SeedanceApi().name).toBe('seedanceApi');
		const { SeedanceTrigger } = require(join(root, 'dist/nodes/SeedanceTrigger/SeedanceTrigger.node.js'));
		expect(new SeedanceTrigger().description.name).toBe('seedanceTrigger');
	});
});

describe("n8n's package scanner (@n8n/scan-community-package), offline", () => {
	it('passes its lint of the packed tarball and of the source', async () => {
		requireBuild();
		const { status, stderr, legs } = await scanOfGood();
		expect(legs.map((l) => [l.leg, l.passed, l.details])).toEqual([
			['tarball', true, undefined],
			['source', true, undefined],
		]);
		// "No files found to analyze" would pass too: the legs must have had files to lint.
		expect(legs.map((l) => l.message)).toEqual([undefined, undefined]);
		expect(legs[0].patterns).toEqual(['**/*.js', 'package.json']);
		expect(stderr).toBe('');
		expect(status).toBe(0);
	}, SLOW);

	it('fails a tarball that breaks its rules: a runtime dependency, a restricted global', async () => {
		requireBuild();
		const { status, legs } = await scanOfBad();
		expect(status).toBe(1);
		expect(legs).toHaveLength(1);
		expect(legs[0].passed).toBe(false);
		expect(legs[0].details).toContain('@n8n/community-nodes/no-runtime-dependencies');
		expect(legs[0].details).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(legs[0].details).toContain('Seedance.node.js');
	}, SLOW);
});

describe('publishing', () => {
	it('refuses `npm publish` by hand, although .npmrc turns lifecycle scripts off', async () => {
		requireBuild();
		expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
		const ran = await publishByHand();
		expect(ran.stderr).toContain('npm publish refused');
		expect(ran.status).not.toBe(0);
	}, SLOW);

	it('lets the publish workflow (RELEASE_MODE=true) through', async () => {
		requireBuild();
		const ran = await publishForRelease();
		expect(ran.stderr).not.toContain('npm publish refused');
		expect(ran.stdout).toContain(`${pkg.name}@${pkg.version}`);
		expect(ran.status).toBe(0);
	}, SLOW);

	it('the publish workflow publishes with provenance on a version tag, after build and tests', () => {
		const workflow = readFileSync(join(root, '.github/workflows/publish.yml'), 'utf8')
			.split('\n')
			.filter((line) => !line.trim().startsWith('#'))
			.join('\n');
		expect(workflow).toMatch(/tags:\s*\n\s*- '\*\.\*\.\*'/);
		expect(workflow).toMatch(/id-token: write/);
		expect(workflow).toMatch(/RELEASE_MODE: 'true'/);
		const steps = ['run: npm ci', 'run: npm run lint', 'run: npm run build', 'run: npm run test:unit', 'run: npm run test:package', 'npm publish --provenance --access public'];
		const at = steps.map((step) => workflow.indexOf(step));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});
});
